/**
 * Hashing for checking downloads and proofs in the browser. `crypto.subtle` exists only in secure
 * contexts (https, localhost); a console opened over plain http on an office network has none, so
 * the server's own small SHA-256 (FIPS 180-4, src/common/sha256.ts) is used there.
 */
import { sha256 } from '../../../src/common/sha256';

export { sha256 };

export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** SHA-256 as hex, with the browser's own digest where it has one. */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  if (globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
    return toHex(new Uint8Array(digest));
  }
  return toHex(sha256(data));
}

/** RFC 9162: leaf = SHA-256(0x00 || event hash bytes). */
export const leafHashOf = (eventHashHex: string): Uint8Array =>
  sha256([new Uint8Array([0]), fromHex(eventHashHex)]);

/**
 * RFC 9162 section 2.1.3.2, as src/event-store/merkle/tlog.ts does it: the root the audit path
 * leads to from the leaf at `index` of a tree of `size`, or null when the path cannot fit.
 */
export function rootFromInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
): Uint8Array | null {
  if (!(index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  const node = (l: Uint8Array, rr: Uint8Array) => sha256([new Uint8Array([1]), l, rr]);
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = node(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}
