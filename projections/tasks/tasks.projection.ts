import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import type { TaskState } from '../../src/tasks/domain/task.state.js';
import type { Projection } from '../projection.js';
import { writeBehind } from '../write-behind.js';
import { taskHead } from './task-head.js';
import {
  DROP_VERSION_TABLES,
  taskVersionRows,
  VERSION_TABLES,
  type LiveVersion,
} from './task-version-rows.js';
import { TEXT_INDEX_SQL, textRowid, textTokens } from './task-text.js';
import { TEXT_INSPECTIONS_SQL, textInspections } from './text-inspections.js';
import { DONE_SQL } from './done-sql.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import { spotCheckPending } from '../../src/tasks/domain/task.transitions.js';
import { DROP_TASK_COUNTERS_SQL, TASK_COUNTERS_SQL, taskCounters } from '../national/counters.js';
import { BOARD_INDEXES, boardFlagsSql, TASK_FLAGS_FILLED } from './board-flags.js';

/**
 * `tasks` holds only the narrow ledger columns the filters, orders and the board read, so index scans
 * and row checks stay cheap, and title and problem text in the `task_text` search index; `seq`, the
 * position of the task's first event, links them. The whole record is the ledger's (a checkpoint
 * every 16 versions and the events after it): a page folds its rows' states from there
 * (tasks.queries.ts). Every past version's board columns (the board as of a moment) are in
 * `task_versions` (task-version-rows.ts).
 *
 * It keeps no whole state: its columns and version rows depend only on the head below
 * (task-head.ts), which it folds and keeps in `task_heads`. Packing whole states into a table of
 * them was half its cost (over 2 million events of the 10^7 store, 16.2 us of CPU an event with
 * them, 8.2 without: bench:rebuild --only tasks --split), and the table was 1.6 GiB at 10^7.
 */
/** The flags of a row put by `put`, from its parameters ?16 (status) and the others. */
const PUT_FLAGS = boardFlagsSql({
  status: '?16',
  deadline: '?13',
  scheduleStatus: '?17',
  reopenedCount: '?18',
});

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
  parent_id       TEXT,
  -- The board's measures of the row on its own (board-flags.ts), from status, deadline,
  -- schedule_status and reopened_count.
  board_flags     INTEGER,
  overdue_from    TEXT
) WITHOUT ROWID;
${TASK_FLAGS_FILLED}
-- Covers a text search's join and its NUMBER order without reading the rows.
CREATE INDEX IF NOT EXISTS tasks_by_seq ON tasks (seq, number_key, version);
-- An inspection's page in list order, keys and all (seq, version), from the index alone: a
-- province's page merges its inspections' first rows (tasks.queries.ts).
CREATE INDEX IF NOT EXISTS tasks_by_inspection ON tasks (inspection_id, number_key, id, seq, version);
CREATE INDEX IF NOT EXISTS tasks_by_number ON tasks (number_key, id);
CREATE INDEX IF NOT EXISTS tasks_by_inspection_status ON tasks (inspection_id, status, number_key, id,
  deadline, schedule_status, reopened_count, region_code, region_name, lead_unit, category, parent_id);
-- Sub-items only (the board's roll-up reads them apart from the problems): empty without any.
CREATE INDEX IF NOT EXISTS tasks_children ON tasks (inspection_id, parent_id, board_flags,
  overdue_from) WHERE parent_id IS NOT NULL;
-- The board now, one per group: an inspection's problems in group order with their flags, so the
-- counts are one ordered pass over narrow entries (parent_id last: the partial index covers its own
-- condition).
${BOARD_INDEXES}
CREATE INDEX IF NOT EXISTS tasks_by_status ON tasks (status, id);
-- A filter's page from its index alone: the status and deadline that overdue and status filters check,
-- and the keys and order the page reads (a lookup of the wide row per match cost 3.4 us: 90 ms for
-- a city of 26,000 tasks). An equality filter walks its NUMBER order; a county is a range of codes,
-- sorted after.
CREATE INDEX IF NOT EXISTS tasks_by_region ON tasks (region_code, status, deadline, number_key, id, seq,
  version);
-- A city's and a province's tasks (every county under them) in list order: the tail of a city
-- range sorted was 10 ms at a municipality's 26,000 tasks.
CREATE INDEX IF NOT EXISTS tasks_by_city ON tasks (substr(region_code, 1, 4), number_key, id, status,
  deadline, seq, version);
-- A city's open tasks with a deadline, by deadline: its overdue ones are one range, which a city with
-- few of them sorts rather than walk its whole list (tasks.queries.ts, cityOverdueIndex).
CREATE INDEX IF NOT EXISTS tasks_by_city_overdue ON tasks (substr(region_code, 1, 4), deadline,
  number_key, id, seq, version, status) WHERE deadline IS NOT NULL AND status NOT IN ${DONE_SQL};
CREATE INDEX IF NOT EXISTS tasks_by_province ON tasks (substr(region_code, 1, 2), number_key, id,
  status, deadline, seq, version);
CREATE INDEX IF NOT EXISTS tasks_by_lead_unit ON tasks (lead_unit, number_key, id, status, deadline, seq,
  version);
CREATE INDEX IF NOT EXISTS tasks_by_acceptance_unit ON tasks (acceptance_unit, number_key, id, status,
  deadline, seq, version);
CREATE INDEX IF NOT EXISTS tasks_by_category ON tasks (category, number_key, id, status, deadline, seq,
  version);
CREATE INDEX IF NOT EXISTS tasks_by_deadline ON tasks (deadline, id);
CREATE INDEX IF NOT EXISTS tasks_by_updated ON tasks (updated_at, id);
-- Each task's seq, version, updated_at, current task_versions row (recorded at, version) and
-- ROW_HEAD's values as a JSON array: what the next event is folded from.
CREATE TABLE IF NOT EXISTS task_heads (id TEXT PRIMARY KEY, head TEXT NOT NULL) WITHOUT ROWID;
${TEXT_INDEX_SQL}
${TEXT_INSPECTIONS_SQL}
`;
/** What the row and the text index are written from. */
export const ROW_HEAD = taskHead([
  'inspectionId',
  'number',
  'title',
  'problem',
  'category',
  'regionCode',
  'regionName',
  'leadUnit',
  'supportingUnits',
  'acceptanceUnit',
  'deadline',
  'longTerm',
  'signOffTier',
  'status',
  'scheduleStatus',
  'reopenedCount',
  'spotCheck',
  'updatedAt',
  'parentId',
]);
export type RowHead = ReturnType<typeof ROW_HEAD.of>;

/**
 * Heads kept in memory between batches, by the length of their JSON (about 500 each at
 * bench:scale): a round's tasks advance together, so the next batch reads most of the heads this
 * one wrote.
 */
const KEEP_HEAD_BYTES = 8 * 2 ** 20;

/** A task as the projection holds it during a batch; its `tasks` and `task_heads` rows are written at the batch's end. */
interface Held {
  readonly seq: number;
  readonly head: RowHead;
  readonly version: number;
  readonly updatedAt: string;
  /** Its current `task_versions` row. */
  readonly live: LiveVersion | null;
  /** The head its `tasks` row was last written from (none: no row yet), for the national counters. */
  written: RowHead | null;
}

/** Sorts by inspection, then list number (zero-padded so text order is number order). */
export const numberKey = (s: Pick<TaskState, 'inspectionId' | 'number'>): string =>
  `${s.inspectionId}|${String(s.number ?? 99_999_999).padStart(8, '0')}`;

interface Statements {
  db: DatabaseSync;
  get: StatementSync;
  put: StatementSync;
  putHead: StatementSync;
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
        get: db.prepare('SELECT head FROM task_heads WHERE id = ?'),
        put: db.prepare(`INSERT OR REPLACE INTO tasks (id, seq, inspection_id, number_key, number,
          title, category, region_code, region_name, lead_unit, supporting_units, acceptance_unit,
          deadline, long_term, sign_off_tier, status, schedule_status, reopened_count,
          spot_check_pending, updated_at, version, parent_id, board_flags, overdue_from)
          VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
          ?19, ?20, ?21, ?22, ${PUT_FLAGS.flags}, ${PUT_FLAGS.overdueFrom})`),
        putHead: db.prepare('INSERT OR REPLACE INTO task_heads (id, head) VALUES (?, ?)'),
        dropText: db.prepare('DELETE FROM task_text WHERE rowid = ?'),
        putText: db.prepare('INSERT INTO task_text (rowid, title, problem) VALUES (?, ?, ?)'),
      };
    }
    return prepared;
  };
  const texts = textInspections();
  const versions = taskVersionRows();
  const counters = taskCounters();
  const held = writeBehind<string, Held>(
    (id, db) => {
      const row = statements(db).get.get(id) as { head: string } | undefined;
      if (!row) return undefined;
      const [seq, version, updatedAt, live, ...values] = JSON.parse(row.head) as [
        number,
        number,
        string,
        LiveVersion | null,
        ...unknown[],
      ];
      const head = ROW_HEAD.fromValues(values);
      return { seq, version, updatedAt, live, head, written: head };
    },
    (id, value, db) => {
      const { seq, head: s, version, updatedAt, live } = value;
      counters.move(value.written, s);
      value.written = s;
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
      const text = JSON.stringify([seq, version, updatedAt, live, ...ROW_HEAD.values(s)]);
      st.putHead.run(id, text);
      return text.length;
    },
    KEEP_HEAD_BYTES,
  );
  return {
    name: 'tasks',
    // 4: a version row only when a board column changed, keyed for the board as of a moment; rows
    // written once per batch; states deflated.
    // 4: write-behind batches, deflated states, versions only when a board column changes (issue 16);
    // 5: with sign-off paths, sub-items and reconciliation in the kept state (issue 12);
    // 6: parent_id on the board columns (the board rolls sub-items up into their problem);
    // 7: the national roll-up's counters (issue 16);
    // 8: tasks_children, the sub-items apart for the board's roll-up; tasks_by_inspection covering;
    // 9: the board's flags stored on the rows with a covering index per group, and task_versions
    // keyed as a tree of time (version-tree.ts) so the board as of a moment reads the rows live then;
    // 10: the filter indexes (region, units, category) cover a page's checks and keys;
    // 11: text rows keyed by inspection (task-text.ts), so a text page reads its first inspections.
    // 12: task_versions holds its group names as numbers (task_names) and its flags without the raw
    // columns they come from: rows half as wide, and the board as of a moment groups integers.
    // 13: task_versions and task_names moved to their own projection, `task-versions`, which a
    // rebuild runs in the worker thread beside the ledger.
    // 14: no whole states (task_states): a head of what the row shows (task_heads); pages fold
    // states from the ledger.
    // 15: task_versions and task_names back from `task-versions` (version 1), written from the same
    // head: folded once, not twice, now that the head is small and no state is packed.
    // 16: each task's current version row kept with its head, not in an index (task_versions_live).
    // 17: the national counters moved by the projection once per task and batch, not by triggers.
    version: 17,
    metadataFields: ['recordedAt'],
    filter: { streamPrefixes: [taskDecider.streamPrefix] },
    // The national roll-up's task counters: set up, moved and dropped with `tasks`.
    setup: (db) => db.exec(TABLES + VERSION_TABLES + TASK_COUNTERS_SQL),
    drop: (db) => {
      prepared = undefined;
      held.discard();
      counters.discard();
      texts.forget();
      versions.forget();
      // task_board_heads: task-versions' (version 1), whose tables these are again.
      db.exec(`DROP TABLE IF EXISTS tasks; DROP TABLE IF EXISTS task_states;
        DROP TABLE IF EXISTS task_heads; DROP TABLE IF EXISTS task_board_heads; ${DROP_VERSION_TABLES}
        DROP TABLE IF EXISTS task_text; DROP TABLE IF EXISTS task_text_inspections;
        ${DROP_TASK_COUNTERS_SQL}`);
    },
    endBatch: (db) => {
      versions.flush(db);
      held.flush(db);
      counters.flush(db);
      texts.flush(db);
    },
    abortBatch: () => {
      versions.discard();
      held.discard();
      counters.discard();
      texts.discard();
    },
    apply(event: RecordedEvent, db: DatabaseSync) {
      const st = statements(db);
      const id = event.streamId.slice(taskDecider.streamPrefix.length);
      const row = held.get(id, db);
      const before = row?.head;
      const seq = row ? row.seq : Number(event.position);
      const s = ROW_HEAD.evolve(before, event as unknown as TaskEvent);
      const version = Number(event.revision) + 1;
      const recordedAt = event.metadata.recordedAt;
      const live = versions.record(db, id, before, s, event, row?.live ?? null);
      const written = row?.written ?? null;
      held.set(id, { seq, head: s, version, updatedAt: s.updatedAt ?? recordedAt, live, written });
      // A task never changes inspection: its place in the list moves only with its number.
      if (!before) texts.listed(db, s.inspectionId, numberKey(s), id);
      else if (before.number !== s.number) texts.reordered(db, s.inspectionId);
      if (!before || before.title !== s.title || before.problem !== s.problem) {
        const rowid = textRowid(texts.rank(db, s.inspectionId), seq);
        if (before) st.dropText.run(rowid);
        st.putText.run(rowid, textTokens(s.title), textTokens(s.problem));
      }
    },
  };
}
