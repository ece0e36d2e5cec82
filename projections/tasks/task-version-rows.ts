import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { TaskState } from '../../src/tasks/domain/task.state.js';
import { nameNumbers, nameTableSql } from '../name-numbers.js';
import { boardFlagsSql } from './board-flags.js';
import { versionNode } from './version-tree.js';

/**
 * `task_versions`: every past version's board columns, the board as of a moment, written by the
 * `tasks` projection from the same head it folds for its rows (task-head.ts). A row only when a
 * board column changed; rows collected through a batch and written at its end in key order.
 */

/** The flags of a row put by `putVersion`, from its parameters ?6 (status) and the others. */
const VERSION_FLAGS = boardFlagsSql({
  status: '?6',
  deadline: '?7',
  scheduleStatus: '?8',
  reopenedCount: '?9',
});

/** Superseded far in the future: a version still current. */
const LIVE_MS = Date.parse('9999-12-31T23:59:59.999Z');

export const VERSION_TABLES = `
${nameTableSql('task_names')}
CREATE TABLE IF NOT EXISTS task_versions (
  inspection_id   TEXT NOT NULL,
  -- Where the row hangs in the tree of time (version-tree.ts), from its recorded and superseded times.
  node            INTEGER NOT NULL,
  -- Milliseconds since the epoch: superseded far in the future (LIVE_MS) while current.
  recorded_at     INTEGER NOT NULL,
  superseded_at   INTEGER NOT NULL,
  id              TEXT NOT NULL,
  version         INTEGER NOT NULL,
  status          TEXT NOT NULL,
  region_code     TEXT,
  -- Numbers in task_names: a board groups by them as integers and names its few groups.
  region_name     INTEGER,
  lead_unit       INTEGER,
  category        INTEGER,
  parent_id       TEXT,
  -- The board's flags (board-flags.ts), computed from the version's raw columns when written.
  board_flags     INTEGER NOT NULL,
  overdue_from    TEXT,
  -- A node's rows in recorded order: the rows live at a moment under a node whose midpoint is after
  -- it are one range of the table itself.
  PRIMARY KEY (inspection_id, node, recorded_at, id, version)
) WITHOUT ROWID;
-- ... and under a node whose midpoint is at or before it, one range of this index, which holds every
-- column the board reads: a node's rows superseded by the moment are never read, nor a live one
-- looked up in the table. (task_versions_superseded held the key alone: a first-round inspection's
-- board as of a moment looked up or skipped thousands of rows.)
DROP INDEX IF EXISTS task_versions_superseded;
CREATE INDEX IF NOT EXISTS task_versions_by_superseded ON task_versions (inspection_id, node,
  superseded_at, parent_id, status, board_flags, overdue_from, region_code, region_name, lead_unit,
  category);
-- Sub-items' rows apart (the roll-up as of a moment): empty without any.
CREATE INDEX IF NOT EXISTS task_versions_children ON task_versions (inspection_id, node,
  recorded_at, superseded_at, parent_id) WHERE parent_id IS NOT NULL;
`;

/** What the board as of a moment reads: a new version row only when one of these changed. */
const BOARD_FIELDS = [
  'inspectionId',
  'status',
  'deadline',
  'scheduleStatus',
  'reopenedCount',
  'regionCode',
  'regionName',
  'leadUnit',
  'category',
  'parentId',
] as const satisfies readonly (keyof TaskState)[];

type SqlValue = string | number | null;

/**
 * A `task_versions` row waiting for its batch's end: inspection, id, version, recorded at (ms), then
 * the board columns; `supersededAt` is LIVE_MS until a newer version in the batch.
 */
interface VersionRow {
  readonly values: readonly [string, string, number, number, ...SqlValue[]];
  supersededAt: number;
}

/** Its key in task_versions: inspection, node, recorded at, id, version. */
const keyOf = (v: VersionRow): [string, number, number, string, number] => [
  v.values[0],
  versionNode(v.values[3], v.supersededAt),
  v.values[3],
  v.values[1],
  v.values[2],
];

/** The order of task_versions' key. */
const compareKeys = (a: readonly SqlValue[], b: readonly SqlValue[]): number => {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return (a[i] ?? '') < (b[i] ?? '') ? -1 : 1;
  }
  return 0;
};

interface Statements {
  db: DatabaseSync;
  putVersion: StatementSync;
  supersede: StatementSync;
}

/**
 * A task's current version row, by its recorded time (ms) and version: with the task's inspection
 * and id, its key, so superseding it needs no lookup. The projection keeps it with the task's head
 * (it was an index, task_versions_live, kept through a rebuild and updated on every version).
 */
export type LiveVersion = readonly [recordedAt: number, version: number];

/** The board columns of a task, as far as a version row goes. */
export type BoardColumns = Pick<TaskState, (typeof BOARD_FIELDS)[number]>;

export const DROP_VERSION_TABLES =
  'DROP TABLE IF EXISTS task_versions; DROP TABLE IF EXISTS task_names;';

/**
 * A batch's version rows: `record` after each event, `flush` in the projection's endBatch,
 * `discard` in its abortBatch, `forget` when its tables are dropped.
 */
export function taskVersionRows() {
  let prepared: Statements | undefined;
  const names = nameNumbers('task_names');
  const statements = (db: DatabaseSync): Statements => {
    if (prepared?.db !== db) {
      prepared = {
        db,
        putVersion: db.prepare(`INSERT OR REPLACE INTO task_versions (inspection_id, node,
          recorded_at, id, version, status, region_code, region_name, lead_unit, category,
          parent_id, superseded_at, board_flags, overdue_from)
          VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?10, ?11, ?12, ?13, ?14, ?15, ${VERSION_FLAGS.flags},
          ${VERSION_FLAGS.overdueFrom})`),
        // Superseding moves the row to the node its closed span hangs at.
        supersede: db.prepare(`UPDATE task_versions SET superseded_at = :at, node = :node
          WHERE inspection_id = :inspection AND node = :live AND recorded_at = :recorded AND id = :id
          AND version = :version`),
      };
    }
    return prepared;
  };
  // The batch's version rows, written at its end: a version replaced within the batch gets its
  // superseded_at in memory, and only a row of an earlier batch is updated in the file.
  const versions: VersionRow[] = [];
  const liveInBatch = new Map<string, VersionRow>();
  const nameNo = (db: DatabaseSync, name: string | null | undefined): number | null =>
    name === null || name === undefined ? null : names.numberOf(db, name);
  const forgetVersions = () => {
    versions.length = 0;
    liveInBatch.clear();
  };
  /** The batch rolled back: its rows, and names numbered in it, are not in the file. */
  const discard = () => {
    names.forget();
    forgetVersions();
  };
  const writeVersions = (db: DatabaseSync) => {
    const st = statements(db);
    // In key order: each insert lands next to the last one in the table's B-tree.
    const rows = versions.map((v) => ({ key: keyOf(v), v }));
    rows.sort((a, b) => compareKeys(a.key, b.key));
    for (const { key, v } of rows) {
      const [, id, version, , ...board] = v.values;
      st.putVersion.run(key[0], key[1], key[2], id, version, ...board, v.supersededAt);
    }
    forgetVersions();
  };
  /** A task's row of an earlier batch, superseded at `at`. */
  const supersede = (
    db: DatabaseSync,
    inspection: string,
    id: string,
    [recorded, version]: LiveVersion,
    at: number,
  ) =>
    statements(db).supersede.run({
      at,
      node: versionNode(recorded, at),
      inspection,
      live: versionNode(recorded, LIVE_MS),
      recorded,
      id,
      version,
    });
  return {
    /**
     * After an event of task `id`: a new row when a board column changed from `before`, which
     * supersedes the task's current row (`live`, none for a new task). Returns the current row then.
     */
    record(
      db: DatabaseSync,
      id: string,
      before: BoardColumns | undefined,
      s: BoardColumns,
      event: RecordedEvent,
      live: LiveVersion | null,
    ): LiveVersion | null {
      // Consecutive versions with the same board columns answer every moment alike: one row.
      if (before && BOARD_FIELDS.every((f) => before[f] === s[f])) return live;
      const at = Date.parse(event.metadata.recordedAt);
      const inBatch = liveInBatch.get(id);
      if (inBatch) inBatch.supersededAt = at;
      else if (before && live) supersede(db, before.inspectionId, id, live, at);
      const next: VersionRow = {
        values: [
          s.inspectionId,
          id,
          Number(event.revision) + 1,
          at,
          s.status,
          s.deadline,
          s.scheduleStatus,
          s.reopenedCount,
          s.regionCode,
          // Numbered in event order, so the numbers do not depend on how batches fall.
          nameNo(db, s.regionName),
          nameNo(db, s.leadUnit),
          nameNo(db, s.category),
          s.parentId ?? null,
        ],
        supersededAt: LIVE_MS,
      };
      versions.push(next);
      liveInBatch.set(id, next);
      return [at, next.values[2]];
    },
    flush: writeVersions,
    discard,
    forget: () => {
      prepared = undefined;
      discard();
    },
  };
}
