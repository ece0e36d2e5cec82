import { nodeHash } from './tlog.js';

/**
 * Where the tree's nodes live and how proofs are cut from them (RFC 9162 section 2.1), apart from
 * any storage. Every perfect subtree is stored once, in the order it completes as leaves are added:
 * leaf n, then the subtrees leaf n closes (as in Go's tlog), so the store only ever appends.
 */

/** Hashes stored for a tree of `size` leaves: one per leaf plus one per completed interior node. */
export const storedCount = (size: number): number => 2 * size - popcount(size);

function popcount(n: number): number {
  // Two 32-bit halves: sizes go past 2^32 in principle, and bit operators stop at 32 bits.
  return bits32(n % 2 ** 32) + bits32(Math.floor(n / 2 ** 32));
}

function bits32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
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

/**
 * Hashes of the subtrees [lo, size) of one tree size, by lo. Splitting a range at a power of two
 * leaves a perfect left part, so the only subtrees that are not perfect (the ones that cost hashing)
 * end at the tree's size: the same few for every proof at that size, worth keeping between proofs.
 */
export interface EdgeHashes {
  size: number;
  readonly byStart: Map<number, Buffer>;
}

/** MTH(D[lo:hi]): one read for a perfect aligned subtree, else the RFC's split, recursively. */
export function subtreeHash(node: NodeReader, lo: number, hi: number, edge?: EdgeHashes): Buffer {
  const n = hi - lo;
  const level = Math.log2(n);
  if (Number.isInteger(level) && lo % n === 0) return node(level, lo / n);
  const known = edge?.size === hi ? edge.byStart.get(lo) : undefined;
  if (known) return known;
  const k = splitPoint(n);
  const hash = nodeHash(subtreeHash(node, lo, lo + k), subtreeHash(node, lo + k, hi, edge));
  if (edge?.size === hi) edge.byStart.set(lo, hash);
  return hash;
}

/** PATH(m, D[lo:hi]) of RFC 9162 section 2.1.3.1, deepest sibling first. */
export function inclusionPath(
  node: NodeReader,
  m: number,
  lo: number,
  hi: number,
  edge?: EdgeHashes,
): Buffer[] {
  if (hi - lo === 1) return [];
  const k = splitPoint(hi - lo);
  return m < k
    ? [...inclusionPath(node, m, lo, lo + k), subtreeHash(node, lo + k, hi, edge)]
    : [...inclusionPath(node, m - k, lo + k, hi, edge), subtreeHash(node, lo, lo + k)];
}

/** SUBPROOF(m, D[lo:hi], b) of RFC 9162 section 2.1.4.1; PROOF(m, D[n]) is (m, 0, n, true). */
export function consistencyPath(
  node: NodeReader,
  m: number,
  lo: number,
  hi: number,
  whole: boolean,
  edge?: EdgeHashes,
): Buffer[] {
  if (m === hi - lo) return whole ? [] : [subtreeHash(node, lo, hi, edge)];
  const k = splitPoint(hi - lo);
  return m <= k
    ? [...consistencyPath(node, m, lo, lo + k, whole), subtreeHash(node, lo + k, hi, edge)]
    : [...consistencyPath(node, m - k, lo + k, hi, false, edge), subtreeHash(node, lo, lo + k)];
}
