import type { DatabaseSync } from 'node:sqlite';
import { DONE_STATUSES, STATUS_LABELS, type TaskState } from '../src/tasks/task.state.js';

export const BOARD_GROUPS = ['REGION', 'LEAD_UNIT', 'CATEGORY', 'STATUS'] as const;
export type BoardGroupBy = (typeof BOARD_GROUPS)[number];

export interface BoardCounts {
  total: number;
  /** Signed off, or done and continuing long-term. */
  done: number;
  /** Assigned and not yet done (listed-only tasks are neither). */
  inProgress: number;
  /** Not done and past the deadline as of the board's moment. */
  overdue: number;
  /** Not done, and overdue or last reported behind schedule. */
  behindSchedule: number;
  /** Reopened at least once. */
  reopened: number;
}

export interface BoardGroup extends BoardCounts {
  key: string;
  label: string;
}

const zero = (): BoardCounts => ({
  total: 0,
  done: 0,
  inProgress: 0,
  overdue: 0,
  behindSchedule: 0,
  reopened: 0,
});

/** Adds one task to counts, judged as of `at` (the clock, or the asOf moment). */
export function count(counts: BoardCounts, t: TaskState, at: string): void {
  const done = DONE_STATUSES.includes(t.status as never);
  const overdue = !done && t.deadline !== null && t.deadline < at;
  counts.total++;
  if (done) counts.done++;
  else if (t.status !== 'LISTED') counts.inProgress++;
  if (overdue) counts.overdue++;
  if (!done && (overdue || t.scheduleStatus === 'BEHIND')) counts.behindSchedule++;
  if (t.reopenedCount > 0) counts.reopened++;
}

const NONE = '（未填）/ (none)';

function groupOf(t: TaskState, by: BoardGroupBy): [string, string] {
  switch (by) {
    case 'REGION':
      return [t.regionCode ?? '', t.regionName ?? NONE];
    case 'LEAD_UNIT':
      return [t.leadUnit ?? '', t.leadUnit ?? NONE];
    case 'CATEGORY':
      return [t.category ?? '', t.category ?? NONE];
    case 'STATUS':
      return [t.status, `${STATUS_LABELS[t.status]} / ${t.status}`];
  }
}

/**
 * The inspection's tasks as they stood at `asOf`, or now. Now reads the current ledger table; asOf
 * reads, per task, the ledger entry with the highest version recorded at or before `asOf` (one
 * index probe per task on ledger_by_stream). Tasks listed after `asOf` have no such entry and drop out.
 */
export function boardStates(db: DatabaseSync, inspectionId: string, asOf?: string): TaskState[] {
  const rows = asOf
    ? db
        .prepare(
          `SELECT (SELECT l.state FROM ledger_entries l
                   WHERE l.stream_id = 'task-' || t.id AND l.recorded_at <= ?
                   ORDER BY l.version DESC LIMIT 1) AS state
           FROM tasks t WHERE t.inspection_id = ?`,
        )
        .all(asOf, inspectionId)
    : db.prepare('SELECT state FROM tasks WHERE inspection_id = ?').all(inspectionId);
  return (rows as { state: string | null }[])
    .filter((r) => r.state !== null)
    .map((r) => JSON.parse(r.state!) as TaskState);
}

/** Per-group counts for the progress board (挂图作战), groups ordered by key. */
export function board(
  states: readonly TaskState[],
  groupBy: BoardGroupBy,
  at: string,
): { totals: BoardCounts; groups: BoardGroup[] } {
  const totals = zero();
  const groups = new Map<string, BoardGroup>();
  for (const t of states) {
    const [key, label] = groupOf(t, groupBy);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label, ...zero() }));
    count(g, t, at);
    count(totals, t, at);
  }
  return { totals, groups: [...groups.values()].sort((a, b) => a.key.localeCompare(b.key)) };
}
