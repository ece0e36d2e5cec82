import type { DatabaseSync } from 'node:sqlite';
import type { CollectionFigures } from '../../src/collection/domain/round.figures.js';
import {
  DONE_STATUSES,
  type TaskState,
  type TaskStatus,
} from '../../src/tasks/domain/task.state.js';
import { recordStatesAt } from '../ledger/ledger.queries.js';
import { tasksPage } from '../tasks/tasks.queries.js';

/** The planned completion year: the deadline's year in Beijing time (UTC+8). */
export const plannedYear = (deadline: string): number =>
  Number(new Date(Date.parse(deadline) + 8 * 3600_000).toISOString().slice(0, 4));

const isDone = (t: TaskState) => DONE_STATUSES.includes(t.status as TaskStatus);

/**
 * One problem of the list as the figures count it: a task without a parent, with its sub-items'
 * states. A sub-item never counts on its own (one province's 56 problems became 275 tasks; the
 * report says 56); see rolledUp for how its sub-items weigh on it.
 */
export interface Problem {
  readonly task: TaskState;
  readonly children: readonly TaskState[];
}

/**
 * Groups tasks into problems: each top-level task with the sub-items that name it as parent. A
 * sub-item whose parent is not among the tasks (not listed yet at that moment) is left out.
 */
export function problemsOf(tasks: Iterable<TaskState>): Problem[] {
  const top = new Map<string, { task: TaskState; children: TaskState[] }>();
  const subItems: TaskState[] = [];
  for (const t of tasks) {
    if (t.status === 'NONE') continue;
    if (t.parentId) subItems.push(t);
    else top.set(t.taskId, { task: t, children: [] });
  }
  for (const c of subItems) top.get(c.parentId!)?.children.push(c);
  return [...top.values()];
}

/**
 * A problem's standing at `at`, rolled up from its sub-items: done only when the parent is (it
 * cannot be signed off while a sub-item is open); due by the parent's deadline (the list's 整改时限);
 * behind when not done and due, or the parent or any open sub-item is behind (its own deadline
 * passed or last reported BEHIND); not assigned only when neither it nor any sub-item is assigned.
 */
export function rolledUp({ task, children }: Problem, at: string) {
  const done = isDone(task);
  const due = task.deadline !== null && task.deadline < at;
  const behindAlone = (t: TaskState) =>
    !isDone(t) && ((t.deadline !== null && t.deadline < at) || t.scheduleStatus === 'BEHIND');
  const behind = !done && (behindAlone(task) || children.some(behindAlone));
  const notAssigned = task.status === 'LISTED' && children.every((c) => c.status === 'LISTED');
  return { done, due, behind, notAssigned };
}

/**
 * A round report's figures over these tasks at time `at`, counted per problem (problemsOf,
 * rolledUp) with the board's rules (board.queries.ts): done = SIGNED_OFF or LONG_TERM; due = a
 * deadline before `at`; listed-only problems are not assigned; every other open one is on schedule.
 */
export function figuresOf(tasks: Iterable<TaskState>, at: string): CollectionFigures {
  const f: CollectionFigures = {
    total: 0,
    done: 0,
    due: 0,
    dueAndDone: 0,
    onSchedule: 0,
    behind: 0,
    notAssigned: 0,
    longTerm: 0,
    longTermDone: 0,
    byYear: [],
  };
  const years = new Map<number, { planned: number; done: number }>();
  for (const problem of problemsOf(tasks)) {
    const t = problem.task;
    const { done, due, behind, notAssigned } = rolledUp(problem, at);
    f.total++;
    if (due) f.due++;
    if (due && done) f.dueAndDone++;
    if (done) f.done++;
    else if (behind) f.behind++;
    else if (notAssigned) f.notAssigned++;
    else f.onSchedule++;
    if (t.longTerm) {
      f.longTerm++;
      if (done) f.longTermDone++;
    }
    if (t.deadline !== null) {
      const y = years.get(plannedYear(t.deadline)) ?? { planned: 0, done: 0 };
      y.planned++;
      if (done) y.done++;
      years.set(plannedYear(t.deadline), y);
    }
  }
  f.byYear = [...years.entries()].sort(([a], [b]) => a - b).map(([year, y]) => ({ year, ...y }));
  return f;
}

/** Every task of the inspection as it stood at `position`: the ledger's states, not today's. */
export function* inspectionTasksAt(
  db: DatabaseSync,
  inspectionId: string,
  position: bigint,
): Generator<TaskState> {
  for (const { state } of recordStatesAt(db, 'task-', position)) {
    const task = state as TaskState;
    if (task.inspectionId === inspectionId) yield task;
  }
}

/** The figures of an inspection's tasks at a ledger position, deadlines read against `at`. */
export const figuresAt = (
  db: DatabaseSync,
  inspectionId: string,
  position: bigint,
  at: string,
): CollectionFigures => figuresOf(inspectionTasksAt(db, inspectionId, position), at);

/**
 * The tasks a round over a whole inspection asks about: assigned (a lead unit to report) and not
 * signed off; long-term ones keep reporting. Read a page at a time from the tasks read model.
 */
export function openTasksOf(db: DatabaseSync, inspectionId: string, now: string): TaskState[] {
  const open: TaskState[] = [];
  let after: [string, string] | undefined;
  for (;;) {
    const page = tasksPage(db, { inspectionId }, 'NUMBER', 100, after, now);
    for (const { state: t } of page.rows) {
      if (t.leadUnit && t.status !== 'LISTED' && t.status !== 'SIGNED_OFF') open.push(t);
    }
    if (!page.hasNext || page.rows.length === 0) return open;
    after = page.rows[page.rows.length - 1].key;
  }
}
