/**
 * The board counting problems (sub-items rolled up, issue 12) against the same board counting
 * every task row as before, and against the first roll-up (every row's flags in a temporary table,
 * joined with itself), over one inspection's tasks in the same run and the same database.
 *   npm run bench:board-rollup -- [--tasks 20000] [--runs 40]
 * A tenth of the tasks are sub-items (two or three per parent); a ratio near 1 means the roll-up
 * costs nothing the board's users would notice.
 */
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { boardCounts, GROUP, MEASURE_SQL, NOW } from '../projections/tasks/board.queries.js';
import { tasksProjection } from '../projections/tasks/tasks.projection.js';
import { fmt, ms, percentile } from './bench-env.js';

const { values } = parseArgs({
  options: { tasks: { type: 'string', default: '20000' }, runs: { type: 'string', default: '40' } },
});
const TASKS = Number(values.tasks);
const RUNS = Number(values.runs);
const AT = '2025-09-01T00:00:00.000Z';
const STATUSES = ['ASSIGNED', 'IN_PROGRESS', 'SIGNED_OFF', 'PUBLIC_NOTICE', 'LONG_TERM', 'LISTED'];

const db = new DatabaseSync(':memory:');
tasksProjection().setup(db);
const insert = db.prepare(`INSERT INTO tasks (id, seq, inspection_id, number_key, number, title,
  category, region_code, region_name, lead_unit, supporting_units, acceptance_unit, deadline,
  long_term, sign_off_tier, status, schedule_status, reopened_count, spot_check_pending,
  updated_at, version, parent_id) VALUES (?, ?, 'B', ?, ?, 't', ?, ?, ?, ?, '[]', NULL, ?, 0, NULL,
  ?, ?, ?, 0, ?, 1, ?)`);
db.exec('BEGIN');
let parent = '';
for (let i = 0; i < TASKS; i++) {
  const id = `B-${String(i).padStart(6, '0')}`;
  // Every tenth task is a sub-item of the last problem listed before it.
  const sub = i % 10 === 9 && parent !== '';
  const region = `36${String(1 + (i % 11)).padStart(2, '0')}00`;
  insert.run(
    id,
    i + 1,
    `B|${String(i).padStart(8, '0')}`,
    i,
    `类别${i % 7}`,
    region,
    region,
    `单位${i % 40}`,
    `2025-${String(1 + (i % 12)).padStart(2, '0')}-28T00:00:00.000Z`,
    STATUSES[i % STATUSES.length],
    i % 5 === 0 ? 'BEHIND' : 'ON_SCHEDULE',
    i % 13 === 0 ? 1 : 0,
    AT,
    sub ? parent : null,
  );
  if (!sub) parent = id;
}
db.exec('COMMIT');
db.exec('ANALYZE');

/** The board as it counted before issue 12's roll-up: every task row once. */
const flat = db.prepare(
  `SELECT ${GROUP.REGION.key} AS key, COUNT(*) AS total, ${Object.entries(MEASURE_SQL)
    .map(([name, sql]) => `SUM(${sql}) AS ${name}`)
    .join(', ')} FROM (${NOW}) GROUP BY 1`,
);
/** The first roll-up (issue 12), kept here as the baseline the current one is measured against. */
const MEASURES = Object.keys(MEASURE_SQL) as (keyof typeof MEASURE_SQL)[];
const SUB = MEASURES.filter((name) => name !== 'done');
const firstRollup = db.prepare(
  `SELECT ${GROUP.REGION.key} AS key, COUNT(*) AS total, ${MEASURES.map((name) => `SUM(${name}) AS ${name}`).join(', ')}
  FROM (WITH t AS (SELECT *, ${MEASURES.map((name) => `(${MEASURE_SQL[name]}) AS ${name}`).join(', ')} FROM (${NOW})),
    c AS (SELECT parent_id, ${SUB.map((name) => `MAX(${name}) AS ${name}`).join(', ')}
      FROM t WHERE parent_id IS NOT NULL GROUP BY parent_id)
    SELECT t.region_code, t.done, ${SUB.map((name) =>
      name === 'reopened'
        ? '(t.reopened OR COALESCE(c.reopened, 0)) AS reopened'
        : `(NOT t.done AND (t.${name} OR COALESCE(c.${name}, 0))) AS ${name}`,
    ).join(', ')}
    FROM t LEFT JOIN c ON c.parent_id = t.id WHERE t.parent_id IS NULL) GROUP BY 1`,
);
const time = (run: () => unknown): number => {
  const start = performance.now();
  run();
  return performance.now() - start;
};
const params = { inspections: '["B"]', at: AT };
// The same answers, or the comparison means nothing.
const byKey = (rows: unknown[]) => JSON.stringify(rows);
const current = boardCounts(db, 'B', 'REGION', AT).groups.map(
  ({ key, total, done, inProgress, overdue, behindSchedule, reopened }) => ({
    key,
    total,
    done,
    inProgress,
    overdue,
    behindSchedule,
    reopened,
  }),
);
if (byKey(current) !== byKey(firstRollup.all(params).map((r) => ({ ...r }))))
  throw new Error('the roll-ups disagree');
const baseline: number[] = [];
const first: number[] = [];
const rolled: number[] = [];
for (let r = 0; r < RUNS; r++) {
  baseline.push(time(() => flat.all(params)));
  first.push(time(() => firstRollup.all(params)));
  rolled.push(time(() => boardCounts(db, 'B', 'REGION', AT)));
}
for (const list of [baseline, first, rolled]) list.sort((a, b) => a - b);
const p50 = [percentile(baseline, 0.5), percentile(rolled, 0.5), percentile(first, 0.5)];
console.log(
  `board by region over ${fmt(TASKS)} tasks (${fmt(TASKS / 10)} sub-items), ${RUNS} runs`,
);
console.log(`  every task (before):   median ${ms(p50[0])} ms`);
console.log(`  problems (rolled up):  median ${ms(p50[1])} ms`);
console.log(`  first roll-up:         median ${ms(p50[2])} ms`);
console.log(`  ratio rolled / before: ${(p50[1] / p50[0]).toFixed(2)}`);
console.log(`  ratio rolled / first roll-up: ${(p50[1] / p50[2]).toFixed(2)}`);
const totals = boardCounts(db, 'B', 'REGION', AT).totals.total;
console.log(`  problems counted: ${fmt(totals)} of ${fmt(TASKS)} tasks`);
