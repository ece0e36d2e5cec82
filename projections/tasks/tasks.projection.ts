import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { evolveTask } from '../../src/tasks/domain/task.evolve.js';
import { initialTaskState, type TaskState } from '../../src/tasks/domain/task.state.js';
import type { Projection } from '../projection.js';
import { writeBehind } from '../write-behind.js';
import { packJson, unpackJson } from '../packed-json.js';
import { textTokens } from './task-text.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import { spotCheckPending } from '../../src/tasks/domain/task.transitions.js';
import { DROP_TASK_COUNTERS_SQL, TASK_COUNTERS_SQL } from '../national/counters.js';

/**
 * `tasks` holds only the narrow ledger columns the filters, orders and the board read, so index scans
 * and row checks stay cheap; the whole record is in `task_states` (read for the rows of a page only),
 * title and problem text in the `task_text` search index, and every past version's board columns in
 * `task_versions` (the board as of a moment). `seq`, the position of the task's first event, links them.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS tasks (
  id              TEXT PRIMARY KEY,
  seq             INTEGER NOT NULL,
  inspection_id   TEXT NOT NULL,
  number_key      TEXT NOT NULL,
  number          INTEGER,
  title           TEXT NOT NULL,
  category        TEXT,
  region_code     TEXT,
  region_name     TEXT,
  lead_unit       TEXT,
  supporting_units TEXT NOT NULL,
  acceptance_unit TEXT,
  deadline        TEXT,
  long_term       INTEGER NOT NULL,
  sign_off_tier   TEXT,
  status          TEXT NOT NULL,
  schedule_status TEXT,
  reopened_count  INTEGER NOT NULL,
  spot_check_pending INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL,
  -- The task this one is a sub-item of: the board counts problems, rolling sub-items up.
  parent_id       TEXT
) WITHOUT ROWID;
-- Covers a text search's join and its NUMBER order without reading the rows.
CREATE INDEX IF NOT EXISTS tasks_by_seq ON tasks (seq, number_key, version);
-- An inspection's page in list order, keys and all (seq, version), from the index alone: a
-- province's page merges its inspections' first rows (tasks.queries.ts).
CREATE INDEX IF NOT EXISTS tasks_by_inspection ON tasks (inspection_id, number_key, id, seq, version);
CREATE INDEX IF NOT EXISTS tasks_by_number ON tasks (number_key, id);
CREATE INDEX IF NOT EXISTS tasks_by_inspection_status ON tasks (inspection_id, status, number_key, id,
  deadline, schedule_status, reopened_count, region_code, region_name, lead_unit, category, parent_id);
-- Sub-items only (the board's roll-up reads them apart from the problems): empty without any.
CREATE INDEX IF NOT EXISTS tasks_children ON tasks (inspection_id, parent_id, status, deadline,
  schedule_status, reopened_count) WHERE parent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS tasks_by_status ON tasks (status, id);
-- A filter's page from its index alone: the status and deadline that overdue and status filters check,
-- and the keys and order the page reads (a lookup of the wide row per match cost 3.4 us: 90 ms for
-- a city of 26,000 tasks). An equality filter walks its NUMBER order; a region is a range of codes
-- (a city and its counties), sorted after.
CREATE INDEX IF NOT EXISTS tasks_by_region ON tasks (region_code, status, deadline, number_key, id, seq,
  version);
CREATE INDEX IF NOT EXISTS tasks_by_lead_unit ON tasks (lead_unit, number_key, id, status, deadline, seq,
  version);
CREATE INDEX IF NOT EXISTS tasks_by_acceptance_unit ON tasks (acceptance_unit, number_key, id, status,
  deadline, seq, version);
CREATE INDEX IF NOT EXISTS tasks_by_category ON tasks (category, number_key, id, status, deadline, seq,
  version);
CREATE INDEX IF NOT EXISTS tasks_by_deadline ON tasks (deadline, id);
CREATE INDEX IF NOT EXISTS tasks_by_updated ON tasks (updated_at, id);
CREATE TABLE IF NOT EXISTS task_states (seq INTEGER PRIMARY KEY, state BLOB NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS task_text USING fts5 (title, problem, content = '', contentless_delete = 1);
CREATE TABLE IF NOT EXISTS task_versions (
  inspection_id   TEXT NOT NULL,
  id              TEXT NOT NULL,
  version         INTEGER NOT NULL,
  recorded_at     TEXT NOT NULL,
  status          TEXT NOT NULL,
  deadline        TEXT,
  schedule_status TEXT,
  reopened_count  INTEGER NOT NULL,
  region_code     TEXT,
  region_name     TEXT,
  lead_unit       TEXT,
  category        TEXT,
  parent_id       TEXT,
  -- When the next version replaced this one (far future while current): the board as of a moment
  -- reads only the versions live then, one per task, instead of every version of every task. The
  -- key leads with it, so that read is a range of the table itself (no second copy as an index),
  -- and a task's live row is found by (inspection, far future, id) when its next version comes.
  superseded_at   TEXT NOT NULL DEFAULT '9999-12-31T23:59:59.999Z',
  PRIMARY KEY (inspection_id, superseded_at, id, version)
) WITHOUT ROWID;
`;

const LIVE = '9999-12-31T23:59:59.999Z';

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

/**
 * Task states kept in memory between batches, by their packed bytes (about 1.5 KiB each at
 * bench:scale, several times that parsed): about 5,000 tasks in progress however large the store.
 * A task's events follow each other within a few thousand events in the stores bench:scale writes,
 * so the most recently written few thousand are what the next batch reads.
 */
const KEEP_TASK_BYTES = 8 * 2 ** 20;

type SqlValue = string | number | null;

/** A `task_versions` row waiting for its batch's end; `supersededAt` is LIVE until a newer version in the batch. */
interface VersionRow {
  readonly values: readonly [string, string, number, string, ...SqlValue[]];
  supersededAt: string;
}

/** The order of task_versions' key: inspection, superseded at, id, version. */
const compareKeys = (a: VersionRow, b: VersionRow): number => {
  const [ai, aid, av] = a.values;
  const [bi, bid, bv] = b.values;
  if (ai !== bi) return ai < bi ? -1 : 1;
  if (a.supersededAt !== b.supersededAt) return a.supersededAt < b.supersededAt ? -1 : 1;
  if (aid !== bid) return aid < bid ? -1 : 1;
  return av - bv;
};

/** A task as the projection holds it during a batch; its `tasks` and `task_states` rows are written at the batch's end. */
interface Held {
  readonly seq: number;
  readonly state: TaskState;
  readonly version: number;
  readonly updatedAt: string;
}

/** Sorts by inspection, then list number (zero-padded so text order is number order). */
export const numberKey = (s: TaskState): string =>
  `${s.inspectionId}|${String(s.number ?? 99_999_999).padStart(8, '0')}`;

interface Statements {
  db: DatabaseSync;
  get: StatementSync;
  put: StatementSync;
  putState: StatementSync;
  putVersion: StatementSync;
  supersede: StatementSync;
  dropText: StatementSync;
  putText: StatementSync;
}

/**
 * The current ledger (整改台账): one row per task with every ledger column, indexed for the `tasks`
 * filters, plus the whole record as JSON. Overdue is not stored: it depends on the clock, so
 * queries compute it from the deadline at read time.
 */
export function tasksProjection(): Projection {
  let prepared: Statements | undefined;
  const statements = (db: DatabaseSync): Statements => {
    if (prepared?.db !== db) {
      prepared = {
        db,
        get: db.prepare(
          `SELECT t.seq, t.version, t.updated_at, s.state FROM tasks t
           JOIN task_states s ON s.seq = t.seq WHERE t.id = ?`,
        ),
        put: db.prepare(`INSERT OR REPLACE INTO tasks (id, seq, inspection_id, number_key, number,
          title, category, region_code, region_name, lead_unit, supporting_units, acceptance_unit,
          deadline, long_term, sign_off_tier, status, schedule_status, reopened_count,
          spot_check_pending, updated_at, version, parent_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
        putState: db.prepare('INSERT OR REPLACE INTO task_states (seq, state) VALUES (?, ?)'),
        putVersion: db.prepare(`INSERT OR REPLACE INTO task_versions (inspection_id, id, version,
          recorded_at, status, deadline, schedule_status, reopened_count, region_code, region_name,
          lead_unit, category, parent_id, superseded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
        supersede: db.prepare(`UPDATE task_versions SET superseded_at = ?
          WHERE inspection_id = ? AND id = ? AND superseded_at = '${LIVE}'`),
        dropText: db.prepare('DELETE FROM task_text WHERE rowid = ?'),
        putText: db.prepare('INSERT INTO task_text (rowid, title, problem) VALUES (?, ?, ?)'),
      };
    }
    return prepared;
  };
  const held = writeBehind<string, Held>(
    (id, db) => {
      const row = statements(db).get.get(id) as
        { seq: number; state: Uint8Array; version: number; updated_at: string } | undefined;
      return (
        row && {
          seq: row.seq,
          state: unpackJson<TaskState>(row.state),
          version: row.version,
          updatedAt: row.updated_at,
        }
      );
    },
    (id, { seq, state: s, version, updatedAt }, db) => {
      const st = statements(db);
      st.put.run(
        id,
        seq,
        s.inspectionId,
        numberKey(s),
        s.number,
        s.title,
        s.category,
        s.regionCode,
        s.regionName,
        s.leadUnit,
        JSON.stringify(s.supportingUnits),
        s.acceptanceUnit,
        s.deadline,
        s.longTerm ? 1 : 0,
        s.signOffTier,
        s.status,
        s.scheduleStatus,
        s.reopenedCount,
        spotCheckPending(s) ? 1 : 0,
        updatedAt,
        version,
        s.parentId ?? null,
      );
      const packed = packJson(s);
      st.putState.run(seq, packed);
      return packed.byteLength;
    },
    // Tasks of a round in progress: their events lie in several batches, and a state is read back
    // (and unpacked) once per rebuild rather than once per batch.
    KEEP_TASK_BYTES,
  );
  // The batch's version rows, written at its end: a version replaced within the batch gets its
  // superseded_at in memory, and only a row of an earlier batch is updated in the file.
  const versions: VersionRow[] = [];
  const liveInBatch = new Map<string, VersionRow>();
  const forgetVersions = () => {
    versions.length = 0;
    liveInBatch.clear();
  };
  const writeVersions = (db: DatabaseSync) => {
    const st = statements(db);
    // In key order: each insert lands next to the last one in the table's B-tree.
    versions.sort((a, b) => compareKeys(a, b));
    for (const v of versions) st.putVersion.run(...v.values, v.supersededAt);
    forgetVersions();
  };
  return {
    name: 'tasks',
    // 4: a version row only when a board column changed, keyed for the board as of a moment; rows
    // written once per batch; states deflated.
    // 4: write-behind batches, deflated states, versions only when a board column changes (issue 16);
    // 5: with sign-off paths, sub-items and reconciliation in the kept state (issue 12);
    // 6: parent_id on the board columns (the board rolls sub-items up into their problem);
    // 7: the national roll-up's counters (issue 16);
    // 8: tasks_children, the sub-items apart for the board's roll-up; tasks_by_inspection covering.
    // 9: the filter indexes (region, units, category) cover a page's checks and keys.
    version: 9,
    filter: { streamPrefixes: [taskDecider.streamPrefix] },
    // The national roll-up's task counters are triggers on `tasks`: set up and dropped with it.
    setup: (db) => db.exec(TABLES + TASK_COUNTERS_SQL),
    drop: (db) => {
      prepared = undefined;
      held.discard();
      forgetVersions();
      db.exec(`DROP TABLE IF EXISTS tasks; DROP TABLE IF EXISTS task_states;
        DROP TABLE IF EXISTS task_text; DROP TABLE IF EXISTS task_versions;
        ${DROP_TASK_COUNTERS_SQL}`);
    },
    endBatch: (db) => {
      writeVersions(db);
      held.flush(db);
    },
    abortBatch: () => {
      held.discard();
      forgetVersions();
    },
    apply(event: RecordedEvent, db: DatabaseSync) {
      const st = statements(db);
      const id = event.streamId.slice(taskDecider.streamPrefix.length);
      const row = held.get(id, db);
      const before = row ? row.state : initialTaskState();
      const seq = row ? row.seq : Number(event.position);
      const s = evolveTask(before, event as unknown as TaskEvent);
      const version = Number(event.revision) + 1;
      const at = event.metadata.recordedAt;
      held.set(id, { seq, state: s, version, updatedAt: s.updatedAt ?? at });
      // Consecutive versions with the same board columns answer every moment alike: one row.
      if (!row || BOARD_FIELDS.some((f) => before[f] !== s[f])) {
        const live = liveInBatch.get(id);
        if (live) live.supersededAt = at;
        else if (row) st.supersede.run(at, before.inspectionId, id);
        const next: VersionRow = {
          values: [
            s.inspectionId,
            id,
            version,
            at,
            s.status,
            s.deadline,
            s.scheduleStatus,
            s.reopenedCount,
            s.regionCode,
            s.regionName,
            s.leadUnit,
            s.category,
            s.parentId ?? null,
          ],
          supersededAt: LIVE,
        };
        versions.push(next);
        liveInBatch.set(id, next);
      }
      if (!row || before.title !== s.title || before.problem !== s.problem) {
        if (row) st.dropText.run(seq);
        st.putText.run(seq, textTokens(s.title), textTokens(s.problem));
      }
    },
  };
}
