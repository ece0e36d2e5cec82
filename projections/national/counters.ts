import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { DONE_STATUSES, type TaskState } from '../../src/tasks/domain/task.state.js';

/**
 * Per-inspection counters for the national roll-up (`nationalSummary`), kept in the same transaction
 * as the rows the tasks and accountability projections write: each counter moves by the difference
 * between a row's old and new values, so the counts always equal an aggregation of those rows and a
 * summary reads a few rows per inspection instead of every task. They live and die with the tables
 * they count (set up with them, dropped with them), so rebuilding one of those projections rebuilds
 * its counters.
 */

/**
 * Problems by status, and problems not done with a deadline by deadline (overdue = those before a
 * moment). Like the board (issue 12), the roll-up counts problems: sub-items (rows with a parent)
 * are not counted on their own. Unlike the board, a problem is not counted overdue for an overdue
 * sub-item alone; its own deadline decides.
 *
 * The tasks projection moves these from what it writes (`taskCounters`), once per task per batch: as
 * triggers on `tasks` they cost 1.2 us of its 14 us an event in a rebuild (a lookup of the old row
 * before every write, bench:rebuild --only tasks --split).
 */
export const TASK_COUNTERS_SQL = `
CREATE TABLE IF NOT EXISTS national_task_counts (
  inspection_id TEXT NOT NULL,
  status        TEXT NOT NULL,
  n             INTEGER NOT NULL,
  PRIMARY KEY (inspection_id, status)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS national_open_deadlines (
  inspection_id TEXT NOT NULL,
  deadline      TEXT NOT NULL,
  n             INTEGER NOT NULL,
  PRIMARY KEY (inspection_id, deadline)
) WITHOUT ROWID;
-- A counter that falls to zero goes, so the rows are the same however the events were batched.
CREATE TRIGGER IF NOT EXISTS national_task_count_zero AFTER UPDATE OF n ON national_task_counts
  WHEN NEW.n = 0
BEGIN
  DELETE FROM national_task_counts WHERE inspection_id = NEW.inspection_id AND status = NEW.status;
END;
CREATE TRIGGER IF NOT EXISTS national_open_deadline_zero AFTER UPDATE OF n ON national_open_deadlines
  WHEN NEW.n = 0
BEGIN
  DELETE FROM national_open_deadlines
    WHERE inspection_id = NEW.inspection_id AND deadline = NEW.deadline;
END;
`;

/** What a `tasks` row is counted by. */
export type CountedTask = Pick<TaskState, 'inspectionId' | 'status' | 'deadline' | 'parentId'>;

export interface TaskCounters {
  /** A task's row goes from `was` (none: a new row) to `now` in this batch. */
  move(was: CountedTask | null, now: CountedTask): void;
  /** Writes the batch's moves (in its transaction) and forgets them. */
  flush(db: DatabaseSync): void;
  discard(): void;
}

// Neither an inspection id nor a status or date holds a line feed.
const SEP = '\n';
const DONE: ReadonlySet<string> = new Set(DONE_STATUSES);

export function taskCounters(): TaskCounters {
  const counts = new Map<string, number>();
  const deadlines = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, by: number) =>
    map.set(key, (map.get(key) ?? 0) + by);
  const count = (t: CountedTask, by: number) => {
    if (t.parentId != null) return;
    add(counts, t.inspectionId + SEP + t.status, by);
    if (t.deadline != null && !DONE.has(t.status))
      add(deadlines, t.inspectionId + SEP + t.deadline, by);
  };
  let prepared: { db: DatabaseSync; counts: StatementSync; deadlines: StatementSync } | undefined;
  const write = (statement: StatementSync, map: Map<string, number>) => {
    for (const [key, n] of map) {
      if (n === 0) continue;
      const at = key.indexOf(SEP);
      statement.run(key.slice(0, at), key.slice(at + 1), n);
    }
    map.clear();
  };
  return {
    move(was, now) {
      if (was) count(was, -1);
      count(now, 1);
    },
    flush(db) {
      if (prepared?.db !== db) {
        const upsert = (table: string, column: string) =>
          db.prepare(`INSERT INTO ${table} (inspection_id, ${column}, n) VALUES (?, ?, ?)
            ON CONFLICT (inspection_id, ${column}) DO UPDATE SET n = n + excluded.n`);
        prepared = {
          db,
          counts: upsert('national_task_counts', 'status'),
          deadlines: upsert('national_open_deadlines', 'deadline'),
        };
      }
      write(prepared.counts, counts);
      write(prepared.deadlines, deadlines);
    },
    discard() {
      counts.clear();
      deadlines.clear();
    },
  };
}

export const DROP_TASK_COUNTERS_SQL =
  'DROP TABLE IF EXISTS national_task_counts; DROP TABLE IF EXISTS national_open_deadlines;';

/**
 * People held accountable (a person with at least one sanction not withdrawn, as the accountability
 * summary counts them), per inspection: a person counts when their first such sanction row appears
 * and stops when their last one goes (the projection rewrites a case's sanctions as delete + insert).
 */
export const HELD_COUNTERS_SQL = `
CREATE TABLE IF NOT EXISTS national_held_counts (
  inspection_id TEXT PRIMARY KEY,
  n             INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS national_held_count_zero AFTER UPDATE OF n ON national_held_counts
  WHEN NEW.n = 0
BEGIN
  DELETE FROM national_held_counts WHERE inspection_id = NEW.inspection_id;
END;
CREATE TRIGGER IF NOT EXISTS national_held_in AFTER INSERT ON accountability_sanctions
  WHEN NEW.status <> 'WITHDRAWN' AND (SELECT COUNT(*) FROM accountability_sanctions
    WHERE case_id = NEW.case_id AND person_id = NEW.person_id AND status <> 'WITHDRAWN') = 1
BEGIN
  INSERT INTO national_held_counts (inspection_id, n)
    SELECT inspection_id, 1 FROM accountability_cases WHERE case_id = NEW.case_id
    ON CONFLICT (inspection_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS national_held_out AFTER DELETE ON accountability_sanctions
  WHEN OLD.status <> 'WITHDRAWN' AND NOT EXISTS (SELECT 1 FROM accountability_sanctions
    WHERE case_id = OLD.case_id AND person_id = OLD.person_id AND status <> 'WITHDRAWN')
BEGIN
  UPDATE national_held_counts SET n = n - 1
    WHERE inspection_id = (SELECT inspection_id FROM accountability_cases WHERE case_id = OLD.case_id);
END;
`;

export const DROP_HELD_COUNTERS_SQL = 'DROP TABLE IF EXISTS national_held_counts;';
