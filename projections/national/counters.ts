import { DONE_SQL as DONE } from '../tasks/done-sql.js';

/**
 * Per-inspection counters for the national roll-up (`nationalSummary`), kept by SQLite triggers on
 * the rows the tasks and accountability projections already write: each counter moves by the
 * difference between a row's old and new values, in the same transaction, so the counts always equal
 * an aggregation of those rows and a summary reads a few rows per inspection instead of every task.
 * They live and die with the tables they count (set up with them, dropped with them), so rebuilding
 * one of those projections rebuilds its counters.
 */

/**
 * Problems by status, and problems not done with a deadline by deadline (overdue = those before a
 * moment). Like the board (issue 12), the roll-up counts problems: sub-items (rows with a parent)
 * are not counted on their own. Unlike the board, a problem is not counted overdue for an overdue
 * sub-item alone; its own deadline decides.
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
-- INSERT OR REPLACE replaces a task's row without a delete trigger: take the old row out first.
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
CREATE TRIGGER IF NOT EXISTS national_task_out BEFORE INSERT ON tasks
  WHEN EXISTS (SELECT 1 FROM tasks WHERE id = NEW.id AND parent_id IS NULL)
BEGIN
  UPDATE national_task_counts SET n = n - 1
    WHERE (inspection_id, status) = (SELECT inspection_id, status FROM tasks WHERE id = NEW.id);
  UPDATE national_open_deadlines SET n = n - 1
    WHERE (inspection_id, deadline) = (SELECT inspection_id, deadline FROM tasks
      WHERE id = NEW.id AND deadline IS NOT NULL AND status NOT IN ${DONE});
END;
CREATE TRIGGER IF NOT EXISTS national_task_in AFTER INSERT ON tasks WHEN NEW.parent_id IS NULL
BEGIN
  INSERT INTO national_task_counts (inspection_id, status, n) VALUES (NEW.inspection_id, NEW.status, 1)
    ON CONFLICT (inspection_id, status) DO UPDATE SET n = n + 1;
  INSERT INTO national_open_deadlines (inspection_id, deadline, n)
    SELECT NEW.inspection_id, NEW.deadline, 1
    WHERE NEW.deadline IS NOT NULL AND NEW.status NOT IN ${DONE}
    ON CONFLICT (inspection_id, deadline) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS national_task_changed
  AFTER UPDATE OF inspection_id, status, deadline, parent_id ON tasks
BEGIN
  UPDATE national_task_counts SET n = n - 1
    WHERE inspection_id = OLD.inspection_id AND status = OLD.status AND OLD.parent_id IS NULL;
  UPDATE national_open_deadlines SET n = n - 1
    WHERE inspection_id = OLD.inspection_id AND deadline = OLD.deadline AND OLD.status NOT IN ${DONE}
      AND OLD.parent_id IS NULL;
  INSERT INTO national_task_counts (inspection_id, status, n)
    SELECT NEW.inspection_id, NEW.status, 1 WHERE NEW.parent_id IS NULL
    ON CONFLICT (inspection_id, status) DO UPDATE SET n = n + 1;
  INSERT INTO national_open_deadlines (inspection_id, deadline, n)
    SELECT NEW.inspection_id, NEW.deadline, 1
    WHERE NEW.deadline IS NOT NULL AND NEW.status NOT IN ${DONE} AND NEW.parent_id IS NULL
    ON CONFLICT (inspection_id, deadline) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS national_task_deleted AFTER DELETE ON tasks WHEN OLD.parent_id IS NULL
BEGIN
  UPDATE national_task_counts SET n = n - 1
    WHERE inspection_id = OLD.inspection_id AND status = OLD.status;
  UPDATE national_open_deadlines SET n = n - 1
    WHERE inspection_id = OLD.inspection_id AND deadline = OLD.deadline AND OLD.status NOT IN ${DONE};
END;
`;

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
