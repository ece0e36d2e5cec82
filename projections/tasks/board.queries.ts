import { ENUM_VALUES, type BoardCounts, type BoardGroup } from '../../src/generated/graphql.js';
import type { DatabaseSync } from 'node:sqlite';
import {
  DONE_STATUSES,
  STATUS_LABELS,
  type TaskStatus,
} from '../../src/tasks/domain/task.state.js';

export const BOARD_GROUPS = ENUM_VALUES.BoardGroupBy;
export type BoardGroupBy = (typeof BOARD_GROUPS)[number];

/** The board's counts and groups, as the SDL defines them (schema/tasks.graphql). */
export type { BoardCounts, BoardGroup };

const NONE = '（未填）/ (none)';
const DONE = `(${DONE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Each group's key and label columns. */
export const GROUP: Record<BoardGroupBy, { key: string; label: string }> = {
  REGION: { key: "COALESCE(region_code, '')", label: 'MIN(region_name)' },
  LEAD_UNIT: { key: "COALESCE(lead_unit, '')", label: 'MIN(lead_unit)' },
  CATEGORY: { key: "COALESCE(category, '')", label: 'MIN(category)' },
  STATUS: { key: 'status', label: 'status' },
  // The inspection's province (projections/national), for a board over several inspections.
  PROVINCE: {
    key: "COALESCE((SELECT province FROM national_inspections n WHERE n.inspection_id = b.inspection_id), '')",
    label:
      'MIN((SELECT province_name FROM national_inspections n WHERE n.inspection_id = b.inspection_id))',
  },
};

/** The inspections a board counts, as the statements' :inspections parameter (a JSON array). */
export const inspectionsParam = (inspections: string | readonly string[]): string =>
  JSON.stringify(typeof inspections === 'string' ? [inspections] : inspections);

/**
 * Which tasks each count counts, as of `at` (the clock, or the asOf moment): done = SIGNED_OFF or
 * LONG_TERM; in progress = assigned and not done (listed-only tasks are neither); overdue = not done
 * and the deadline before `at`; behind schedule = not done, and overdue or last reported BEHIND;
 * reopened = reopened at least once. The counts and the lists behind them (board-tasks.queries.ts)
 * both use these.
 */
export const MEASURE_SQL: Record<Exclude<keyof BoardCounts, 'total'>, string> = {
  done: `status IN ${DONE}`,
  inProgress: `status NOT IN ${DONE} AND status <> 'LISTED'`,
  overdue: `status NOT IN ${DONE} AND deadline IS NOT NULL AND deadline < :at`,
  behindSchedule: `status NOT IN ${DONE} AND ((deadline IS NOT NULL AND deadline < :at)
    OR schedule_status IS 'BEHIND')`,
  reopened: 'reopened_count > 0',
};

const MEASURES = Object.keys(MEASURE_SQL) as (keyof typeof MEASURE_SQL)[];

const COUNTS = `COUNT(*) AS total, ${MEASURES.map((name) => `SUM(${name}) AS ${name}`).join(', ')}`;

/**
 * The board counts problems, not tasks (issue 12): one province's 56 problems became 275 tasks and
 * its board says 56. Over the task rows of `source` (NOW or AS_OF) this gives one row per problem
 * (a task without a parent), grouped by the problem's own columns, with each measure as a 0/1
 * column rolled up from its sub-items: done only when the problem itself is (it cannot be signed
 * off while a sub-item is open); in progress, overdue, behind schedule when not done and the
 * problem or any sub-item is; reopened when it or any sub-item was. Sub-items are listed under
 * their problem (task.children), never counted on their own.
 */
export const problemRows = (source: string): string => {
  const flags = MEASURES.map((name) => `(${MEASURE_SQL[name]}) AS ${name}`).join(', ');
  const sub = MEASURES.filter((name) => name !== 'done');
  return `WITH t AS (SELECT *, ${flags} FROM (${source})),
    c AS (SELECT parent_id, ${sub.map((name) => `MAX(${name}) AS ${name}`).join(', ')}
      FROM t WHERE parent_id IS NOT NULL GROUP BY parent_id)
    SELECT t.inspection_id, t.id, t.status, t.region_code, t.region_name, t.lead_unit, t.category, t.done,
      ${sub
        .map((name) =>
          name === 'reopened'
            ? `(t.reopened OR COALESCE(c.reopened, 0)) AS reopened`
            : `(NOT t.done AND (t.${name} OR COALESCE(c.${name}, 0))) AS ${name}`,
        )
        .join(', ')}
    FROM t LEFT JOIN c ON c.parent_id = t.id WHERE t.parent_id IS NULL`;
};

/**
 * The inspections' tasks now: the tasks_by_inspection_status index alone covers the board columns.
 * As of a moment: task_versions holds one narrow row per change of these columns with the time it
 * was superseded; the rows live at `asOf` (recorded at or before it, superseded after it) are one
 * per task, a range of the table's key. Tasks listed after `asOf` have no such row and drop out.
 */
const INSPECTIONS = 'inspection_id IN (SELECT value FROM json_each(:inspections))';
export const NOW = `SELECT inspection_id, id, status, deadline, schedule_status, reopened_count, region_code,
  region_name, lead_unit, category, parent_id FROM tasks INDEXED BY tasks_by_inspection_status WHERE ${INSPECTIONS}`;
export const AS_OF = `SELECT inspection_id, id, status, deadline, schedule_status, reopened_count,
  region_code, region_name, lead_unit, category, parent_id FROM task_versions
  WHERE ${INSPECTIONS} AND superseded_at > :asOf AND recorded_at <= :asOf`;

/**
 * Per-group counts for the progress board (挂图作战), groups ordered by key, counted in SQL over
 * narrow columns: the whole records are never read or parsed.
 */
export function boardCounts(
  db: DatabaseSync,
  inspections: string | readonly string[],
  groupBy: BoardGroupBy,
  at: string,
  asOf?: string,
): { totals: BoardCounts; groups: BoardGroup[] } {
  const { key, label } = GROUP[groupBy];
  const rows = db
    .prepare(
      `SELECT ${key} AS key, ${label} AS label, ${COUNTS} FROM (${problemRows(asOf ? AS_OF : NOW)}) AS b GROUP BY 1`,
    )
    .all({
      inspections: inspectionsParam(inspections),
      at,
      ...(asOf ? { asOf } : {}),
    }) as unknown as (BoardCounts & {
    key: string;
    label: string | null;
  })[];
  const totals: BoardCounts = {
    total: 0,
    done: 0,
    inProgress: 0,
    overdue: 0,
    behindSchedule: 0,
    reopened: 0,
  };
  const groups = rows.map((r): BoardGroup => {
    for (const k of Object.keys(totals) as (keyof BoardCounts)[]) totals[k] += r[k];
    return {
      ...r,
      label:
        groupBy === 'STATUS'
          ? `${STATUS_LABELS[r.key as TaskStatus]} / ${r.key}`
          : (r.label ?? NONE),
    };
  });
  return { totals, groups: groups.sort((a, b) => a.key.localeCompare(b.key)) };
}
