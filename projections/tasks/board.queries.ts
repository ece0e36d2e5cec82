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

/** The columns a problem row of the board reads. */
const BOARD_COLUMNS = `inspection_id, id, status, deadline, schedule_status, reopened_count, region_code,
  region_name, lead_unit, category, parent_id`;
const INSPECTIONS = 'inspection_id IN (SELECT value FROM json_each(:inspections))';

/**
 * The inspections' tasks now: the tasks_by_inspection_status index alone covers the board columns.
 * As of a moment: task_versions holds one narrow row per change of these columns with the time it
 * was superseded; the rows live at `asOf` (recorded at or before it, superseded after it) are one
 * per task, a range of the table's key. Tasks listed after `asOf` have no such row and drop out.
 */
export const NOW = `SELECT ${BOARD_COLUMNS} FROM tasks INDEXED BY tasks_by_inspection_status WHERE ${INSPECTIONS}`;
export const AS_OF = `SELECT ${BOARD_COLUMNS} FROM task_versions
  WHERE ${INSPECTIONS} AND superseded_at > :asOf AND recorded_at <= :asOf`;

/**
 * Sub-items only, now: the partial index tasks_children holds just the rows with a parent, so an
 * inspection without sub-items costs one empty index range, and one with them reads only those.
 */
const NOW_CHILDREN = `SELECT ${BOARD_COLUMNS} FROM tasks INDEXED BY tasks_children
  WHERE ${INSPECTIONS} AND parent_id IS NOT NULL`;

export type BoardSource = 'NOW' | 'AS_OF';

const SOURCES: Record<BoardSource, { problems: string; byId: string; children: string }> = {
  NOW: {
    problems: `${NOW} AND parent_id IS NULL`,
    // Without the forced index: joined on id, the problems with sub-items are key lookups.
    byId: `SELECT ${BOARD_COLUMNS} FROM tasks WHERE ${INSPECTIONS} AND parent_id IS NULL`,
    children: NOW_CHILDREN,
  },
  AS_OF: {
    problems: `${AS_OF} AND parent_id IS NULL`,
    byId: `${AS_OF} AND parent_id IS NULL`,
    children: `${AS_OF} AND parent_id IS NOT NULL`,
  },
};

/** The measures a sub-item passes up to its problem (done is the problem's own). */
const SUB = MEASURES.filter((name) => name !== 'done');

/** Per problem with sub-items (`parent_id`): whether any sub-item is counted by each of SUB. */
const childFlags = (source: BoardSource): string =>
  `SELECT parent_id, ${SUB.map((name) => `MAX(${MEASURE_SQL[name]}) AS ${name}`).join(', ')}
   FROM (${SOURCES[source].children}) GROUP BY parent_id`;

/** A problem's measure rolled up, over a problem row and its sub-items' flags `c`. */
const ROLLED: Record<(typeof SUB)[number], string> = Object.fromEntries(
  SUB.map((name) => [
    name,
    name === 'reopened'
      ? `((${MEASURE_SQL.reopened}) OR c.reopened)`
      : `(NOT (${MEASURE_SQL.done}) AND ((${MEASURE_SQL[name]}) OR c.${name}))`,
  ]),
) as Record<(typeof SUB)[number], string>;

const PROBLEM_COLUMNS =
  'b.inspection_id, b.id, b.status, b.region_code, b.region_name, b.lead_unit, b.category';

/**
 * The board counts problems, not tasks (issue 12): one province's 56 problems became 275 tasks and
 * its board says 56. Over the task rows of `source` (now or as of a moment) this gives one row per
 * problem (a task without a parent), grouped by the problem's own columns, with each measure as a
 * 0/1 column rolled up from its sub-items: done only when the problem itself is (it cannot be signed
 * off while a sub-item is open); in progress, overdue, behind schedule when not done and the
 * problem or any sub-item is; reopened when it or any sub-item was. Sub-items are listed under
 * their problem (task.children), never counted on their own.
 *
 * The problems without sub-items carry their own flags; only those with sub-items are joined with
 * their sub-items' flags, so the join is as large as the sub-items (bench:board-rollup).
 */
export const problemRows = (source: BoardSource): string => {
  const { problems, byId, children } = SOURCES[source];
  return `SELECT ${PROBLEM_COLUMNS}, ${MEASURES.map((name) => `(${MEASURE_SQL[name]}) AS ${name}`).join(', ')}
    FROM (${problems}) AS b WHERE b.id NOT IN (SELECT parent_id FROM (${children}))
    UNION ALL
    SELECT ${PROBLEM_COLUMNS}, (${MEASURE_SQL.done}) AS done,
      ${SUB.map((name) => `${ROLLED[name]} AS ${name}`).join(', ')}
    FROM (${childFlags(source)}) AS c JOIN (${byId}) AS b ON b.id = c.parent_id`;
};

/**
 * The board's groups over problemRows, counted without building its rows: every problem's own
 * flags summed straight from the scan, as a board of rows without sub-items would be, then per
 * group the problems whose sub-items turn a measure on (rolled up but not on their own) added.
 */
const countsSql = (source: BoardSource, key: string, label: string): string => {
  const { problems, byId } = SOURCES[source];
  const own = `SELECT ${key} AS key, ${label} AS label, COUNT(*) AS total,
      ${MEASURES.map((name) => `SUM(${MEASURE_SQL[name]}) AS ${name}`).join(', ')}
    FROM (${problems}) AS b GROUP BY 1`;
  const added = `SELECT ${key} AS key, ${label} AS label, 0 AS total, 0 AS done,
      ${SUB.map((name) => `SUM(${ROLLED[name]} AND NOT (${MEASURE_SQL[name]})) AS ${name}`).join(', ')}
    FROM (${childFlags(source)}) AS c JOIN (${byId}) AS b ON b.id = c.parent_id GROUP BY 1`;
  return `SELECT key, MIN(label) AS label, SUM(total) AS total,
      ${MEASURES.map((name) => `SUM(${name}) AS ${name}`).join(', ')}
    FROM (${own} UNION ALL ${added}) GROUP BY key`;
};

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
  const rows = db.prepare(countsSql(asOf ? 'AS_OF' : 'NOW', key, label)).all({
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
