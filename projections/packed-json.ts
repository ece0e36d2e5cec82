import { constants, inflateRawSync, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import type { JsonObject } from '../src/common/json.js';

/** The first bytes of every zstd frame; a raw deflate stream never starts with them. */
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

const isZstd = (bytes: Uint8Array): boolean => ZSTD_MAGIC.every((b, i) => bytes[i] === b);

/**
 * A whole record state as stored beside narrow columns (a checkpoint, a current state read only for
 * the rows of a page): its JSON compressed, about half the text. zstd at level 1: a rebuild writes
 * one per task per batch and one per checkpoint, and for states of a few KiB zlib's deflate spent
 * about twice as long per call (most of it setting up, not compressing; bench/scale.ts profile).
 */
export const packJson = (value: JsonObject): Uint8Array => {
  const text = Buffer.from(JSON.stringify(value));
  return zstdCompressSync(text, {
    pledgedSrcSize: text.length,
    params: { [constants.ZSTD_c_compressionLevel]: 1 },
  });
};

/** Reads both what `packJson` writes and the raw deflate of read models written before it. */
export const unpackJson = <T extends JsonObject = JsonObject>(bytes: Uint8Array): T =>
  JSON.parse(
    (isZstd(bytes) ? zstdDecompressSync(bytes) : inflateRawSync(bytes)).toString('utf8'),
  ) as T;
