import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { allProjections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { tasksProjection } from '../../projections/tasks/tasks.projection.js';
import { BOARD_GROUPS, boardCounts, MEASURE_SQL } from '../../projections/tasks/board.queries.js';
import { boardTaskIds } from '../../projections/tasks/board-tasks.queries.js';
import { tasksPage } from '../../projections/tasks/tasks.queries.js';
import { ledgerPage, pageSql, type LedgerFilter } from '../../projections/ledger/ledger.queries.js';
import { provinceOfStream } from '../../projections/national/national.queries.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { writeScale } from '../../bench/scale-data.js';
import { PROVINCES } from '../../bench/ledger-data.js';

const AT = '2025-09-01T00:00:00.000Z';
const STATUSES = ['ASSIGNED', 'IN_PROGRESS', 'SIGNED_OFF', 'PUBLIC_NOTICE', 'LONG_TERM', 'LISTED'];
type Measure = keyof typeof MEASURE_SQL;
const MEASURES = Object.keys(MEASURE_SQL) as Measure[];

/**
 * The board's roll-up (sub-items into their problem) counted in SQL without materialising every
 * row's flags must give what the rule says, computed here row by row in plain code.
 */
describe('the board rolls sub-items up (counts and lists agree with the rule)', () => {
  const db = new DatabaseSync(':memory:');
  beforeAll(() => {
    tasksProjection().setup(db);
    const put = db.prepare(`INSERT INTO tasks (id, seq, inspection_id, number_key, number, title,
      category, region_code, region_name, lead_unit, supporting_units, acceptance_unit, deadline,
      long_term, sign_off_tier, status, schedule_status, reopened_count, spot_check_pending,
      updated_at, version, parent_id) VALUES (?, ?, 'B', ?, ?, 't', ?, ?, ?, ?, '[]', NULL, ?, 0,
      NULL, ?, ?, ?, 0, ?, 1, ?)`);
    let parent = '';
    for (let i = 0; i < 600; i++) {
      const id = `B-${String(i).padStart(4, '0')}`;
      // Sub-items in runs of one to three after their problem; some problems have none.
      const sub = i % 7 >= 4 && parent !== '';
      const region = `36${String(1 + (i % 5)).padStart(2, '0')}00`;
      put.run(
        id,
        i + 1,
        `B|${String(i).padStart(8, '0')}`,
        i,
        `类别${i % 3}`,
        region,
        region,
        `单位${i % 4}`,
        i % 9 === 0 ? null : `2025-${String(1 + (i % 12)).padStart(2, '0')}-28T00:00:00.000Z`,
        STATUSES[(i * 7) % STATUSES.length],
        i % 5 === 0 ? 'BEHIND' : 'ON_SCHEDULE',
        i % 11 === 0 ? 1 : 0,
        AT,
        sub ? parent : null,
      );
      if (!sub) parent = id;
    }
  });
  afterAll(() => db.close());

  type FlaggedRow = {
    id: string;
    parent_id: string | null;
    status: string;
    region_code: string | null;
    lead_unit: string | null;
    category: string | null;
  } & Record<Measure, number>;
  /** Each measure of each task row on its own, from the shared conditions. */
  const flagged = () =>
    db
      .prepare(
        `SELECT id, parent_id, status, region_code, lead_unit, category,
         ${MEASURES.map((m) => `(${MEASURE_SQL[m]}) AS ${m}`).join(', ')} FROM tasks ORDER BY id`,
      )
      .all({ at: AT }) as unknown as FlaggedRow[];

  it('counts every group as the rule rolled up row by row says, and lists as many as it counts', () => {
    const rows = flagged();
    const problems = rows.filter((r) => r.parent_id === null);
    expect(problems.length).toBeLessThan(rows.length);
    const rolled = problems.map((p) => {
      const kids = rows.filter((r) => r.parent_id === p.id);
      const any = (m: Measure) => !!p[m] || kids.some((k) => !!k[m]);
      return {
        ...p,
        done: p.done,
        inProgress: !p.done && any('inProgress') ? 1 : 0,
        overdue: !p.done && any('overdue') ? 1 : 0,
        behindSchedule: !p.done && any('behindSchedule') ? 1 : 0,
        reopened: any('reopened') ? 1 : 0,
      };
    });
    // Some problem must be counted only through a sub-item, or the roll-up is untested.
    expect(rolled.some((r, i) => r.overdue && !problems[i].overdue)).toBe(true);
    const column = {
      REGION: 'region_code',
      LEAD_UNIT: 'lead_unit',
      CATEGORY: 'category',
      STATUS: 'status',
    } as const;
    for (const groupBy of BOARD_GROUPS.filter((g) => g !== 'PROVINCE')) {
      const col = column[groupBy as keyof typeof column];
      const { groups, totals } = boardCounts(db, 'B', groupBy, AT);
      expect(totals.total).toBe(problems.length);
      for (const g of groups) {
        const members = rolled.filter((r) => (r[col] ?? '') === g.key);
        expect(g.total).toBe(members.length);
        for (const m of MEASURES) expect(g[m]).toBe(members.filter((r) => r[m]).length);
      }
    }
    for (const [measure, name] of [
      ['OVERDUE', 'overdue'],
      ['IN_PROGRESS', 'inProgress'],
      ['REOPENED', 'reopened'],
      ['BEHIND_SCHEDULE', 'behindSchedule'],
    ] as const) {
      const list = boardTaskIds(
        db,
        'B',
        'REGION',
        measure,
        AT,
        undefined,
        undefined,
        1000,
        undefined,
      );
      expect(list.ids).toEqual(rolled.filter((r) => r[name]).map((r) => r.id));
      expect(list.totalCount()).toBe(list.ids.length);
    }
  });
});

/** A province's task and ledger pages (region scoping) over its several inspections, in list order. */
describe('region-scoped task and ledger pages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-scoped-pages-'));
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  beforeAll(async () => {
    store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'OFF' });
    await writeScale(store, {
      // Inspections go round the provinces: two rounds give each province two inspections.
      provinces: PROVINCES.length,
      rounds: 2,
      tasksPerInspection: 4,
      eventsPerTask: 2,
      tasksPerCase: 5,
    });
    runner = new ProjectionRunner(store, allProjections(), join(dir, 'read.db'));
    await runner.catchUp();
  }, 120_000);
  afterAll(async () => {
    runner.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("pages through exactly the province's tasks, in list order, without skipping or repeating", () => {
    const province = `${PROVINCES[1][0]}0000`;
    const expected = (
      runner.db
        .prepare(
          `SELECT id FROM tasks WHERE inspection_id IN
           (SELECT inspection_id FROM national_inspections WHERE province = ?) ORDER BY number_key, id`,
        )
        .all(province) as { id: string }[]
    ).map((r) => r.id);
    expect(expected.length).toBe(8);
    const seen: string[] = [];
    let after: [string, string] | undefined;
    for (;;) {
      const page = tasksPage(runner.db, { scopeProvince: province }, 'NUMBER', 3, after, AT);
      seen.push(...page.rows.map((r) => r.state.taskId));
      expect(page.totalCount()).toBe(8);
      if (!page.hasNext) break;
      after = page.rows[page.rows.length - 1].key;
    }
    expect(seen).toEqual(expected);
  });

  it("a province's ledger pages are the whole ledger's pages kept to its records, from any cursor", () => {
    const whole: { position: bigint; streamId: string }[] = [];
    for (let after = 0n; ;) {
      const page = ledgerPage(runner.db, {}, 500, after);
      whole.push(...page.entries.map((e) => ({ position: e.position, streamId: e.streamId })));
      if (!page.hasNext) break;
      after = page.entries[page.entries.length - 1].position;
    }
    const provinceOf = new Map<string, string | null | undefined>();
    const of = (streamId: string) => {
      if (!provinceOf.has(streamId))
        provinceOf.set(streamId, provinceOfStream(runner.db, streamId));
      return provinceOf.get(streamId);
    };
    const provinces = [PROVINCES[0], PROVINCES[1], PROVINCES[PROVINCES.length - 1]].map(
      ([code]) => `${code}0000`,
    );
    for (const province of provinces) {
      const expected = whole.filter((e) => of(e.streamId) === province).map((e) => e.position);
      expect(expected.length).toBeGreaterThan(12);
      // Cursors: the start, positions inside and outside the province, and the last entry.
      const cursors = [0n, expected[3], expected[10] + 1n, whole[whole.length >> 1].position];
      for (const start of [...cursors, expected[expected.length - 1]]) {
        const seen: bigint[] = [];
        for (let after = start; ;) {
          const page = ledgerPage(runner.db, { scopeProvince: province }, 7, after);
          seen.push(...page.entries.map((e) => e.position));
          expect(page.totalCount()).toBe(expected.length);
          if (!page.hasNext) break;
          after = page.entries[page.entries.length - 1].position;
        }
        expect(seen).toEqual(expected.filter((p) => p > start));
      }
    }
    // The scoped page is a range of the province index, not the ledger filtered entry by entry; a
    // record's history, or an actor's entries, within a province still read by their own index.
    const plan = (filter: LedgerFilter) => {
      const { sql, params } = pageSql(filter);
      return (
        runner.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 0, 7) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join('; ');
    };
    const gd = `${PROVINCES[1][0]}0000`;
    expect(plan({ scopeProvince: gd })).toMatch(/USING INDEX ledger_by_province/);
    expect(plan({ scopeProvince: gd, streamId: 'task-x' })).toMatch(/USING INDEX ledger_by_stream/);
    expect(plan({ scopeProvince: gd, actorId: 'someone' })).toMatch(/USING INDEX ledger_by_actor/);
  });
});
