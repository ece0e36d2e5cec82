import { DONE_STATUSES } from '../../src/tasks/domain/task.state.js';

/**
 * Per-inspection counters for the national roll-up (`nationalSummary`), kept by SQLite triggers on
 * the rows the tasks and accountability projections already write: each counter moves by the
 * difference between a row's old and new values, in the same transaction, so the counts always equal
 * an aggregation of those rows and a summary reads a few rows per inspection instead of every task.
 * They live and die with the tables they count (set up with them, dropped with them), so rebuilding
 * one of those projections rebuilds its counters.
 */

const DONE = `(${DONE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * A problem's open deadline as the board's roll-up reads it (issue 12): a problem not done is
 * overdue at a moment when its own deadline or that of one of its sub-items not done is before it,
 * so it is counted under the earliest of them. `problem` is the SQL naming the problem's id; the
 * sub-items are a range of the partial index tasks_children.
 */
const placeProblem = (problem: string) => `
  DELETE FROM national_problem_deadlines WHERE id = ${problem};
  INSERT INTO national_problem_deadlines (id, inspection_id, deadline)
    SELECT id, inspection_id, COALESCE(MIN(deadline, sub), deadline, sub) AS due FROM (
      SELECT p.id, p.inspection_id, p.deadline, (SELECT MIN(c.deadline) FROM tasks c
        WHERE c.inspection_id = p.inspection_id AND c.parent_id = p.id
          AND c.status NOT IN ${DONE}) AS sub
      FROM tasks p WHERE p.id = ${problem} AND p.parent_id IS NULL AND p.status NOT IN ${DONE})
    WHERE due IS NOT NULL;`;

/**
 * Problems by status, and problems not done with a deadline by deadline (overdue = those before a
 * moment). Like the board (issue 12), the roll-up counts problems: sub-items (rows with a parent)
 * are not counted on their own, but an open sub-item's deadline makes its open problem overdue,
 * as on the board: `national_problem_deadlines` keeps each open problem's earliest open deadline
 * (its own or a sub-item's), recomputed whenever the problem or one of its sub-items is written,
 * and `national_open_deadlines` counts those rows by deadline. A task's parent and inspection are
 * set when it is listed and never change.
 */
export const TASK_COUNTERS_SQL = `
CREATE TABLE IF NOT EXISTS national_task_counts (
  inspection_id TEXT NOT NULL,
  status        TEXT NOT NULL,
  n             INTEGER NOT NULL,
  PRIMARY KEY (inspection_id, status)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS national_problem_deadlines (
  id            TEXT PRIMARY KEY,
  inspection_id TEXT NOT NULL,
  deadline      TEXT NOT NULL
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
CREATE TRIGGER IF NOT EXISTS national_problem_deadline_in AFTER INSERT ON national_problem_deadlines
BEGIN
  INSERT INTO national_open_deadlines (inspection_id, deadline, n)
    VALUES (NEW.inspection_id, NEW.deadline, 1)
    ON CONFLICT (inspection_id, deadline) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS national_problem_deadline_out AFTER DELETE ON national_problem_deadlines
BEGIN
  UPDATE national_open_deadlines SET n = n - 1
    WHERE inspection_id = OLD.inspection_id AND deadline = OLD.deadline;
END;
CREATE TRIGGER IF NOT EXISTS national_task_out BEFORE INSERT ON tasks
  WHEN EXISTS (SELECT 1 FROM tasks WHERE id = NEW.id AND parent_id IS NULL)
BEGIN
  UPDATE national_task_counts SET n = n - 1
    WHERE (inspection_id, status) = (SELECT inspection_id, status FROM tasks WHERE id = NEW.id);
END;
CREATE TRIGGER IF NOT EXISTS national_task_in AFTER INSERT ON tasks
BEGIN
  INSERT INTO national_task_counts (inspection_id, status, n)
    SELECT NEW.inspection_id, NEW.status, 1 WHERE NEW.parent_id IS NULL
    ON CONFLICT (inspection_id, status) DO UPDATE SET n = n + 1;
  ${placeProblem('COALESCE(NEW.parent_id, NEW.id)')}
END;
CREATE TRIGGER IF NOT EXISTS national_task_changed
  AFTER UPDATE OF inspection_id, status, deadline, parent_id ON tasks
BEGIN
  UPDATE national_task_counts SET n = n - 1
    WHERE inspection_id = OLD.inspection_id AND status = OLD.status AND OLD.parent_id IS NULL;
  INSERT INTO national_task_counts (inspection_id, status, n)
    SELECT NEW.inspection_id, NEW.status, 1 WHERE NEW.parent_id IS NULL
    ON CONFLICT (inspection_id, status) DO UPDATE SET n = n + 1;
  ${placeProblem('COALESCE(NEW.parent_id, NEW.id)')}
END;
CREATE TRIGGER IF NOT EXISTS national_task_deleted AFTER DELETE ON tasks
BEGIN
  UPDATE national_task_counts SET n = n - 1
    WHERE inspection_id = OLD.inspection_id AND status = OLD.status AND OLD.parent_id IS NULL;
  ${placeProblem('COALESCE(OLD.parent_id, OLD.id)')}
END;
`;

export const DROP_TASK_COUNTERS_SQL = `DROP TABLE IF EXISTS national_task_counts;
  DROP TABLE IF EXISTS national_problem_deadlines; DROP TABLE IF EXISTS national_open_deadlines;`;

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
