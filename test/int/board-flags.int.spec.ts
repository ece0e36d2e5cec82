import { DatabaseSync } from 'node:sqlite';
import {
  BOARD_GROUPS,
  boardCounts,
  boardParams,
  boardStatement,
  problemRows,
  MEASURE_SQL,
  type BoardGroupBy,
} from '../../projections/tasks/board.queries.js';
import { boardTaskIds } from '../../projections/tasks/board-tasks.queries.js';
import { momentNodes, versionNode } from '../../projections/tasks/version-tree.js';
import { mulberry32 } from '../../src/common/seeded-sample.js';
import { project, randomStore } from '../support/random-tasks.js';

/**
 * The board from stored flags (covering index per group now; the tree of time as of a moment)
 * against the board as it was counted before (kept below as the reference: the raw columns through
 * MEASURE_SQL, rolled up in SQL), over random stores with sub-items, changes of every board column
 * and events in the same second, at random moments. As of a moment, the reference is the board now
 * over a store rebuilt from only the events recorded by then.
 */

const GROUPS = BOARD_GROUPS.filter((g) => g !== 'PROVINCE');
const REFERENCE_KEY: Record<string, { key: string; label: string }> = {
  REGION: { key: "COALESCE(region_code, '')", label: 'MIN(region_name)' },
  LEAD_UNIT: { key: "COALESCE(lead_unit, '')", label: 'MIN(lead_unit)' },
  CATEGORY: { key: "COALESCE(category, '')", label: 'MIN(category)' },
  STATUS: { key: 'status', label: 'status' },
};
const MEASURES = Object.keys(MEASURE_SQL) as (keyof typeof MEASURE_SQL)[];
const SUB = MEASURES.filter((m) => m !== 'done');
const COLUMNS = `inspection_id, id, status, deadline, schedule_status, reopened_count, region_code,
  region_name, lead_unit, category, parent_id`;
const IN = 'inspection_id IN (SELECT value FROM json_each(:inspections))';

/** The board's statement before the flags were stored (board.queries.ts at tasks version 8). */
function referenceBoard(db: DatabaseSync, inspections: string[], groupBy: string, at: string) {
  const { key, label } = REFERENCE_KEY[groupBy];
  const problems = `SELECT ${COLUMNS} FROM tasks WHERE ${IN} AND parent_id IS NULL`;
  const children = `SELECT ${COLUMNS} FROM tasks WHERE ${IN} AND parent_id IS NOT NULL`;
  const childFlags = `SELECT parent_id, ${SUB.map((m) => `MAX(${MEASURE_SQL[m]}) AS ${m}`).join(', ')}
    FROM (${children}) GROUP BY parent_id`;
  const rolled = (m: (typeof SUB)[number]) =>
    m === 'reopened'
      ? `((${MEASURE_SQL.reopened}) OR c.reopened)`
      : `(NOT (${MEASURE_SQL.done}) AND ((${MEASURE_SQL[m]}) OR c.${m}))`;
  const own = `SELECT ${key} AS key, ${label} AS label, COUNT(*) AS total,
      ${MEASURES.map((m) => `SUM(${MEASURE_SQL[m]}) AS ${m}`).join(', ')}
    FROM (${problems}) AS b GROUP BY 1`;
  const added = `SELECT ${key} AS key, ${label} AS label, 0 AS total, 0 AS done,
      ${SUB.map((m) => `SUM(${rolled(m)} AND NOT (${MEASURE_SQL[m]})) AS ${m}`).join(', ')}
    FROM (${childFlags}) AS c JOIN (${problems}) AS b ON b.id = c.parent_id GROUP BY 1`;
  return db
    .prepare(
      `SELECT key, MIN(label) AS label, SUM(total) AS total,
        ${MEASURES.map((m) => `SUM(${m}) AS ${m}`).join(', ')}
      FROM (${own} UNION ALL ${added}) GROUP BY key ORDER BY key`,
    )
    .all({ inspections: JSON.stringify(inspections), at })
    .map((r) => ({ ...r })) as Record<string, unknown>[];
}

const plain = (groups: readonly object[]) =>
  groups.map((g) => {
    const { label, ...rest } = g as Record<string, unknown>;
    void label;
    return rest;
  });

/** A group's label as the board shows it: the reference's, or the board's word for none. */
const labels = (groupBy: string, groups: readonly object[]) =>
  groupBy === 'STATUS'
    ? []
    : groups.map((g) => (g as { label: string | null }).label ?? '（未填）/ (none)');

describe('the board from stored flags and the tree of time equals the board counted before', () => {
  it('places each version where every moment inside its span finds it, and no moment outside', () => {
    const rnd = mulberry32(7);
    for (let i = 0; i < 3000; i++) {
      const r = Date.parse('2020-01-01T00:00:00.000Z') + Math.floor(rnd() * 2 ** 38);
      const s =
        rnd() < 0.2 ? Date.parse('9999-12-31T23:59:59.999Z') : r + Math.floor(rnd() ** 4 * 2 ** 36);
      const node = versionNode(r, s);
      for (const t of [
        r - 1,
        r,
        r + 1,
        s - 1,
        s,
        Math.floor((r + s) / 2),
        r + Math.floor(rnd() * (s - r)),
      ]) {
        const { recorded, superseded } = momentNodes(t);
        const live = r <= t && t < s;
        const onRecordedSide = recorded.includes(node);
        const onSupersededSide = superseded.includes(node);
        // Live rows are under a node of the moment's path, on the side whose range finds them.
        if (live) expect(onRecordedSide || onSupersededSide).toBe(true);
        // On the recorded side (above the leaf) a row recorded by then is live; on the superseded
        // side a row superseded after then is: the ranges read nothing to throw away.
        if (onRecordedSide && node % 64 !== 0 && r <= t) expect(t < s).toBe(true);
        if (onSupersededSide && s > t) expect(r <= t).toBe(true);
      }
    }
  });

  it('reads the problems as of a moment from covering ranges: none looked up in the table', () => {
    const { events } = randomStore(1);
    const db = project(events, mulberry32(7));
    const plan = (
      boardStatement(db, `EXPLAIN QUERY PLAN ${problemRows('AS_OF')}`).all(
        boardParams('P', '2030-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z'),
      ) as { detail: string }[]
    ).map((r) => r.detail);
    const reads = plan.filter((d) => / b USING /.test(d));
    expect(reads.some((d) => d.includes('COVERING INDEX task_versions_by_superseded'))).toBe(true);
    expect(reads.some((d) => d.includes('PRIMARY KEY') || d.includes('autoindex'))).toBe(true);
    // Sub-items (few) are read through their own partial index; every problem row is read covered.
    for (const d of reads.filter((r) => r.includes('by_superseded')))
      expect(d).toContain('COVERING INDEX');
    db.close();
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`store ${seed}: now and as of random moments, every group, one and both inspections`, () => {
      const { events, times } = randomStore(seed);
      const rnd = mulberry32(seed * 31);
      const db = project(events, rnd);
      const end = times[times.length - 1];
      const at = new Date(times[Math.floor(times.length * 0.6)]).toISOString();
      expect(
        (
          db.prepare('SELECT COUNT(*) AS n FROM tasks WHERE parent_id IS NOT NULL').get() as {
            n: number;
          }
        ).n,
      ).toBeGreaterThan(0);
      const scopes: (string | string[])[] = ['P', 'Q', ['P', 'Q']];
      // Now.
      for (const groupBy of GROUPS) {
        for (const scope of scopes) {
          const list = typeof scope === 'string' ? [scope] : scope;
          expect(plain(boardCounts(db, scope, groupBy as BoardGroupBy, at).groups)).toEqual(
            plain(referenceBoard(db, list, groupBy, at)),
          );
        }
      }
      // As of moments: at an event (same millisecond), just before and after, between events.
      const moments = [
        times[0] - 1,
        ...Array.from({ length: 10 }, () => times[Math.floor(rnd() * times.length)]),
        ...Array.from({ length: 4 }, () => times[Math.floor(rnd() * times.length)] - 1),
        ...Array.from({ length: 4 }, () => times[Math.floor(rnd() * times.length)] + 500),
        end + 1000,
      ];
      let nonEmpty = 0;
      let supersededSide = 0;
      for (const moment of moments) {
        const asOf = new Date(moment).toISOString();
        const then = project(
          events.filter((e) => Date.parse(e.metadata.recordedAt) <= moment),
          () => 0,
        );
        for (const groupBy of GROUPS) {
          for (const scope of scopes) {
            const list = typeof scope === 'string' ? [scope] : scope;
            const expected = plain(referenceBoard(then, list, groupBy, at));
            const { groups, totals } = boardCounts(db, scope, groupBy as BoardGroupBy, at, asOf);
            expect(plain(groups)).toEqual(expected);
            // As of a moment the names are numbers in the rows: the labels come back the same.
            expect(labels(groupBy, groups)).toEqual(
              labels(groupBy, referenceBoard(then, list, groupBy, at)),
            );
            // Each group's list holds as many tasks as its number says.
            for (const group of groups)
              expect(
                boardTaskIds(
                  db,
                  scope,
                  groupBy as BoardGroupBy,
                  'OVERDUE',
                  at,
                  asOf,
                  group.key,
                  1000,
                  undefined,
                ).ids.length,
              ).toBe(group.overdue);
            if (totals.total > 0) nonEmpty++;
            // Rows read on the superseded side of the moment's path (the covering index's ranges).
            const { superseded: nodes } = momentNodes(moment);
            supersededSide += (
              db
                .prepare(
                  `SELECT COUNT(*) AS n FROM task_versions WHERE node IN (SELECT value FROM json_each(?))
                   AND recorded_at <= ? AND superseded_at > ?`,
                )
                .get(JSON.stringify(nodes), moment, moment) as { n: number }
            ).n;
            // The lists behind the numbers come from the same rows.
            for (const [measure, name] of [
              ['OVERDUE', 'overdue'],
              ['IN_PROGRESS', 'inProgress'],
              ['REOPENED', 'reopened'],
            ] as const) {
              const ids = boardTaskIds(
                db,
                scope,
                groupBy as BoardGroupBy,
                measure,
                at,
                asOf,
                undefined,
                1000,
                undefined,
              );
              expect(ids.ids.length).toBe(totals[name]);
            }
          }
        }
        then.close();
      }
      expect(nonEmpty).toBeGreaterThan(0);
      expect(supersededSide).toBeGreaterThan(0);
      db.close();
    });
  }
});
