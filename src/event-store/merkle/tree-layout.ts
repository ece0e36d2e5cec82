import { nodeHash } from './tlog.js';

/**
 * Where the tree's nodes live and how proofs are cut from them (RFC 9162 section 2.1), apart from
 * any storage. Every perfect subtree is stored once, in the order it completes as leaves are added:
 * leaf n, then the subtrees leaf n closes (as in Go's tlog), so the store only ever appends.
 */

/** Hashes stored for a tree of `size` leaves: one per leaf plus one per completed interior node. */
export const storedCount = (size: number): number => 2 * size - popcount(size);

function popcount(n: number): number {
  let bits = 0;
  for (; n > 0; n = Math.floor(n / 2)) bits += n % 2;
  return bits;
}

/**
 * Where the node of `level` covering leaves [index * 2^level, (index + 1) * 2^level) is stored: it is
 * completed by its last leaf, right after that leaf and the `level - 1` nodes below it.
 */
export const storedIndex = (level: number, index: number): number =>
  storedCount((index + 1) * 2 ** level - 1) + level;

/** The tree size whose stored hashes number `count` (counts between two sizes round down). */
export function sizeForCount(count: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (storedCount(mid) <= count) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The largest power of two strictly below n (n >= 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Reads the stored hash of a perfect subtree. */
export type NodeReader = (level: number, index: number) => Buffer;

/** MTH(D[lo:hi]): one read for a perfect aligned subtree, else the RFC's split, recursively. */
export function subtreeHash(node: NodeReader, lo: number, hi: number): Buffer {
  const n = hi - lo;
  const level = Math.log2(n);
  if (Number.isInteger(level) && lo % n === 0) return node(level, lo / n);
  const k = splitPoint(n);
  return nodeHash(subtreeHash(node, lo, lo + k), subtreeHash(node, lo + k, hi));
}

/** PATH(m, D[lo:hi]) of RFC 9162 section 2.1.3.1, deepest sibling first. */
export function inclusionPath(node: NodeReader, m: number, lo: number, hi: number): Buffer[] {
  if (hi - lo === 1) return [];
  const k = splitPoint(hi - lo);
  return m < k
    ? [...inclusionPath(node, m, lo, lo + k), subtreeHash(node, lo + k, hi)]
    : [...inclusionPath(node, m - k, lo + k, hi), subtreeHash(node, lo, lo + k)];
}

/** SUBPROOF(m, D[lo:hi], b) of RFC 9162 section 2.1.4.1; PROOF(m, D[n]) is (m, 0, n, true). */
export function consistencyPath(
  node: NodeReader,
  m: number,
  lo: number,
  hi: number,
  whole: boolean,
): Buffer[] {
  if (m === hi - lo) return whole ? [] : [subtreeHash(node, lo, hi)];
  const k = splitPoint(hi - lo);
  return m <= k
    ? [...consistencyPath(node, m, lo, lo + k, whole), subtreeHash(node, lo + k, hi)]
    : [...consistencyPath(node, m - k, lo + k, hi, false), subtreeHash(node, lo, lo + k)];
}
