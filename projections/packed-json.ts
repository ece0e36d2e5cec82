import { constants, inflateRawSync, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import type { JsonObject } from '../src/common/json.js';

/** The first bytes of every zstd frame; a raw deflate stream never starts with them. */
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** zlib's smallest output chunk. */
const MIN_CHUNK = 64;

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
    // The output buffer is allocated per call, by default far larger than a state's few KiB: one
    // the size of the text (compressed is smaller; a larger result just takes a second chunk)
    // halved the call's cost (bench:rebuild profile).
    chunkSize: Math.max(MIN_CHUNK, text.length),
    params: { [constants.ZSTD_c_compressionLevel]: 1 },
  });
};

/** Reads both what `packJson` writes and the raw deflate of read models written before it. */
export const unpackJson = <T extends JsonObject = JsonObject>(bytes: Uint8Array): T =>
  JSON.parse(
    (isZstd(bytes)
      ? // States pack to about a third of their JSON: four times the packed size is one output chunk.
        zstdDecompressSync(bytes, { chunkSize: Math.max(MIN_CHUNK, bytes.length * 4) })
      : inflateRawSync(bytes)
    ).toString('utf8'),
  ) as T;
