import { ENUM_VALUES, type BoardCounts, type BoardGroup } from '../../src/generated/graphql.js';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { STATUS_LABELS, type TaskStatus } from '../../src/tasks/domain/task.state.js';
import { BOARD_GROUP_INDEX, CODE_SUMS, FLAG_SQL } from './board-flags.js';
import { momentNodes } from './version-tree.js';
import { prepared } from '../prepared.js';
import { DONE_SQL as DONE } from './done-sql.js';

export const BOARD_GROUPS = ENUM_VALUES.BoardGroupBy;
export type BoardGroupBy = (typeof BOARD_GROUPS)[number];

/** The board's counts and groups, as the SDL defines them (schema/tasks.graphql). */
export type { BoardCounts, BoardGroup };

const NONE = '（未填）/ (none)';

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

/**
 * As of a moment the rows are task_versions', whose group names are numbers in task_names
 * (tasks.projection.ts): grouped by number, an integer sort, and named once a group. A lead unit or
 * category is its own key; a region's key is its code, and its rows are grouped by their name's
 * number as well (`also`), so its label is the least of its names, as now.
 */
const NUMBERED: Partial<Record<BoardGroupBy, { key: boolean; label: string; also: string }>> = {
  REGION: { key: false, label: 'region_name', also: 'region_name, ' },
  LEAD_UNIT: { key: true, label: 'MIN(lead_unit)', also: '' },
  CATEGORY: { key: true, label: 'MIN(category)', also: '' },
};

const nameOf = (no: string): string => `(SELECT name FROM task_names WHERE id = ${no})`;

/** The rows of `sql` (a group's `key`, `label` and then `rest`) with the numbers named. */
const named = (groupBy: BoardGroupBy, sql: string, rest: string): string => {
  const numbered = NUMBERED[groupBy]!;
  const key = numbered.key ? `COALESCE(${nameOf('key')}, key)` : 'key';
  return `SELECT ${key} AS key, ${nameOf('label')} AS label, ${rest} FROM (${sql})`;
};

/** The condition that a problem row of `source` is in the group `:groupKey` (a name, as shown). */
export const inGroupSql = (source: BoardSource, groupBy: BoardGroupBy): string =>
  source === 'AS_OF' && NUMBERED[groupBy]?.key
    ? `${GROUP[groupBy].key} = COALESCE((SELECT id FROM task_names WHERE name = :groupKey), :groupKey)`
    : `${GROUP[groupBy].key} = :groupKey`;

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

/** The columns a task row of the board reads: its flags (board-flags.ts) stand for MEASURE_SQL. */
const BOARD_COLUMNS = `inspection_id, id, status, board_flags, overdue_from, region_code, region_name,
  lead_unit, category, parent_id`;
const INSPECTIONS = 'inspection_id IN (SELECT value FROM json_each(:inspections))';

/**
 * The inspections' tasks now over the raw columns (the board before the flags were stored), which
 * bench:board-rollup compares with.
 */
export const NOW = `SELECT inspection_id, id, status, deadline, schedule_status, reopened_count,
  region_code, region_name, lead_unit, category, parent_id
  FROM tasks INDEXED BY tasks_by_inspection_status WHERE ${INSPECTIONS}`;

/**
 * The rows of task_versions live at :asOf (recorded at or before it, superseded after it; one per
 * task listed by then) that meet `where`: under each node of the moment's path in the tree of time
 * (version-tree.ts), the rows recorded by then (:recorded nodes, a range of the table's key) or
 * superseded after (the other nodes, a range of task_versions_by_superseded, which holds every
 * column the board reads), so only those rows are read, not every version superseded later.
 */
const liveAt = (select: string, where: string, groupBy = ''): string => {
  const side = (nodes: string, index: string) =>
    `SELECT ${select} FROM json_each(:inspections) AS i CROSS JOIN json_each(${nodes}) AS n
     CROSS JOIN task_versions AS b INDEXED BY ${index} WHERE b.inspection_id = i.value
     AND b.node = n.value AND b.recorded_at <= :asOf AND b.superseded_at > :asOf AND ${where}
     ${groupBy}`;
  return `${side(':recorded', 'sqlite_autoindex_task_versions_1')}
    UNION ALL ${side(':superseded', 'task_versions_by_superseded')}`;
};

/** BOARD_COLUMNS of the version rows `b`. */
const VERSION_COLUMNS = BOARD_COLUMNS.split(',')
  .map((c) => `b.${c.trim()} AS ${c.trim()}`)
  .join(', ');

export type BoardSource = 'NOW' | 'AS_OF';

const SOURCES: Record<BoardSource, { problems: string; byId: string; children: string }> = {
  NOW: {
    problems: `SELECT ${BOARD_COLUMNS} FROM tasks WHERE ${INSPECTIONS} AND parent_id IS NULL`,
    // Without the forced index: joined on id, the problems with sub-items are key lookups.
    byId: `SELECT ${BOARD_COLUMNS} FROM tasks WHERE ${INSPECTIONS} AND parent_id IS NULL`,
    // The partial index tasks_children holds just the rows with a parent: an inspection without
    // sub-items costs one empty index range.
    children: `SELECT ${BOARD_COLUMNS} FROM tasks INDEXED BY tasks_children
      WHERE ${INSPECTIONS} AND parent_id IS NOT NULL`,
  },
  AS_OF: {
    problems: liveAt(VERSION_COLUMNS, 'b.parent_id IS NULL'),
    byId: liveAt(VERSION_COLUMNS, 'b.parent_id IS NULL'),
    children: `SELECT ${VERSION_COLUMNS} FROM json_each(:inspections) AS i
      CROSS JOIN json_each(:nodes) AS n CROSS JOIN task_versions AS b INDEXED BY task_versions_children
      WHERE b.inspection_id = i.value AND b.node = n.value AND b.recorded_at <= :asOf
      AND b.superseded_at > :asOf AND b.parent_id IS NOT NULL`,
  },
};

/** The measures a sub-item passes up to its problem (done is the problem's own). */
const SUB = MEASURES.filter((name) => name !== 'done');

/** Per problem with sub-items (`parent_id`): whether any sub-item is counted by each of SUB. */
const childFlags = (source: BoardSource): string =>
  `SELECT parent_id, ${SUB.map((name) => `MAX(${FLAG_SQL[name]}) AS ${name}`).join(', ')}
   FROM (${SOURCES[source].children}) GROUP BY parent_id`;

/** A problem's measure rolled up, over a problem row and its sub-items' flags `c`. */
const ROLLED: Record<(typeof SUB)[number], string> = Object.fromEntries(
  SUB.map((name) => [
    name,
    name === 'reopened'
      ? `((${FLAG_SQL.reopened}) OR c.reopened)`
      : `(NOT (${FLAG_SQL.done}) AND ((${FLAG_SQL[name]}) OR c.${name}))`,
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
  return `SELECT ${PROBLEM_COLUMNS}, ${MEASURES.map((name) => `(${FLAG_SQL[name]}) AS ${name}`).join(', ')}
    FROM (${problems}) AS b WHERE b.id NOT IN (SELECT parent_id FROM (${children}))
    UNION ALL
    SELECT ${PROBLEM_COLUMNS}, (${FLAG_SQL.done}) AS done,
      ${SUB.map((name) => `${ROLLED[name]} AS ${name}`).join(', ')}
    FROM (${childFlags(source)}) AS c JOIN (${byId}) AS b ON b.id = c.parent_id`;
};

/** The parameters of the board's statements: a moment's tree nodes for the board as of it. */
export function boardParams(
  inspections: string | readonly string[],
  at: string,
  asOf: string | undefined,
): Record<string, string | number> {
  const list = typeof inspections === 'string' ? [inspections] : inspections;
  const params: Record<string, string | number> = {
    inspections: inspectionsParam(list),
    inspection: list[0] ?? '',
    at,
  };
  if (asOf === undefined) return params;
  const asOfMs = Date.parse(asOf);
  const { recorded, superseded } = momentNodes(asOfMs);
  return {
    ...params,
    asOf: asOfMs,
    recorded: JSON.stringify(recorded),
    superseded: JSON.stringify(superseded),
    nodes: JSON.stringify([...recorded, ...superseded]),
  };
}

/** Statements by text, per database: the board's are long and asked for again and again. Not every
 * statement reads every parameter of boardParams. */
export const boardStatement = (db: DatabaseSync, sql: string): StatementSync =>
  prepared(db, sql, { unknownNamed: true });

/**
 * Every problem's own measures per group, one aggregate a row: the rows grouped by their flags
 * (`code`, board-flags.ts) within a group, the measures summed once a flag group. Now, a group with
 * its covering index (BOARD_GROUP_INDEX) is one pass in index order over one inspection's problems;
 * several inspections or the province need a sort. As of a moment, the rows live then (liveAt).
 */
const ownSql = (source: BoardSource, groupBy: BoardGroupBy, single: boolean): string => {
  const late = 'COUNT(CASE WHEN overdue_from < :at THEN 1 END) AS late';
  const { key, label } = GROUP[groupBy];
  let flagged: string;
  if (source === 'NOW' && groupBy !== 'PROVINCE') {
    const { index, columns } = BOARD_GROUP_INDEX[groupBy];
    flagged = `SELECT ${columns[0]} AS key, ${columns[columns.length - 1]} AS label,
      board_flags AS code, COUNT(*) AS n, ${late} FROM tasks INDEXED BY ${index}
      WHERE ${single ? 'inspection_id = :inspection' : INSPECTIONS} AND parent_id IS NULL
      GROUP BY ${columns.join(', ')}, board_flags`;
  } else if (source === 'NOW') {
    flagged = `SELECT ${key} AS key, ${label} AS label, board_flags AS code, COUNT(*) AS n, ${late}
      FROM (${SOURCES.NOW.problems}) AS b GROUP BY 1, board_flags`;
  } else if (NUMBERED[groupBy]) {
    // Each side grouped on its own and the few groups added up: no row passes through a subquery.
    flagged = named(
      groupBy,
      liveAt(
        `${key} AS key, ${NUMBERED[groupBy].label} AS label, board_flags AS code, COUNT(*) AS n,
        ${late}`,
        'b.parent_id IS NULL',
        `GROUP BY 1, ${NUMBERED[groupBy].also}board_flags`,
      ),
      'code, n, late',
    );
  } else {
    flagged = liveAt(
      `${key} AS key, ${label} AS label, board_flags AS code, COUNT(*) AS n, ${late}`,
      'b.parent_id IS NULL',
      'GROUP BY 1, board_flags',
    );
  }
  return `SELECT COALESCE(key, '') AS key, MIN(label) AS label, SUM(n) AS total,
      ${MEASURES.map((name) => `${CODE_SUMS[name]} AS ${name}`).join(', ')}
    FROM (${flagged}) GROUP BY 1`;
};

/**
 * Per group, the problems whose sub-items turn a measure on (rolled up but not on their own), to add
 * to their own counts.
 */
const addedSql = (source: BoardSource, groupBy: BoardGroupBy): string => {
  const { key, label } = GROUP[groupBy];
  const { byId } = SOURCES[source];
  const numbered = source === 'AS_OF' ? NUMBERED[groupBy] : undefined;
  const sql = `SELECT ${key} AS key, ${numbered ? numbered.label : label} AS label, 0 AS total,
      0 AS done,
      ${SUB.map((name) => `SUM(${ROLLED[name]} AND NOT (${FLAG_SQL[name]})) AS ${name}`).join(', ')}
    FROM (${childFlags(source)}) AS c JOIN (${byId}) AS b ON b.id = c.parent_id
    GROUP BY ${numbered ? numbered.also : ''}1`;
  return numbered ? named(groupBy, sql, `total, done, ${SUB.join(', ')}`) : sql;
};

/**
 * The board's groups over problemRows, counted without building its rows: every problem's own
 * flags counted straight from the scan (ownSql), as a board of rows without sub-items would be,
 * then per group the problems whose sub-items turn a measure on added, only when there are
 * sub-items at all (one empty index range otherwise).
 */
const countsSql = (
  source: BoardSource,
  groupBy: BoardGroupBy,
  single: boolean,
  withChildren: boolean,
): string => {
  const own = ownSql(source, groupBy, single);
  if (!withChildren) return own;
  return `SELECT key, MIN(label) AS label, SUM(total) AS total,
      ${MEASURES.map((name) => `SUM(${name}) AS ${name}`).join(', ')}
    FROM (${own} UNION ALL ${addedSql(source, groupBy)}) GROUP BY key`;
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
  const source: BoardSource = asOf ? 'AS_OF' : 'NOW';
  const params = boardParams(inspections, at, asOf);
  const single = typeof inspections === 'string' || inspections.length === 1;
  const withChildren =
    boardStatement(db, `SELECT 1 FROM (${SOURCES[source].children}) LIMIT 1`).get(params) !==
    undefined;
  const rows = boardStatement(db, countsSql(source, groupBy, single, withChildren)).all(
    params,
  ) as unknown as (BoardCounts & {
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
