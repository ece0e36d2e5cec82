import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, registerInspection } from '../support/task-api.js';
import { noticeCsv, noticeRows } from '../support/notice-list.js';

const INSPECTION = 'JX-R';
const id = (n: number) => `${INSPECTION}-${String(n).padStart(3, '0')}`;
const EVIDENCE = {
  fileName: '整改佐证.pdf',
  mediaType: 'application/pdf',
  size: 1000,
  sha256: 'b'.repeat(64),
};

/**
 * A whole round as an office runs it (issue 12): import a 92-problem list with only the notice's
 * columns (multi-unit cells, abbreviations) and sub-items under three problems, walk tasks through
 * every sign-off path, see a parent held while a sub-item is open, reconcile, run two collection
 * rounds (调度) with a late and a missing unit, and export the report, whose figures count the 92
 * problems (sub-items roll up) and equal the records now and as of the first round's close.
 */
describe('a whole round in Taizhang', () => {
  let t: TestApp;
  let office: string;
  const base = () => t.url.replace(/\/graphql$/, '');

  /** A token for a unit (its org may be an alias: the registry matches it). */
  const as = (role: string, org: string, region?: string) =>
    t.token(role as never, org, region ? { region } : {});

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await t.gql<T>(query, variables, office);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };

  const task = (taskId: string) =>
    gql<{
      task: {
        status: string;
        signOffPath: string;
        signOffChain: string[];
        openChildren: number;
        children: { taskId: string; open: boolean }[];
        reconciliation: { changedSince: boolean; position: string } | null;
      };
    }>(
      `query($id: ID!) { task(id: $id) { status signOffPath signOffChain openChildren
         children { taskId open } reconciliation { changedSince position } } }`,
      { id: taskId },
    ).then((d) => d.task);

  /** Waits for the roll-up workflow (a reactor behind the read side) to record on the parent. */
  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    for (let i = 0; i < 100; i++) {
      const v = await read();
      if (ok(v)) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out waiting for the roll-up');
  }

  /** Progress, acceptance with evidence, a finished public notice: ready for its sign-offs. */
  async function toNotice(taskId: string, lead: string, acceptor: string) {
    const entity = await as('IMPLEMENTING_ENTITY', lead);
    const acc = await as('ACCEPTANCE_UNIT', acceptor);
    await mutate(t, entity, 'reportProgress', {
      taskId,
      scheduleStatus: 'ON_SCHEDULE',
      summary: '按期推进',
    });
    await mutate(t, entity, 'requestAcceptance', {
      taskId,
      selfCheck: '自查完成',
      evidence: [EVIDENCE],
    });
    await mutate(t, acc, 'recordAcceptance', { taskId, decision: 'ACCEPTED', opinion: '同意' });
    await mutate(t, acc, 'startPublicNotice', {
      taskId,
      start: '2025-03-01',
      end: '2025-03-08',
    });
  }

  const signOff = (taskId: string, token: string, level: string) =>
    mutate(t, token, 'signOff', { taskId, level, signer: '主要负责同志' });

  beforeAll(async () => {
    t = await startTestApp({ now: '2025-03-20T00:00:00.000Z' });
    office = await t.token('INSPECTION_OFFICE', '省督察办', { name: '督察办 张某' });
    await registerInspection(t, office, INSPECTION);
  });
  afterAll(() => t.close());

  it('imports 92 problems and their sub-items from the notice’s columns alone', async () => {
    const csv = noticeCsv(noticeRows(92), [
      { parent: 1, units: '都昌县人民政府', acceptance: '省水利厅', deadline: '2025-12-31' },
      { parent: 1, units: '湖口县', acceptance: '省水利厅', deadline: '2026-06-30' },
      { parent: 5, units: '南昌市', acceptance: '省生态环境厅', deadline: '2025-12-31' },
      { parent: 9, units: '浮梁县人民政府', acceptance: '省工信厅', deadline: '2025-12-31' },
    ]);
    const post = (query: string) =>
      fetch(`${base()}/api/import?inspectionId=${INSPECTION}${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${office}`, 'content-type': 'text/csv' },
        body: new Uint8Array(csv),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { warnings: unknown[] },
      }));
    const dry = await post('&dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ rows: 96, validRows: 96, problems: [], written: false });
    expect(dry.body.warnings.length).toBeGreaterThan(90);
    const real = await post('');
    expect(real.body).toMatchObject({ created: 96, failed: 0 });

    const multi = await gql<{ task: { leadUnit: string; supportingUnits: string[] } }>(
      `{ task(id: "${id(7)}") { leadUnit supportingUnits } }`,
    );
    expect(multi.task).toEqual({
      leadUnit: '九江市人民政府',
      supportingUnits: ['上饶市人民政府', '江西省水利厅'],
    });
    const parent = await until(
      () => task(id(1)),
      (p) => p.children.length === 2,
    );
    expect(parent.openChildren).toBe(2);
    expect((await task(id(4))).signOffPath).toBe('COUNTY');
    expect((await task(id(6))).signOffChain).toEqual(['DEPARTMENT', 'PROVINCIAL']);
  });

  it('walks a task through each sign-off path, and refuses steps out of turn', async () => {
    // City-led (南昌市): the city, then the office. The acceptance unit signs in by an alias.
    await toNotice(id(2), '南昌市人民政府', '省住建厅');
    const nanchang = await as('CITY_GOVERNMENT', '南昌市人民政府', '360100');
    await signOff(id(2), nanchang, 'CITY');
    await signOff(id(2), office, 'PROVINCIAL');
    expect((await task(id(2))).status).toBe('SIGNED_OFF');

    // County-led (都昌县): the county, then 九江市, then the office.
    await toNotice(id(4), '都昌县人民政府', '江西省水利厅');
    const jiujiang = await as('CITY_GOVERNMENT', '九江市人民政府', '360400');
    await expect(signOff(id(4), jiujiang, 'CITY')).rejects.toThrow(/INVALID_TRANSITION/);
    await signOff(id(4), await as('CITY_GOVERNMENT', '都昌县人民政府', '360428'), 'COUNTY');
    await signOff(id(4), jiujiang, 'CITY');
    await signOff(id(4), office, 'PROVINCIAL');
    // Row 4's deadline reads 2026年12月底，长期坚持: done, continuing long-term.
    expect((await task(id(4))).status).toBe('LONG_TERM');

    // Department-led (省生态环境厅): the department, then the office; a city may not sign it.
    await toNotice(id(19), '江西省生态环境厅', '省发改委');
    await expect(signOff(id(19), nanchang, 'CITY')).rejects.toThrow(/FORBIDDEN/);
    await expect(signOff(id(19), office, 'PROVINCIAL')).rejects.toThrow(/INVALID_TRANSITION/);
    await signOff(id(19), await as('PROVINCIAL_DEPARTMENT', '省生态环境厅'), 'DEPARTMENT');
    await signOff(id(19), office, 'PROVINCIAL');
    expect((await task(id(19))).status).toBe('LONG_TERM');
  });

  it('holds a parent while a sub-item is open, and closes it once they all close', async () => {
    await toNotice(id(1), '九江市人民政府', '省生态环境厅');
    const jiujiang = await as('CITY_GOVERNMENT', '九江市人民政府', '360400');
    await signOff(id(1), jiujiang, 'CITY');
    await expect(signOff(id(1), office, 'PROVINCIAL')).rejects.toThrow(/子项/);
    const children: [string, string, string][] = [
      [id(93), '都昌县人民政府', '360428'],
      [id(94), '湖口县人民政府', '360429'],
    ];
    for (const [child, county, region] of children) {
      await toNotice(child, county, '省水利厅');
      await signOff(child, await as('CITY_GOVERNMENT', county, region), 'COUNTY');
      await signOff(child, jiujiang, 'CITY');
      await signOff(child, office, 'PROVINCIAL');
    }
    await until(
      () => task(id(1)),
      (p) => p.openChildren === 0,
    );
    await signOff(id(1), office, 'PROVINCIAL');
    expect((await task(id(1))).status).toBe('SIGNED_OFF');
  });

  it('reconciles what is complete, lists what is not, and shows a later change', async () => {
    type Row = { task: { taskId: string }; missing: string[]; reconciled: boolean };
    const list = async () =>
      (
        await gql<{ reconciliation: Row[] }>(
          `{ reconciliation(inspectionId: "${INSPECTION}") { task { taskId } missing reconciled } }`,
        )
      ).reconciliation;
    const rows = await list();
    expect(rows).toHaveLength(96);
    const complete = rows.filter((r) => !r.missing.length).map((r) => r.task.taskId);
    expect(complete.sort()).toEqual([id(1), id(2), id(4), id(19), id(93), id(94)].sort());
    expect(rows.find((r) => r.task.taskId === id(3))?.missing).toEqual([
      'SIGN_OFF_CHAIN',
      'ACCEPTANCE',
      'EVIDENCE',
      'PUBLIC_NOTICE',
    ]);
    for (const taskId of complete) await mutate(t, office, 'reconcileTask', { taskId });
    await expect(mutate(t, office, 'reconcileTask', { taskId: id(3) })).rejects.toThrow(
      /销号链条不完整/,
    );
    expect((await list()).filter((r) => r.reconciled)).toHaveLength(6);

    await mutate(t, office, 'reopenTask', {
      taskId: id(2),
      source: 'LOOK_BACK_REVIEW',
      finding: 'REBOUND',
      reason: '回头看发现黑臭水体反弹',
    });
    expect((await task(id(2))).reconciliation).toMatchObject({ changedSince: true });

    const res = await fetch(`${base()}/api/export/reconciliation.csv?inspectionId=${INSPECTION}`, {
      headers: { authorization: `Bearer ${office}` },
    });
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv.split('\n').filter(Boolean)).toHaveLength(97);
    expect(csv).toContain('对账后有变动');
    const row2 = csv.split('\n').find((l) => l.startsWith(`${id(2)},`))!;
    // Reopened: a new round of sign-offs starts, and the reconciliation shows the change.
    expect(row2).toMatch(/已重新打开,,销号链条不完整.*,是（/);
    const row19 = csv.split('\n').find((l) => l.startsWith(`${id(19)},`))!;
    expect(row19).toMatch(/省直部门 江西省生态环境厅.*省级/);
    expect(row19.trim()).toMatch(/,否$/);
  });

  type Figures = {
    total: number;
    done: number;
    due: number;
    dueAndDone: number;
    onSchedule: number;
    behind: number;
    notAssigned: number;
  };
  type Round = {
    status: string;
    late: number;
    missing: number;
    missingUnits: string[];
    entries: { taskId: string; status: string }[];
    report: { asOfTime: string; asOfPosition: string; figures: Figures; textZh: string } | null;
  };
  const ROUND = `status late missing missingUnits entries { taskId status }
    report { asOfTime asOfPosition textZh
      figures { total done due dueAndDone onSchedule behind notAssigned } }`;
  const round = (roundId: string, token = office) =>
    t
      .gql<Record<string, { collectionRound: Round }>>(
        `query($id: ID!) { x: collectionRound(id: $id) { ${ROUND} } }`,
        { id: roundId },
        token,
      )
      .then((r) => (r.data as unknown as { x: Round }).x);
  const collect = async (name: string, input: Record<string, unknown>, token = office) => {
    const res = await t.gql<Record<string, { collectionRound: Round }>>(
      `mutation($i: ${name[0].toUpperCase() + name.slice(1)}Input!) { ${name}(input: $i) {
         collectionRound { ${ROUND} } } }`,
      { i: input },
      token,
    );
    if (res.errors) throw new Error(`${name}: ${JSON.stringify(res.errors)}`);
    return res.data![name].collectionRound;
  };
  type Totals = { total: number; done: number; inProgress: number; behindSchedule: number };
  const board = async (asOf?: string) =>
    (
      await gql<{ board: { totals: Totals; tasks: { totalCount: number } } }>(
        `query($asOf: DateTime) { board(inspectionId: "${INSPECTION}", groupBy: REGION, asOf: $asOf) {
           totals { total done inProgress behindSchedule } tasks(measure: TOTAL) { totalCount } } }`,
        { asOf },
      )
    ).board;
  /** The published figures are the board's, problem for problem: one count, two views. */
  const sameAsBoard = (f: Figures, b: Totals) => {
    expect(f.total).toBe(b.total);
    expect(f.done).toBe(b.done);
    expect(f.behind).toBe(b.behindSchedule);
    expect(f.onSchedule + f.behind).toBe(b.inProgress);
    expect(f.done + f.onSchedule + f.behind + f.notAssigned).toBe(f.total);
  };

  it('counts 92 problems on the board, not 96 tasks: sub-items roll up into their problem', async () => {
    const now = await board();
    expect(now.totals.total).toBe(92);
    expect(now.tasks.totalCount).toBe(92);
    const parent = await task(id(1));
    expect(parent.children.map((c) => c.taskId).sort()).toEqual([id(93), id(94)]);
    // Done: the closed problems (4 long-term, 19 long-term; 2 was reopened above) and the parent
    // once; its two closed sub-items are not counted again.
    const done = await gql<{ board: { tasks: { edges: { node: { taskId: string } }[] } } }>(
      `{ board(inspectionId: "${INSPECTION}", groupBy: STATUS) {
          tasks(measure: DONE, first: 100) { edges { node { taskId } } } } }`,
    );
    expect(done.board.tasks.edges.map((e) => e.node.taskId).sort()).toEqual(
      [id(1), id(4), id(19)].sort(),
    );
    expect(now.totals.done).toBe(3);
    // The national roll-up counts the same problems: its counters leave sub-items out too.
    const national = await gql<{ nationalSummary: { total: { tasks: number; done: number } } }>(
      '{ nationalSummary(round: 3) { total { tasks done } } }',
    );
    expect(national.nationalSummary.total).toEqual({ tasks: 92, done: 3 });
  });

  it('runs two collection rounds with a late and a missing unit; the report equals the records', async () => {
    const lead = async (taskId: string) =>
      (await gql<{ task: { leadUnit: string } }>(`{ task(id: "${taskId}") { leadUnit } }`)).task
        .leadUnit;
    const picked = [id(3), id(5), id(6), id(93)];
    const units = await Promise.all(picked.map(lead));
    const entity = (i: number) => as('IMPLEMENTING_ENTITY', units[i]);
    const report = async (roundId: string, i: number) =>
      collect(
        'reportCollectionProgress',
        { roundId, taskId: picked[i], progressPercent: 50, summary: '按计划推进' },
        await entity(i),
      );

    t.clock.set('2025-04-01T01:00:00.000Z');
    await collect('openCollectionRound', {
      roundId: 'JX-R-2025-04',
      inspectionId: INSPECTION,
      name: '2025 年 4 月调度',
      dueAt: '2025-04-10T09:00:00.000Z',
      taskIds: picked.slice(0, 3),
    });
    t.clock.set('2025-04-05T01:00:00.000Z');
    await report('JX-R-2025-04', 0);
    t.clock.set('2025-04-12T01:00:00.000Z');
    await report('JX-R-2025-04', 1);
    t.clock.set('2025-04-15T01:00:00.000Z');
    const first = await collect('freezeCollectionRound', { roundId: 'JX-R-2025-04' });
    expect(first).toMatchObject({ status: 'FROZEN', late: 1, missing: 1 });
    expect(first.missingUnits).toEqual([units[2]]);
    expect(first.report!.figures.total).toBe(92);
    sameAsBoard(first.report!.figures, (await board(first.report!.asOfTime)).totals);

    // Between the rounds a closed problem is found to have rebounded.
    t.clock.set('2025-04-20T01:00:00.000Z');
    await mutate(t, office, 'reopenTask', {
      taskId: id(19),
      source: 'LOOK_BACK_REVIEW',
      finding: 'SUPERFICIAL',
      reason: '回头看发现表面整改',
    });

    t.clock.set('2025-05-01T01:00:00.000Z');
    await collect('openCollectionRound', {
      roundId: 'JX-R-2025-05',
      inspectionId: INSPECTION,
      name: '2025 年 5 月调度',
      dueAt: '2025-05-10T09:00:00.000Z',
      taskIds: picked,
    });
    t.clock.set('2025-05-05T01:00:00.000Z');
    for (const i of [0, 1, 2]) await report('JX-R-2025-05', i);
    t.clock.set('2025-05-12T01:00:00.000Z');
    await report('JX-R-2025-05', 3);
    t.clock.set('2025-05-15T01:00:00.000Z');
    const second = await collect('freezeCollectionRound', { roundId: 'JX-R-2025-05' });
    expect(second).toMatchObject({ late: 1, missing: 0 });
    expect(second.report!.figures.total).toBe(92);
    expect(second.report!.figures.done).toBe(first.report!.figures.done - 1);
    sameAsBoard(second.report!.figures, (await board()).totals);

    // The first round's report still says what the records said at its close.
    const again = await round('JX-R-2025-04');
    expect(again.report).toEqual(first.report);
    sameAsBoard(again.report!.figures, (await board(first.report!.asOfTime)).totals);

    const res = await fetch(`${base()}/api/export/collection-report.md?roundId=JX-R-2025-05`, {
      headers: { authorization: `Bearer ${office}` },
    });
    expect(res.status).toBe(200);
    const md = await res.text();
    expect(md).toContain(second.report!.textZh);
    expect(md).toMatch(/92 个整改问题/);
    expect(md).not.toMatch(/96 个/);
  });
});
