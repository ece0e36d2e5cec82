import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { BadInputError } from '../../common/errors.js';
import { EMPTY_ROOT, TreeBuilder } from './tlog.js';
import { treeNodeHash } from './tree-hashes.js';
import {
  consistencyPath,
  inclusionPath,
  sizeForCount,
  storedCount,
  storedIndex,
  subtreeHash,
  type EdgeHashes,
  type NodeReader,
} from './tree-layout.js';

/**
 * The ledger's Merkle tree kept in a SQLite file: every perfect subtree's hash under an integer key
 * that only grows (see tree-layout.ts), so an append writes two rows on average, at the end of the
 * table. Writes go into whatever transaction the caller has open: the embedded store appends leaves
 * in the transaction that appends their events.
 *
 * The embedded store keeps the hashes an event's append adds in the event's own row instead
 * (`events.tree`: its leaf hash, then the subtrees it closes, lowest first: the same hashes, in the
 * same order, as their rows would have). A durable append then writes no page of its own for the
 * tree: a separate table cost one more page in every commit, which on a single writer cost a
 * tenth of its rate. Events written without it (before this layout, or backfilled after a store
 * was opened without the tree) keep their hashes in rows; a node is read from its event's row when
 * that has them, else from the rows.
 *
 * Beside the rows, every full tile (C2SP tlog-tiles: a subtree of 2^height leaves, 256 by default)
 * is written once, when its last leaf is appended, as one blob of all its 2 * 256 - 1 node hashes in
 * stored order (its rows are consecutive ids). A full tile never changes, so it is cached in memory
 * without invalidation, and a proof reads one blob for the nodes inside its leaf's tile instead of a
 * row per level. Rows stay the record (the edge is resumed from them, and stores written before
 * tiles have only rows): a tile is a copy, filled in by `fillTiles` where missing.
 */
export const MERKLE_SCHEMA = `
CREATE TABLE IF NOT EXISTS merkle_hashes (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS merkle_tiles (id INTEGER PRIMARY KEY, hashes BLOB NOT NULL);`;

const HASH = 32;
/** Rows a multi-row INSERT writes at once: one statement call instead of one per row. */
const INSERT_CHUNK = 32;
/** Full tiles kept in memory (16 KiB each at height 8): a proof's tile, and `verify` reading leaves in order. */
const TILE_CACHE = 256;

export interface MerkleTreeOptions {
  /** Levels in a tile: tiles of 2^tileHeight leaves. 8 as in C2SP tlog-tiles; tests use less. */
  readonly tileHeight?: number;
}

/** Whether the file is an embedded store's whose events carry their tree hashes (`events.tree`). */
export const carriesTree = (db: DatabaseSync): boolean =>
  (db.prepare("SELECT name FROM pragma_table_info('events')").all() as { name: string }[]).some(
    (c) => c.name === 'tree',
  );

/** A node the tree's size needs is not in the file: rows or events were deleted or replaced by hand. */
export class MissingNodeError extends Error {
  override name = 'MissingNodeError';
}

export class MerkleTree {
  private builder = new TreeBuilder(treeNodeHash);
  /**
   * Why the stored tree cannot be resumed (a node its edge needs is missing), or undefined. A
   * damaged tree takes no leaves and proves nothing; `verify` compares what nodes are left with the
   * events and says where they part.
   */
  damage?: string;
  /** The size the file claims while damaged. */
  private claimedSize = 0;
  /** Leaves whose hashes are rows of merkle_hashes (older layout, or backfilled): read there first. */
  private rowsSize = 0;
  private readonly stmt: {
    insert: StatementSync;
    insertChunk: StatementSync;
    get: StatementSync;
    count: StatementSync;
    range: StatementSync;
    concat: StatementSync;
    tile: StatementSync;
    insertTile: StatementSync;
    tileCount: StatementSync;
    eventNodes?: StatementSync;
    eventRange?: StatementSync;
    lastEvent?: StatementSync;
  };
  private readonly tileHeight: number;
  private readonly tileLeaves: number;
  /** Nodes at the tiles' top level and above, once read or written: about 2n / 2^height of them. */
  private readonly upper = new Map<number, Buffer>();
  private readonly tiles = new Map<number, Buffer>();
  /** Tiles 0 .. storedTiles - 1 are in merkle_tiles; a later one is written only after them. */
  private storedTiles = 0;
  /** Subtrees ending at the size of the last proof (see EdgeHashes); stored nodes never change. */
  private readonly edge: EdgeHashes = { size: -1, byStart: new Map() };
  /** The node hashes of the tile being filled, in stored order. */
  private partial: Buffer[] = [];

  readonly node: NodeReader = (level, index) => {
    const id = storedIndex(level, index);
    if (level >= this.tileHeight) {
      const cached = this.upper.get(id);
      if (cached) return cached;
    }
    const tile = level <= this.tileHeight ? Math.floor(index / 2 ** (this.tileHeight - level)) : -1;
    const hash =
      tile >= 0 && tile < this.storedTiles ? this.fromTile(tile, id) : this.row(id, level, index);
    if (level < this.tileHeight) return hash;
    // A tile's root is a view into the tile's 16 KiB: kept on its own, not holding the tile.
    const own = Buffer.from(hash);
    this.upper.set(id, own);
    return own;
  };

  constructor(db: DatabaseSync, options: MerkleTreeOptions = {}) {
    db.exec(MERKLE_SCHEMA);
    this.tileHeight = options.tileHeight ?? 8;
    this.tileLeaves = 2 ** this.tileHeight;
    const rows = Array.from({ length: INSERT_CHUNK }, () => '(?, ?)').join(', ');
    this.stmt = {
      insert: db.prepare('INSERT INTO merkle_hashes (id, hash) VALUES (?, ?)'),
      insertChunk: db.prepare(`INSERT INTO merkle_hashes (id, hash) VALUES ${rows}`),
      get: db.prepare('SELECT hash FROM merkle_hashes WHERE id = ?'),
      count: db.prepare('SELECT COALESCE(MAX(id) + 1, 0) AS n FROM merkle_hashes'),
      range: db.prepare('SELECT hash FROM merkle_hashes WHERE id >= ? AND id < ? ORDER BY id'),
      // Concatenated by SQLite: one row per tile instead of 511 (group_concat keeps a blob's bytes).
      concat: db.prepare(
        "SELECT CAST(group_concat(hash, '' ORDER BY id) AS BLOB) AS hashes FROM merkle_hashes WHERE id >= ? AND id < ?",
      ),
      tile: db.prepare('SELECT hashes FROM merkle_tiles WHERE id = ?'),
      insertTile: db.prepare('INSERT INTO merkle_tiles (id, hashes) VALUES (?, ?)'),
      tileCount: db.prepare('SELECT COALESCE(MAX(id) + 1, 0) AS n FROM merkle_tiles'),
      ...(carriesTree(db)
        ? {
            eventNodes: db.prepare('SELECT tree FROM events WHERE position = ?'),
            eventRange: db.prepare(
              'SELECT position, tree FROM events WHERE position >= ? AND position <= ? ORDER BY position',
            ),
            lastEvent: db.prepare(
              'SELECT position, tree FROM events ORDER BY position DESC LIMIT 1',
            ),
          }
        : {}),
    };
    this.reload();
  }

  private row(id: number, level: number, index: number): Buffer {
    // The node closed by the leaf at position (index + 1) * 2^level, `level` hashes into its row.
    const position = (index + 1) * 2 ** level;
    const carried = (position > this.rowsSize ? this.stmt.eventNodes?.get(position) : undefined) as
      { tree: Uint8Array | null } | undefined;
    if (carried?.tree && carried.tree.byteLength >= (level + 1) * HASH)
      return Buffer.from(carried.tree.subarray(level * HASH, (level + 1) * HASH));
    const row = this.stmt.get.get(id) as { hash: Uint8Array } | undefined;
    if (!row) throw new MissingNodeError(`Merkle node ${level}/${index} is missing from the store`);
    return Buffer.from(row.hash);
  }

  /**
   * The stored hashes of the leaves `from` .. `to` - 1 and the subtrees they close, in stored order:
   * from the events' rows where they carry them, else from the rows of the table.
   */
  private nodesOfLeaves(from: number, to: number): Buffer[] {
    const fromRows = (a: number, b: number): Buffer[] =>
      (this.stmt.range.all(storedCount(a), storedCount(b)) as { hash: Uint8Array }[]).map((r) =>
        Buffer.from(r.hash),
      );
    if (!this.stmt.eventRange) return fromRows(from, to);
    const out: Buffer[] = [];
    let next = from;
    const rows = this.stmt.eventRange.all(from + 1, to) as {
      position: number;
      tree: Uint8Array | null;
    }[];
    for (const { position, tree } of rows) {
      if (!tree) continue;
      out.push(...fromRows(next, position - 1));
      for (let at = 0; at < tree.byteLength; at += HASH)
        out.push(Buffer.from(tree.subarray(at, at + HASH)));
      next = position;
    }
    out.push(...fromRows(next, to));
    return out;
  }

  private fromTile(tile: number, id: number): Buffer {
    let hashes = this.tiles.get(tile);
    if (hashes) {
      // Least recently used first in the Map's order: move it to the end.
      this.tiles.delete(tile);
    } else {
      const row = this.stmt.tile.get(tile) as { hashes: Uint8Array } | undefined;
      if (!row || row.hashes.byteLength !== this.tileNodes * HASH)
        throw new Error(`Merkle tile ${tile} is missing from the store or has the wrong size`);
      hashes = Buffer.from(row.hashes.buffer, row.hashes.byteOffset, row.hashes.byteLength);
      if (this.tiles.size >= TILE_CACHE) this.tiles.delete(this.tiles.keys().next().value!);
    }
    this.tiles.set(tile, hashes);
    const at = (id - this.tileBase(tile)) * HASH;
    return hashes.subarray(at, at + HASH);
  }

  private get tileNodes(): number {
    return 2 * this.tileLeaves - 1;
  }

  /** The id of a tile's first row (its first leaf); its nodes are the next tileNodes ids. */
  private tileBase(tile: number): number {
    return storedCount(tile * this.tileLeaves);
  }

  /** A full tile's rows, as the one blob merkle_tiles keeps. */
  private tileFromRows(tile: number): Buffer {
    const base = this.tileBase(tile);
    // The tile's last leaf may close subtrees above the tile too: they come after its nodes.
    const hashes = this.stmt.eventRange
      ? Buffer.concat(
          this.nodesOfLeaves(tile * this.tileLeaves, (tile + 1) * this.tileLeaves).slice(
            0,
            this.tileNodes,
          ),
        )
      : (this.stmt.concat.get(base, base + this.tileNodes) as { hashes: Uint8Array }).hashes;
    if (hashes?.byteLength !== this.tileNodes * HASH)
      throw new Error(`Merkle tile ${tile} lacks rows`);
    return Buffer.from(hashes);
  }

  /**
   * Writes the full tiles that have rows but no blob (a store written before tiles, or a copy made
   * row by row), at most `limit` of them, in the caller's write transaction. Returns how many remain.
   */
  fillTiles(limit = Infinity): number {
    const full = Math.floor(this.size / this.tileLeaves);
    for (let done = 0; this.storedTiles < full && done < limit; done++) {
      this.stmt.insertTile.run(this.storedTiles, this.tileFromRows(this.storedTiles));
      this.storedTiles++;
    }
    return full - this.storedTiles;
  }

  get size(): number {
    return this.damage === undefined ? this.builder.size : this.claimedSize;
  }

  /** Rereads the tree's edge from the file: at start, and after a rolled-back transaction. */
  reload(): void {
    // What a rolled-back transaction wrote is gone from the file; forget it here too.
    this.upper.clear();
    this.tiles.clear();
    this.edge.size = -1;
    this.storedTiles = (this.stmt.tileCount.get() as { n: number }).n;
    let size = sizeForCount((this.stmt.count.get() as { n: number }).n);
    this.rowsSize = size;
    // Events carry their hashes from the first append in this layout on: the last one says the size.
    const last = this.stmt.lastEvent?.get() as
      { position: number; tree: Uint8Array | null } | undefined;
    if (last?.tree && last.position > size) size = last.position;
    this.damage = undefined;
    try {
      const peaks: Buffer[] = [];
      for (let lo = 0, rest = size; rest > 0;) {
        let leaves = 1;
        while (leaves * 2 <= rest) leaves *= 2;
        peaks.push(this.node(Math.log2(leaves), lo / leaves));
        lo += leaves;
        rest -= leaves;
      }
      this.builder = TreeBuilder.resume(size, peaks, treeNodeHash);
      this.partial = this.nodesOfLeaves(Math.floor(size / this.tileLeaves) * this.tileLeaves, size);
    } catch (error) {
      if (!(error instanceof MissingNodeError)) throw error;
      this.damage = error.message;
      this.claimedSize = size;
      this.builder = new TreeBuilder(treeNodeHash);
      this.partial = [];
    }
  }

  /** A damaged tree proves nothing: its root and proofs would rest on nodes that are gone. */
  private refuseIfDamaged(): void {
    if (this.damage !== undefined)
      throw new Error(
        `账本树已损坏，不再接受新叶，也不出具检查点或证明：${this.damage}；请运行 taizhang verify / ` +
          `the ledger tree is damaged: it takes no more leaves and signs or proves nothing: ${this.damage}; run taizhang verify`,
      );
  }

  /**
   * Adds leaf hashes (RFC 9162 leaf hashes, already prefixed) inside the caller's transaction: all
   * their rows in a few multi-row INSERTs, and each tile they complete as one blob.
   */
  append(leafHashes: readonly Buffer[]): void {
    if (leafHashes.length === 0) return;
    this.refuseIfDamaged();
    const first = storedCount(this.builder.size);
    const hashes: Buffer[] = [];
    for (const leaf of leafHashes) {
      const grown = this.grow(leaf);
      hashes.push(...grown.hashes);
      if (grown.tile) this.writeTile(grown.tile);
    }
    let i = 0;
    const args: (number | Buffer)[] = [];
    for (; i + INSERT_CHUNK <= hashes.length; i += INSERT_CHUNK) {
      args.length = 0;
      for (let k = i; k < i + INSERT_CHUNK; k++) args.push(first + k, hashes[k]);
      this.stmt.insertChunk.run(...args);
    }
    for (; i < hashes.length; i++) this.stmt.insert.run(first + i, hashes[i]);
    this.rowsSize = this.builder.size;
  }

  /**
   * Adds one leaf inside the caller's transaction, in a store whose events carry their hashes:
   * `write` gets the hashes the leaf stores (its own, then the subtrees it closes) and writes them
   * with the event's row, then a tile the leaf completes is written. If `write` throws, the tree is
   * what the file holds again.
   */
  add(leafHash: Buffer, write: (hashes: Buffer) => void): void {
    this.refuseIfDamaged();
    const grown = this.grow(leafHash);
    try {
      write(Buffer.concat(grown.hashes));
    } catch (error) {
      this.reload();
      throw error;
    }
    if (grown.tile) this.writeTile(grown.tile);
  }

  /**
   * The leaf's hash and the subtrees it closes, as stored, with the tile it completes (not written
   * yet); the edge, the tile being filled and the cached nodes move on in memory.
   */
  private grow(leaf: Buffer): { hashes: Buffer[]; tile?: { id: number; hashes: Buffer } } {
    const index = this.builder.size;
    const first = storedCount(index);
    const completed = this.builder.push(leaf);
    this.partial.push(leaf);
    // Nodes up to the tile's root belong to the tile; those above it are rows only.
    for (let level = 1; level <= completed.length && level <= this.tileHeight; level++)
      this.partial.push(completed[level - 1]);
    let tile: { id: number; hashes: Buffer } | undefined;
    if ((index + 1) % this.tileLeaves === 0) {
      tile = { id: (index + 1) / this.tileLeaves - 1, hashes: Buffer.concat(this.partial) };
      this.partial = [];
    }
    for (let level = this.tileHeight; level <= completed.length; level++)
      this.upper.set(first + level, completed[level - 1]);
    return { hashes: [leaf, ...completed], tile };
  }

  private writeTile(tile: { id: number; hashes: Buffer }): void {
    if (this.storedTiles !== tile.id) return;
    this.stmt.insertTile.run(tile.id, tile.hashes);
    this.storedTiles++;
  }

  root(size = this.size): Buffer {
    this.refuseIfDamaged();
    this.checkSize(size);
    if (size === this.builder.size) return this.builder.root();
    return size === 0 ? EMPTY_ROOT : subtreeHash(this.node, 0, size, this.edgeAt(size));
  }

  leafHash(index: number): Buffer {
    this.checkIndex(index, this.size);
    return this.node(0, index);
  }

  inclusionProof(index: number, size: number): Buffer[] {
    this.refuseIfDamaged();
    this.checkSize(size);
    this.checkIndex(index, size);
    return inclusionPath(this.node, index, 0, size, this.edgeAt(size));
  }

  consistencyProof(size1: number, size2: number): Buffer[] {
    this.refuseIfDamaged();
    this.checkSize(size2);
    if (!Number.isSafeInteger(size1) || size1 < 0 || size1 > size2) {
      throw new BadInputError(
        `树大小 ${size1} 须在 0 到 ${size2} 之间`,
        `the first tree size ${size1} must be between 0 and ${size2}`,
        { field: 'fromSize' },
      );
    }
    return size1 === 0 || size1 === size2
      ? []
      : consistencyPath(this.node, size1, 0, size2, true, this.edgeAt(size2));
  }

  private edgeAt(size: number): EdgeHashes {
    if (this.edge.size !== size) {
      this.edge.size = size;
      this.edge.byStart.clear();
    }
    return this.edge;
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
