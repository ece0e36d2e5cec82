import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '../src/event-store/event-store.port.js';
import type { TaskEvent } from '../src/tasks/task.events.js';
import { evolveTask } from '../src/tasks/task.evolve.js';
import { initialTaskState, type TaskState } from '../src/tasks/task.state.js';
import type { Projection } from './projection.js';

const TABLES = `
CREATE TABLE IF NOT EXISTS tasks (
  id              TEXT PRIMARY KEY,
  inspection_id   TEXT NOT NULL,
  number_key      TEXT NOT NULL,
  number          INTEGER,
  title           TEXT NOT NULL,
  problem         TEXT NOT NULL,
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
  state           TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tasks_by_inspection ON tasks (inspection_id, number_key, id);
CREATE INDEX IF NOT EXISTS tasks_by_status ON tasks (status, id);
CREATE INDEX IF NOT EXISTS tasks_by_region ON tasks (region_code, id);
CREATE INDEX IF NOT EXISTS tasks_by_lead_unit ON tasks (lead_unit, id);
CREATE INDEX IF NOT EXISTS tasks_by_acceptance_unit ON tasks (acceptance_unit, id);
CREATE INDEX IF NOT EXISTS tasks_by_category ON tasks (category, id);
CREATE INDEX IF NOT EXISTS tasks_by_deadline ON tasks (deadline, id);
CREATE INDEX IF NOT EXISTS tasks_by_updated ON tasks (updated_at, id);
`;

/** Sorts by inspection, then list number (zero-padded so text order is number order). */
export const numberKey = (s: TaskState): string =>
  `${s.inspectionId}|${String(s.number ?? 99_999_999).padStart(8, '0')}`;

/**
 * The current ledger (整改台账): one row per task with every ledger column, indexed for the `tasks`
 * filters, plus the whole record as JSON. Overdue is not stored: it depends on the clock, so
 * queries compute it from the deadline at read time.
 */
export function tasksProjection(): Projection {
  let prepared: { db: DatabaseSync; get: StatementSync; put: StatementSync } | undefined;
  const statements = (db: DatabaseSync) => {
    if (prepared?.db !== db) {
      prepared = {
        db,
        get: db.prepare('SELECT state FROM tasks WHERE id = ?'),
        put: db.prepare(`INSERT OR REPLACE INTO tasks (id, inspection_id, number_key, number, title,
          problem, category, region_code, region_name, lead_unit, supporting_units, acceptance_unit,
          deadline, long_term, sign_off_tier, status, schedule_status, reopened_count,
          spot_check_pending, updated_at, version, state)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      };
    }
    return prepared;
  };
  return {
    name: 'tasks',
    version: 1,
    filter: { streamPrefixes: ['task-'] },
    setup: (db) => db.exec(TABLES),
    drop: (db) => {
      prepared = undefined;
      db.exec('DROP TABLE IF EXISTS tasks');
    },
    apply(event: RecordedEvent, db: DatabaseSync) {
      const { get, put } = statements(db);
      const id = event.streamId.slice('task-'.length);
      const row = get.get(id) as { state: string } | undefined;
      const before = row ? (JSON.parse(row.state) as TaskState) : initialTaskState();
      const s = evolveTask(before, event as unknown as TaskEvent);
      put.run(
        id,
        s.inspectionId,
        numberKey(s),
        s.number,
        s.title,
        s.problem,
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
        s.spotCheck && s.spotCheck.result === null ? 1 : 0,
        s.updatedAt ?? event.metadata.recordedAt,
        Number(event.revision) + 1,
        JSON.stringify(s),
      );
    },
  };
}
