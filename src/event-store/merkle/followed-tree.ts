import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { treeEventLeafHash } from './tree-hashes.js';
import type { EventStore } from '../event-store.port.js';
import { sqlitePragmas } from '../sqlite-schema.js';
import { MerkleTree } from './merkle-tree.js';

/**
 * The ledger tree of a store that cannot keep it in its own append transaction (KurrentDB): built by
 * the read side, in `$all` order, into a local SQLite file, with each leaf's position beside it
 * (KurrentDB's positions are commit positions with gaps, so leaf i is not position i + 1). Leaves
 * and their positions commit together, so a restart resumes after the last leaf, never between.
 */
export class FollowedTree {
  readonly tree: MerkleTree;
  private readonly db: DatabaseSync;
  private readonly stmt: {
    insert: StatementSync;
    last: StatementSync;
    byPosition: StatementSync;
    atOrBefore: StatementSync;
  };
  private stopping?: AbortController;
  private running?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    file: string,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    this.db.exec(sqlitePragmas('FULL'));
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS merkle_leaves (leaf_index INTEGER PRIMARY KEY, position INTEGER NOT NULL UNIQUE)',
    );
    this.tree = new MerkleTree(this.db);
    // A tree file written before tiles gets them now (a copy of its rows).
    this.db.exec('BEGIN IMMEDIATE');
    this.tree.fillTiles();
    this.db.exec('COMMIT');
    this.stmt = {
      insert: this.db.prepare('INSERT INTO merkle_leaves (leaf_index, position) VALUES (?, ?)'),
      last: this.db.prepare('SELECT MAX(position) AS p FROM merkle_leaves'),
      byPosition: this.db.prepare('SELECT leaf_index AS i FROM merkle_leaves WHERE position = ?'),
      atOrBefore: this.db.prepare(
        'SELECT leaf_index AS i FROM merkle_leaves WHERE position <= ? ORDER BY position DESC LIMIT 1',
      ),
    };
  }

  leafIndexOf(position: bigint): number | undefined {
    return (this.stmt.byPosition.get(position) as { i: number } | undefined)?.i;
  }

  /** Entries of the ledger up to and including `position`. */
  sizeAt(position: bigint): number {
    const row = this.stmt.atOrBefore.get(position) as { i: number } | undefined;
    return row ? row.i + 1 : 0;
  }

  /** Adds every event appended since the last leaf; returns how many. */
  async catchUp(): Promise<number> {
    let added = 0;
    for (;;) {
      const after = BigInt((this.stmt.last.get() as { p: number | null }).p ?? 0);
      const page = await this.store.readAll({ after, maxCount: 5000 });
      if (page.length === 0) return added;
      this.db.exec('BEGIN IMMEDIATE');
      try {
        page.forEach((e, k) => this.stmt.insert.run(this.tree.size + k, e.position));
        this.tree.append(page.map((e) => treeEventLeafHash(e.metadata.hash)));
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        this.tree.reload();
        throw error;
      }
      added += page.length;
    }
  }

  /** Follows the store until stopped, as the projection runner does. */
  start(onError: (error: unknown) => void): void {
    const stopping = (this.stopping = new AbortController());
    this.running = (async () => {
      while (!stopping.signal.aborted) {
        try {
          await this.catchUp();
        } catch (error) {
          onError(error);
        }
        await this.store.waitForAppend(1000, stopping.signal);
      }
    })();
  }

  async close(): Promise<void> {
    this.stopping?.abort();
    await this.running;
    this.db.close();
  }
}
