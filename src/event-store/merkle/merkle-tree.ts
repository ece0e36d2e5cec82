import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { BadInputError } from '../../common/errors.js';
import { EMPTY_ROOT, TreeBuilder } from './tlog.js';
import {
  consistencyPath,
  inclusionPath,
  sizeForCount,
  storedCount,
  storedIndex,
  subtreeHash,
  type NodeReader,
} from './tree-layout.js';

/**
 * The ledger's Merkle tree kept in a SQLite file: every perfect subtree's hash under an integer key
 * that only grows (see tree-layout.ts), so an append writes two rows on average, at the end of the
 * table, and the rows are all a proof ever reads. Writes go into whatever transaction the caller has
 * open: the embedded store appends leaves in the transaction that appends their events.
 */
export const MERKLE_SCHEMA = `
CREATE TABLE IF NOT EXISTS merkle_hashes (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);`;

/**
 * Nodes at this level and above (subtrees of 1,024 leaves or more) are kept in memory once read or
 * written: about 2n/1024 of them (20,000, under a megabyte, at 10^7 events). A proof then reads
 * from the file only the nodes inside one 1,024-leaf block, which are stored next to each other,
 * instead of some forty rows scattered over a gigabyte.
 */
const CACHED_LEVEL = 10;

export class MerkleTree {
  private builder = new TreeBuilder();
  private readonly stmt: { insert: StatementSync; get: StatementSync; count: StatementSync };
  private readonly upper = new Map<number, Buffer>();
  readonly node: NodeReader = (level, index) => {
    const id = storedIndex(level, index);
    const cached = this.upper.get(id);
    if (cached) return cached;
    const row = this.stmt.get.get(id) as { hash: Uint8Array } | undefined;
    if (!row) throw new Error(`Merkle node ${level}/${index} is missing from the store`);
    const hash = Buffer.from(row.hash);
    if (level >= CACHED_LEVEL) this.upper.set(id, hash);
    return hash;
  };

  constructor(db: DatabaseSync) {
    db.exec(MERKLE_SCHEMA);
    this.stmt = {
      insert: db.prepare('INSERT INTO merkle_hashes (id, hash) VALUES (?, ?)'),
      get: db.prepare('SELECT hash FROM merkle_hashes WHERE id = ?'),
      count: db.prepare('SELECT COALESCE(MAX(id) + 1, 0) AS n FROM merkle_hashes'),
    };
    this.reload();
  }

  get size(): number {
    return this.builder.size;
  }

  /** Rereads the tree's edge from the file: at start, and after a rolled-back transaction. */
  reload(): void {
    // What a rolled-back transaction wrote is gone from the file; forget it here too.
    this.upper.clear();
    const size = sizeForCount((this.stmt.count.get() as { n: number }).n);
    const peaks: Buffer[] = [];
    for (let lo = 0, rest = size; rest > 0;) {
      let leaves = 1;
      while (leaves * 2 <= rest) leaves *= 2;
      peaks.push(this.node(Math.log2(leaves), lo / leaves));
      lo += leaves;
      rest -= leaves;
    }
    this.builder = TreeBuilder.resume(size, peaks);
  }

  /** Adds leaf hashes (RFC 9162 leaf hashes, already prefixed) inside the caller's transaction. */
  append(leafHashes: readonly Buffer[]): void {
    for (const leaf of leafHashes) {
      let id = storedCount(this.builder.size);
      this.stmt.insert.run(id++, leaf);
      for (const node of this.builder.push(leaf)) this.stmt.insert.run(id++, node);
    }
  }

  root(size = this.size): Buffer {
    this.checkSize(size);
    if (size === this.builder.size) return this.builder.root();
    return size === 0 ? EMPTY_ROOT : subtreeHash(this.node, 0, size);
  }

  leafHash(index: number): Buffer {
    this.checkIndex(index, this.size);
    return this.node(0, index);
  }

  inclusionProof(index: number, size: number): Buffer[] {
    this.checkSize(size);
    this.checkIndex(index, size);
    return inclusionPath(this.node, index, 0, size);
  }

  consistencyProof(size1: number, size2: number): Buffer[] {
    this.checkSize(size2);
    if (!Number.isSafeInteger(size1) || size1 < 0 || size1 > size2) {
      throw new BadInputError(
        `树大小 ${size1} 须在 0 到 ${size2} 之间`,
        `the first tree size ${size1} must be between 0 and ${size2}`,
        { field: 'fromSize' },
      );
    }
    return size1 === 0 || size1 === size2 ? [] : consistencyPath(this.node, size1, 0, size2, true);
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new BadInputError(
        `树大小 ${size} 无效：账本当前有 ${this.size} 条`,
        `tree size ${size} is invalid: the ledger holds ${this.size} entries`,
        { field: 'treeSize' },
      );
    }
  }

  private checkIndex(index: number, size: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new BadInputError(
        `叶序号 ${index} 不在大小为 ${size} 的树中`,
        `leaf index ${index} is not in the tree of size ${size}`,
        { field: 'leafIndex' },
      );
    }
  }
}
