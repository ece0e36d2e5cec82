import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { binaryOrder } from '../binary-order.js';
import { writeBehind } from '../write-behind.js';

/**
 * Each inspection's rank in the text index's rowids (task-text.ts), and whether its tasks were
 * listed in list order: while they were, an inspection's matches in rowid (seq) order are its
 * matches in list order, and a page reads only as many as it shows.
 */
export const TEXT_INSPECTIONS_SQL = `
CREATE TABLE IF NOT EXISTS task_text_inspections (
  inspection_id TEXT PRIMARY KEY,
  rank          INTEGER NOT NULL UNIQUE,
  -- 1 while every task came after the last one in list order (number_key, id) and none was renumbered.
  ordered       INTEGER NOT NULL,
  last_key      TEXT NOT NULL,
  last_id       TEXT NOT NULL
) WITHOUT ROWID;`;

export interface TextInspection {
  readonly rank: number;
  readonly ordered: boolean;
  readonly lastKey: string;
  readonly lastId: string;
}

/** The projection's side: ranks handed out as inspections appear, written at the batch's end. */
export function textInspections() {
  let stmt:
    { db: DatabaseSync; get: StatementSync; put: StatementSync; next: StatementSync } | undefined;
  const statements = (db: DatabaseSync) => {
    if (stmt?.db !== db)
      stmt = {
        db,
        get: db.prepare(
          'SELECT rank, ordered, last_key, last_id FROM task_text_inspections WHERE inspection_id = ?',
        ),
        put: db.prepare(`INSERT OR REPLACE INTO task_text_inspections
          (inspection_id, rank, ordered, last_key, last_id) VALUES (?, ?, ?, ?, ?)`),
        next: db.prepare('SELECT COALESCE(MAX(rank) + 1, 0) AS n FROM task_text_inspections'),
      };
    return stmt;
  };
  let nextRank: number | undefined;
  // A few hundred inspections a country: all of them stay in memory.
  const held = writeBehind<string, TextInspection>(
    (id, db) => {
      const row = statements(db).get.get(id) as
        { rank: number; ordered: number; last_key: string; last_id: string } | undefined;
      return (
        row && {
          rank: row.rank,
          ordered: row.ordered === 1,
          lastKey: row.last_key,
          lastId: row.last_id,
        }
      );
    },
    (id, v, db) => void statements(db).put.run(id, v.rank, v.ordered ? 1 : 0, v.lastKey, v.lastId),
    100_000,
  );
  const discard = () => {
    held.discard();
    nextRank = undefined;
  };
  return {
    /** A task's first event: its inspection's rank, the inspection ranked now if it is new. */
    listed(db: DatabaseSync, inspectionId: string, key: string, id: string): number {
      const was = held.get(inspectionId, db);
      if (!was) {
        nextRank ??= (statements(db).next.get() as { n: number }).n;
        const rank = nextRank++;
        held.set(inspectionId, { rank, ordered: true, lastKey: key, lastId: id });
        return rank;
      }
      const after = (binaryOrder(key, was.lastKey) || binaryOrder(id, was.lastId)) > 0;
      held.set(
        inspectionId,
        after ? { ...was, lastKey: key, lastId: id } : { ...was, ordered: false },
      );
      return was.rank;
    },
    /** A task of the inspection moved in the list order (renumbered): its seq no longer follows it. */
    reordered(db: DatabaseSync, inspectionId: string): void {
      const was = held.get(inspectionId, db);
      if (was?.ordered) held.set(inspectionId, { ...was, ordered: false });
    },
    rank(db: DatabaseSync, inspectionId: string): number {
      const was = held.get(inspectionId, db);
      if (!was) throw new Error(`inspection ${inspectionId} has no rank in the text index`);
      return was.rank;
    },
    flush: (db: DatabaseSync) => held.flush(db),
    /** Forgets the batch (rolled back): ranks handed out in it may be handed out again. */
    discard,
    /** Forgets everything, statements too (the tables were dropped). */
    forget: () => {
      discard();
      stmt = undefined;
    },
  };
}
