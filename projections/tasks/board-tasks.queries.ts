import type { DatabaseSync } from 'node:sqlite';
import type { BoardMeasure } from '../../src/generated/graphql.js';
import {
  boardParams,
  boardStatement,
  inGroupSql,
  problemRows,
  type BoardGroupBy,
} from './board.queries.js';

export type { BoardMeasure };

const MEASURE: Record<BoardMeasure, string> = {
  TOTAL: '1',
  DONE: 'done',
  IN_PROGRESS: 'inProgress',
  OVERDUE: 'overdue',
  BEHIND_SCHEDULE: 'behindSchedule',
  REOPENED: 'reopened',
};

/**
 * The problems behind one number of the board (sub-items roll up: problemRows): the ids of one group's tasks (every group's without
 * `groupKey`) that the measure counts, from the same rows and conditions as the counts, so a list
 * always has as many tasks as its number says. Ordered by id, a page after an exclusive id.
 */
export function boardTaskIds(
  db: DatabaseSync,
  inspections: string | readonly string[],
  groupBy: BoardGroupBy,
  measure: BoardMeasure,
  at: string,
  asOf: string | undefined,
  groupKey: string | undefined,
  first: number,
  after: string | undefined,
): { ids: string[]; hasNext: boolean; totalCount: () => number } {
  const where = [
    MEASURE[measure],
    ...(groupKey === undefined ? [] : [inGroupSql(asOf ? 'AS_OF' : 'NOW', groupBy)]),
  ].join(' AND ');
  const from = `FROM (${problemRows(asOf ? 'AS_OF' : 'NOW')}) AS b WHERE ${where}`;
  const params = {
    ...boardParams(inspections, at, asOf),
    ...(groupKey === undefined ? {} : { groupKey }),
  };
  // Not every measure compares with the moment (:at): parameters a statement does not use are fine.
  const prepare = (sql: string) => boardStatement(db, sql);
  const rows = prepare(
    `SELECT id ${from}${after ? ' AND id > :after' : ''} ORDER BY id LIMIT :limit`,
  ).all({ ...params, ...(after ? { after } : {}), limit: first + 1 }) as { id: string }[];
  return {
    ids: rows.slice(0, first).map((r) => r.id),
    hasNext: rows.length > first,
    totalCount: () => (prepare(`SELECT COUNT(*) AS n ${from}`).get(params) as { n: number }).n,
  };
}
