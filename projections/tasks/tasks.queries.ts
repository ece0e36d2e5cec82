import { ENUM_VALUES } from '../../src/generated/graphql.js';
import type { DatabaseSync } from 'node:sqlite';
import type { JsonObject } from '../../src/common/json.js';
import { type TaskState, type TaskStatus } from '../../src/tasks/domain/task.state.js';
import { TEXT_SEQS_SQL, textMatch } from './task-text.js';
import { textPageKeys } from './text-page.js';
import { binaryOrder } from '../binary-order.js';
import { whereBuilder, type Where } from '../sql-where.js';
import { inspectionInProvinceSql, INSPECTIONS_IN_PROVINCE_SQL } from '../national/scope-sql.js';
import { DONE_SQL } from './done-sql.js';
import { prepared } from '../prepared.js';
import { recordStatesAtVersions } from '../ledger/ledger.queries.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';

export interface TaskFilter {
  readonly inspectionId?: string | null;
  readonly status?: readonly TaskStatus[] | null;
  /** A division code; a city's or province's code also matches the counties under it. */
  readonly regionCode?: string | null;
  readonly leadUnit?: string | null;
  readonly acceptanceUnit?: string | null;
  readonly category?: string | null;
  readonly overdue?: boolean | null;
  readonly deadlineFrom?: string | null;
  readonly deadlineTo?: string | null;
  /** Text in the title or the problem. */
  readonly text?: string | null;
  /** The caller's province (region scoping; never client input): tasks of its inspections only. */
  readonly scopeProvince?: string | null;
}

export const TASK_ORDERS = ENUM_VALUES.TaskOrder;
export type TaskOrder = (typeof TASK_ORDERS)[number];

/** Keyset orders: a sort key and the id as tie-break, so pages never skip or repeat a task. */
const ORDER: Record<TaskOrder, { key: string; desc: boolean }> = {
  NUMBER: { key: 'number_key', desc: false },
  DEADLINE: { key: "COALESCE(deadline, '9999')", desc: false },
  UPDATED_AT: { key: 'updated_at', desc: true },
  ID: { key: 'id', desc: false },
};

/** Overdue (逾期): a deadline before `now` on a task not yet counted done. Computed, never stored. */
export const OVERDUE_SQL = `(deadline IS NOT NULL AND deadline < ? AND status NOT IN ${DONE_SQL})`;

export const regionPrefix = (code: string): string => code.replace(/(00)+$/, '') || code;

function where(filter: TaskFilter, now: string): Where {
  const { add, build } = whereBuilder();
  if (filter.inspectionId) add('inspection_id = ?', filter.inspectionId);
  if (filter.scopeProvince) add(inspectionInProvinceSql('inspection_id'), filter.scopeProvince);
  if (filter.status?.length)
    add(`status IN (${filter.status.map(() => '?').join(',')})`, ...filter.status);
  if (filter.regionCode) {
    const prefix = regionPrefix(filter.regionCode);
    // A city or a province walks its own index (tasks_by_city, tasks_by_province) in list order and
    // stops at the page's end; a county's few tasks are one range of tasks_by_region.
    if (prefix.length === 4 || prefix.length === 2)
      add(`substr(region_code, 1, ${prefix.length}) = ?`, prefix);
    else add('region_code >= ? AND region_code < ?', prefix, prefix + ':');
  }
  if (filter.leadUnit) add('lead_unit = ?', filter.leadUnit);
  if (filter.acceptanceUnit) add('acceptance_unit = ?', filter.acceptanceUnit);
  if (filter.category) add('category = ?', filter.category);
  if (filter.overdue != null) add(filter.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`, now);
  if (filter.deadlineFrom) add('deadline >= ?', filter.deadlineFrom);
  if (filter.deadlineTo) add('deadline <= ?', filter.deadlineTo);
  // Substring of the title or the problem, from the pair index (task-text.ts), not a LIKE scan.
  if (filter.text) add(`seq IN (${TEXT_SEQS_SQL})`, textMatch(filter.text));
  return build();
}

/** Overdue tasks a city's page sorts from their own range; with more, it walks the list order. */
export const CITY_OVERDUE_SORT_MAX = 200;

/**
 * The index for `{regionCode: a city, overdue}` in list order, which SQLite cannot choose from
 * counts it does not keep. Walking the city's list order (tasks_by_city) ends soon when many of its
 * tasks are overdue (a municipality at 10^7: 3,920 of 26,121, 0.2 ms) and crosses the whole city when
 * none are (12 to 18 ms); sorting the overdue range (tasks_by_city_overdue) costs 2 to 5 us a task
 * (9 ms for the municipality, 0.01 ms for none). Counting the range up to the bound decides: past it,
 * a walk reads about 21 / bound of the city.
 */
export function cityOverdueIndex(
  db: DatabaseSync,
  filter: TaskFilter,
  order: TaskOrder,
  now: string,
  sortMax = CITY_OVERDUE_SORT_MAX,
): string | undefined {
  if (order !== 'NUMBER' || filter.overdue !== true || !filter.regionCode) return undefined;
  const prefix = regionPrefix(filter.regionCode);
  const others = Object.entries(filter).some(
    ([k, v]) => k !== 'regionCode' && k !== 'overdue' && v != null,
  );
  if (prefix.length !== 4 || others) return undefined;
  const { n } = prepared(
    db,
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM tasks INDEXED BY tasks_by_city_overdue
       WHERE substr(region_code, 1, 4) = ? AND ${OVERDUE_SQL} LIMIT ?)`,
  ).get(prefix, now, sortMax + 1) as { n: number };
  return n > sortMax ? 'tasks_by_city' : 'tasks_by_city_overdue';
}

export interface TaskRow {
  readonly state: TaskState;
  readonly version: number;
  /** The keyset position of the row, for its cursor. */
  readonly key: [string, string];
}

interface KeyRow {
  seq: number;
  version: number;
  k: string;
  id: string;
}

/** One page of the current ledger after an exclusive keyset position. */
export function tasksPage(
  db: DatabaseSync,
  filter: TaskFilter,
  order: TaskOrder,
  first: number,
  after: [string, string] | undefined,
  now: string,
): { rows: TaskRow[]; hasNext: boolean; totalCount: () => number } {
  const { sql, params } = where(filter, now);
  const { key, desc } = ORDER[order];
  const cmp = desc ? '<' : '>';
  const keyset = after ? ` AND (${key} ${cmp} ? OR (${key} = ? AND id ${cmp} ?))` : '';
  const dir = desc ? 'DESC' : 'ASC';
  const index = cityOverdueIndex(db, filter, order, now);
  const from = index ? `tasks INDEXED BY ${index}` : 'tasks';
  // Keys first, then the whole record of only the rows on the page: a sort never carries records.
  const keys = (w: Where): KeyRow[] =>
    prepared(
      db,
      `SELECT seq, version, ${key} AS k, id FROM ${from} WHERE ${w.sql}${keyset}
         ORDER BY ${key} ${dir}, id ${dir} LIMIT ?`,
    ).all(
      ...w.params,
      ...(after ? [after[0], after[0], after[1]] : []),
      first + 1,
    ) as unknown as KeyRow[];
  // Text alone (in any scope) in list order: inspection by inspection, stopping at the page's end.
  const textInScope =
    !!filter.text &&
    Object.entries(filter).every(
      ([k, v]) => ['text', 'inspectionId', 'scopeProvince'].includes(k) || v == null,
    );
  // A province's page in list order: one statement over its several inspections would sort every
  // task of the province (the index orders within one inspection only), so each inspection gives
  // its first rows from tasks_by_inspection and the pages merge here: read rows stay near a page.
  const rows =
    textInScope && order === 'NUMBER'
      ? textPageKeys(db, filter.text!, filter, first + 1, after)
      : filter.scopeProvince && !filter.inspectionId && order === 'NUMBER'
        ? (
            prepared(db, INSPECTIONS_IN_PROVINCE_SQL).all(filter.scopeProvince) as {
              inspection_id: string;
            }[]
          )
            .flatMap(({ inspection_id }) =>
              keys(where({ ...filter, scopeProvince: null, inspectionId: inspection_id }, now)),
            )
            .sort((a, b) => binaryOrder(a.k, b.k) || binaryOrder(a.id, b.id))
            .slice(0, first + 1)
        : keys({ sql, params });
  const shown = rows.slice(0, first);
  // Whole states are the ledger's: each row's, at the version the row shows, in one statement.
  const states = recordStatesAtVersions(
    db,
    shown.map((r) => ({ streamId: taskDecider.streamPrefix + r.id, version: r.version })),
  );
  return {
    rows: shown.map((r, i) => ({
      state: wholeState(states[i], r.id, r.version),
      version: r.version,
      key: [r.k, r.id],
    })),
    hasNext: rows.length > first,
    totalCount: () => {
      // Every task has exactly one text row: a text-only filter counts in the index alone.
      const textOnly =
        !!filter.text && Object.entries(filter).every(([k, v]) => k === 'text' || v == null);
      const count = textOnly
        ? prepared(db, 'SELECT COUNT(*) AS n FROM task_text WHERE task_text MATCH ?')
        : prepared(db, `SELECT COUNT(*) AS n FROM tasks WHERE ${sql}`);
      return (count.get(...params) as { n: number }).n;
    },
  };
}

/** A row's state from the ledger; both projections commit together, so a missing one is damage. */
function wholeState(state: JsonObject | undefined, id: string, version: number): TaskState {
  if (!state)
    throw new Error(
      `账本读模型缺少任务 ${id} 的第 ${version} 版，请重建 / the ledger read model lacks version ${version} of task ${id}: rebuild it`,
    );
  return state as TaskState;
}

/** Candidates for a spot-check draw: the inspection's signed-off tasks with no draw pending. */
export function spotCheckCandidates(db: DatabaseSync, inspectionId: string): string[] {
  const rows = prepared(
    db,
    `SELECT id FROM tasks WHERE inspection_id = ? AND status IN ${DONE_SQL}
       AND spot_check_pending = 0 ORDER BY id`,
  ).all(inspectionId) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * Every task listed under the inspection, sub-items included (a task never changes inspection):
 * what an export of the inspection as of any moment folds, instead of every task of every province.
 */
export function taskIdsOfInspection(db: DatabaseSync, inspectionId: string): string[] {
  const rows = prepared(
    db,
    'SELECT DISTINCT id FROM tasks WHERE inspection_id = ? ORDER BY id',
  ).all(inspectionId) as { id: string }[];
  return rows.map((r) => r.id);
}
