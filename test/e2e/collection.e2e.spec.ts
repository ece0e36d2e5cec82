import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Two collection rounds (调度) over the demo ledger: units report on time, late, twice (a
 * correction) or not at all; the office freezes each round; between the rounds the task records
 * change. Each report's figures are checked against the task records themselves, read through
 * `task(id, asOf)`, now and as of the first round's freeze, and the published report regenerates
 * byte for byte.
 */
const ROUND = `id roundId inspectionId name status dueAt version asOf reported late pending missing missingUnits
  entries { taskId title leadUnit deadline longTerm status report { unit progressPercent summary late reportedAt corrections { reason progressPercent summary } } }
  units { unit tasks reported late pending missing }
  report { asOfPosition asOfTime frozenAt textZh textEn exportPath
    figures { total done due dueAndDone onSchedule behind notAssigned longTerm longTermDone byYear { year planned done } } }`;

type Figures = {
  total: number;
  done: number;
  due: number;
  dueAndDone: number;
  onSchedule: number;
  behind: number;
  notAssigned: number;
  longTerm: number;
  longTermDone: number;
  byYear: { year: number; planned: number; done: number }[];
};
type Round = {
  roundId: string;
  status: string;
  reported: number;
  late: number;
  pending: number;
  missing: number;
  missingUnits: string[];
  entries: {
    taskId: string;
    leadUnit: string;
    status: string;
    report: {
      progressPercent: number;
      summary: string;
      late: boolean;
      corrections: unknown[];
    } | null;
  }[];
  units: { unit: string; tasks: number; reported: number; late: number; missing: number }[];
  report: {
    asOfPosition: string;
    asOfTime: string;
    textZh: string;
    textEn: string;
    exportPath: string;
    figures: Figures;
  } | null;
};

const INSPECTION = 'DEMO-JX3';

describe('collection rounds (调度) end to end', () => {
  let t: TestApp;
  let office: string;
  let auditor: string;
  const unitToken = (unit: string) =>
    t.token('IMPLEMENTING_ENTITY', unit, { name: `${unit} 填报员` });

  beforeAll(async () => {
    t = await startTestApp({ demo: true, now: '2026-02-01T00:00:00.000Z' });
    office = await t.token('INSPECTION_OFFICE', '省督察办', { name: '督察办 张某' });
    auditor = await t.token('AUDITOR', '省审计厅');
  });
  afterAll(() => t.close());

  async function call<T = Round>(name: string, input: Record<string, unknown>, token: string) {
    const type = name[0].toUpperCase() + name.slice(1);
    return t.gql<Record<string, { collectionRound: T; entry: { type: string; position: string } }>>(
      `mutation($input: ${type}Input!) { ${name}(input: $input) { collectionRound { ${ROUND} } entry { type position } } }`,
      { input },
      token,
    );
  }
  async function ok(name: string, input: Record<string, unknown>, token: string) {
    const res = await call(name, input, token);
    if (res.errors) throw new Error(`${name}: ${JSON.stringify(res.errors)}`);
    return res.data![name];
  }
  const round = async (id: string, asOf?: string) =>
    (
      await t.gql<{ collectionRound: Round }>(
        `query($id: ID!, $asOf: DateTime) { collectionRound(id: $id, asOf: $asOf) { ${ROUND} } }`,
        { id, asOf },
        auditor,
      )
    ).data!.collectionRound;

  /**
   * The figures recomputed here from each task's record (as of a moment, or now), independently of
   * the server's counting, by the published rules.
   */
  async function figuresFromRecords(asOf: string | null, at: string): Promise<Figures> {
    const ids = await t.gql<{ tasks: { edges: { node: { taskId: string } }[] } }>(
      `query($f: TaskFilter) { tasks(filter: $f, first: 100) { edges { node { taskId } } } }`,
      { f: { inspectionId: INSPECTION } },
      auditor,
    );
    const f: Figures = {
      total: 0,
      done: 0,
      due: 0,
      dueAndDone: 0,
      onSchedule: 0,
      behind: 0,
      notAssigned: 0,
      longTerm: 0,
      longTermDone: 0,
      byYear: [],
    };
    const years: Record<number, { planned: number; done: number }> = {};
    for (const { node } of ids.data!.tasks.edges) {
      const res = await t.gql<{
        task: {
          status: string;
          deadline: string | null;
          longTerm: boolean;
          scheduleStatus: string | null;
        } | null;
      }>(
        `query($id: ID!, $asOf: DateTime) { task(id: $id, asOf: $asOf) { status deadline longTerm scheduleStatus } }`,
        { id: node.taskId, asOf },
        auditor,
      );
      const task = res.data!.task;
      if (!task) continue; // listed after the moment
      const done = task.status === 'SIGNED_OFF' || task.status === 'LONG_TERM';
      const due = task.deadline !== null && Date.parse(task.deadline) < Date.parse(at);
      f.total += 1;
      if (done) f.done += 1;
      if (due) f.due += 1;
      if (due && done) f.dueAndDone += 1;
      if (!done && (due || task.scheduleStatus === 'BEHIND')) f.behind += 1;
      if (!done && !due && task.scheduleStatus !== 'BEHIND') {
        if (task.status === 'LISTED') f.notAssigned += 1;
        else f.onSchedule += 1;
      }
      if (task.longTerm) {
        f.longTerm += 1;
        if (done) f.longTermDone += 1;
      }
      if (task.deadline) {
        const year = new Date(Date.parse(task.deadline) + 8 * 3600_000).getUTCFullYear();
        years[year] ??= { planned: 0, done: 0 };
        years[year].planned += 1;
        if (done) years[year].done += 1;
      }
    }
    f.byYear = Object.entries(years)
      .map(([year, y]) => ({ year: Number(year), ...y }))
      .sort((a, b) => a.year - b.year);
    return f;
  }

  const board = async (asOf: string | null) =>
    (
      await t.gql<{ board: { totals: { total: number; done: number; behindSchedule: number } } }>(
        `query($i: ID!, $asOf: DateTime) { board(inspectionId: $i, groupBy: STATUS, asOf: $asOf) { totals { total done behindSchedule } } }`,
        { i: INSPECTION, asOf },
        auditor,
      )
    ).data!.board.totals;

  let first: Round;
  let units: string[];

  it('the demo has a frozen round with a late and a missing unit, its figures the records of its moment', async () => {
    const demo = await round('DEMO-2025-12');
    expect(demo.status).toBe('FROZEN');
    expect(demo.late).toBeGreaterThan(0);
    expect(demo.missing).toBeGreaterThan(0);
    expect(demo.reported).toBeGreaterThan(0);
    // Taken at the head before the freeze: the late report, the round's last entry.
    expect(demo.report!.asOfTime).toBe('2026-01-05T01:00:00.000Z');
    expect(demo.report!.figures).toEqual(
      await figuresFromRecords(demo.report!.asOfTime, demo.report!.asOfTime),
    );
  });

  it('the office opens a round over every open task; only the office may', async () => {
    t.clock.set('2026-02-01T00:00:00.000Z');
    const input = {
      roundId: 'R-2026-01',
      inspectionId: INSPECTION,
      name: '2026 年 1 月调度',
      dueAt: '2026-02-10T09:00:00.000Z',
    };
    const refused = await call('openCollectionRound', input, await unitToken('九江市人民政府'));
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const opened = await ok('openCollectionRound', input, office);
    expect(opened.entry.type).toBe('CollectionRoundOpened');
    first = opened.collectionRound;
    expect(first).toMatchObject({ status: 'OPEN', reported: 0, late: 0, missing: 0 });
    expect(first.pending).toBe(first.entries.length);
    // Every assigned task not yet signed off, and nothing else.
    const open = await t.gql<{
      tasks: { edges: { node: { taskId: string; status: string; leadUnit: string | null } }[] };
    }>(
      `query($f: TaskFilter) { tasks(filter: $f, first: 100) { edges { node { taskId status leadUnit } } } }`,
      { f: { inspectionId: INSPECTION } },
      auditor,
    );
    const expected = open
      .data!.tasks.edges.map((e) => e.node)
      .filter((n) => n.leadUnit && n.status !== 'LISTED' && n.status !== 'SIGNED_OFF')
      .map((n) => n.taskId)
      .sort();
    expect(first.entries.map((e) => e.taskId).sort()).toEqual(expected);
    units = [...new Set(first.entries.map((e) => e.leadUnit))];
    expect(units.length).toBeGreaterThanOrEqual(3);
  });

  it('units report once per task; a second word is a correction with a reason', async () => {
    const [onTime, lateUnit] = units;
    t.clock.set('2026-02-05T00:00:00.000Z');
    for (const e of first.entries.filter((x) => x.leadUnit === onTime)) {
      await ok(
        'reportCollectionProgress',
        { roundId: 'R-2026-01', taskId: e.taskId, progressPercent: 60, summary: '按计划推进' },
        await unitToken(onTime),
      );
    }
    const task = first.entries.find((x) => x.leadUnit === onTime)!.taskId;
    const again = await call(
      'reportCollectionProgress',
      { roundId: 'R-2026-01', taskId: task, progressPercent: 70, summary: '再报' },
      await unitToken(onTime),
    );
    expect(again.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(again.errors?.[0].message).toMatch(/correctCollectionReport/);

    const noReason = await call(
      'correctCollectionReport',
      { roundId: 'R-2026-01', taskId: task, progressPercent: 65, summary: '更正' },
      await unitToken(onTime),
    );
    expect(noReason.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const corrected = await ok(
      'correctCollectionReport',
      {
        roundId: 'R-2026-01',
        taskId: task,
        progressPercent: 65,
        summary: '更正：完成 65%',
        reason: '误填进度',
      },
      await unitToken(onTime),
    );
    const entry = corrected.collectionRound.entries.find((x) => x.taskId === task)!;
    expect(entry.report).toMatchObject({
      progressPercent: 65,
      late: false,
      corrections: [{ reason: '误填进度', progressPercent: 60, summary: '按计划推进' }],
    });

    // Another unit may not report on a task it does not lead.
    const foreign = await call(
      'reportCollectionProgress',
      { roundId: 'R-2026-01', taskId: task, progressPercent: 10, summary: '代报' },
      await unitToken(lateUnit),
    );
    expect(foreign.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // After the due time: the second unit's reports are recorded, and marked late.
    t.clock.set('2026-02-12T00:00:00.000Z');
    for (const e of first.entries.filter((x) => x.leadUnit === lateUnit)) {
      const r = await ok(
        'reportCollectionProgress',
        { roundId: 'R-2026-01', taskId: e.taskId, progressPercent: 30, summary: '进度滞后' },
        await unitToken(lateUnit),
      );
      expect(r.collectionRound.entries.find((x) => x.taskId === e.taskId)!.status).toBe('LATE');
    }
  });

  it('collectionRound lists who reported, who was late, who is missing, now and as of before the due time', async () => {
    const [onTime, lateUnit, ...silent] = units;
    const now = await round('R-2026-01');
    const count = (u: string) => first.entries.filter((e) => e.leadUnit === u).length;
    expect(now.reported).toBe(count(onTime));
    expect(now.late).toBe(count(lateUnit));
    expect(now.missing).toBe(first.entries.length - count(onTime) - count(lateUnit));
    expect(now.pending).toBe(0);
    expect(now.missingUnits.sort()).toEqual([...silent].sort());
    expect(now.units.find((u) => u.unit === lateUnit)).toMatchObject({
      late: count(lateUnit),
      reported: 0,
      missing: 0,
    });

    const before = await round('R-2026-01', '2026-02-06T00:00:00.000Z');
    expect(before).toMatchObject({ reported: count(onTime), late: 0, missing: 0 });
    expect(before.pending).toBe(first.entries.length - count(onTime));
  });

  let frozen: Round;
  it('the office freezes the round; the figures equal the task records at its position', async () => {
    t.clock.set('2026-02-15T00:00:00.000Z');
    const refused = await call(
      'freezeCollectionRound',
      { roundId: 'R-2026-01' },
      await unitToken(units[0]),
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const res = await ok('freezeCollectionRound', { roundId: 'R-2026-01' }, office);
    frozen = res.collectionRound;
    expect(frozen.status).toBe('FROZEN');
    const report = frozen.report!;
    // The figures were taken at the head before the freeze: the last report's entry.
    expect(BigInt(report.asOfPosition)).toBe(BigInt(res.entry.position) - 1n);
    expect(report.asOfTime).toBe('2026-02-12T00:00:00.000Z');
    expect(report.figures).toEqual(await figuresFromRecords(report.asOfTime, report.asOfTime));
    const b = await board(report.asOfTime);
    expect([report.figures.total, report.figures.done]).toEqual([b.total, b.done]);
    expect(report.figures.behind).toBe(b.behindSchedule);
    expect(report.figures.total).toBeGreaterThan(0);
    expect(report.textZh).toContain(
      `截至 2026-02-12，${report.figures.total} 个整改问题中已完成 ${report.figures.done} 个`,
    );
    for (const y of report.figures.byYear)
      expect(report.textZh).toContain(`计划 ${y.year} 年完成的 ${y.planned} 个问题`);
    expect(report.textZh).toContain(`长期坚持 ${report.figures.longTerm} 个`);
    // Missing units stay missing on the frozen record.
    expect(frozen.missing).toBeGreaterThan(0);

    const twice = await call('freezeCollectionRound', { roundId: 'R-2026-01' }, office);
    expect(twice.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    const lateReport = await call(
      'reportCollectionProgress',
      {
        roundId: 'R-2026-01',
        taskId: frozen.entries.find((e) => e.status === 'MISSING')!.taskId,
        progressPercent: 5,
        summary: '补报',
      },
      await unitToken(frozen.entries.find((e) => e.status === 'MISSING')!.leadUnit),
    );
    expect(lateReport.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(lateReport.errors?.[0].message).toMatch(/冻结/);
  });

  let published: { disclosureId: string; sha256: string; size: number; contentUrl: string };
  it('exports the frozen report as XLSX, Markdown and HTML, and publishes it reproducibly', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    const get = async (path: string) => {
      const res = await fetch(base + path, { headers: { authorization: `Bearer ${auditor}` } });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        body: Buffer.from(await res.arrayBuffer()),
      };
    };
    const xlsx = await get(frozen.report!.exportPath);
    expect(xlsx.status).toBe(200);
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    const md = await get('/api/export/collection-report.md?roundId=R-2026-01');
    expect(md.status).toBe(200);
    expect(md.body.toString()).toContain(frozen.report!.textZh.slice(0, 30));
    expect(md.body.toString()).toContain('逾期报送');
    expect(md.body.toString()).toContain('未报送');
    const html = await get('/api/export/collection-report.html?roundId=R-2026-01');
    expect(html.body.toString()).toMatch(/^<!DOCTYPE html>/);
    const csv = await get('/api/export/collection-report.csv?roundId=R-2026-01');
    expect(csv.status).toBe(400);
    const open = await get('/api/export/collection-report.md?roundId=NOPE');
    expect(open.status).toBe(400);

    const officer = await t.token('DISCLOSURE_OFFICER', '省生态环境厅');
    const res = await t.gql<{
      publishDisclosure: { disclosure: typeof published & { collectionRoundId: string } };
    }>(
      `mutation($input: PublishDisclosureInput!) { publishDisclosure(input: $input) { disclosure { disclosureId sha256 size contentUrl collectionRoundId } } }`,
      {
        input: {
          kind: 'COLLECTION_REPORT',
          channel: 'GOVERNMENT_WEBSITE',
          title: '2026 年 1 月调度情况',
          format: 'MARKDOWN',
          collectionRoundId: 'R-2026-01',
        },
      },
      officer,
    );
    expect(res.errors).toBeUndefined();
    published = res.data!.publishDisclosure.disclosure;
    expect(published).toMatchObject({ collectionRoundId: 'R-2026-01' });
    const missingRound = await t.gql(
      `mutation($input: PublishDisclosureInput!) { publishDisclosure(input: $input) { disclosure { disclosureId } } }`,
      { input: { kind: 'COLLECTION_REPORT', channel: 'OTHER', title: 'x', format: 'HTML' } },
      officer,
    );
    expect(missingRound.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a second round after the records changed: each report equals the records of its own moment', async () => {
    // The task records change after the first round's freeze.
    t.clock.set('2026-02-20T00:00:00.000Z');
    const listed = await t.gql(
      `mutation($input: ListTaskInput!) { listTask(input: $input) { task { id } } }`,
      {
        input: {
          taskId: 'NEW-1',
          inspectionId: INSPECTION,
          title: '新发现问题',
          problem: '回头看发现',
        },
      },
      office,
    );
    expect(listed.errors).toBeUndefined();
    const onSchedule = frozen.entries.find((e) => e.status === 'REPORTED')!;
    const progress = await t.gql(
      `mutation($input: ReportProgressInput!) { reportProgress(input: $input) { task { id } } }`,
      { input: { taskId: onSchedule.taskId, scheduleStatus: 'BEHIND', summary: '受天气影响滞后' } },
      await unitToken(onSchedule.leadUnit),
    );
    expect(progress.errors).toBeUndefined();

    t.clock.set('2026-03-01T00:00:00.000Z');
    const chosen = frozen.entries.slice(0, 2).map((e) => e.taskId);
    const second = await ok(
      'openCollectionRound',
      {
        roundId: 'R-2026-02',
        inspectionId: INSPECTION,
        name: '2026 年 2 月调度（专项）',
        dueAt: '2026-03-10T09:00:00.000Z',
        taskIds: chosen,
      },
      office,
    );
    expect(second.collectionRound.entries.map((e) => e.taskId)).toEqual(chosen);
    const unknown = await call(
      'openCollectionRound',
      {
        roundId: 'R-X',
        inspectionId: INSPECTION,
        name: 'x',
        dueAt: '2026-03-10T09:00:00.000Z',
        taskIds: ['NOPE'],
      },
      office,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const unassigned = await call(
      'openCollectionRound',
      {
        roundId: 'R-X',
        inspectionId: INSPECTION,
        name: 'x',
        dueAt: '2026-03-10T09:00:00.000Z',
        taskIds: ['NEW-1'],
      },
      office,
    );
    expect(unassigned.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    t.clock.set('2026-03-05T00:00:00.000Z');
    const e0 = second.collectionRound.entries[0];
    await ok(
      'reportCollectionProgress',
      { roundId: 'R-2026-02', taskId: e0.taskId, progressPercent: 80, summary: '二轮报送' },
      await unitToken(e0.leadUnit),
    );
    t.clock.set('2026-03-12T00:00:00.000Z');
    const frozen2 = (await ok('freezeCollectionRound', { roundId: 'R-2026-02' }, office))
      .collectionRound;
    expect(frozen2.status).toBe('FROZEN');
    expect(frozen2.missing).toBe(1);

    // Now: the second report equals the current records (nothing changed after its freeze).
    const now = new Date().toISOString();
    expect(now > frozen2.report!.asOfTime).toBe(true);
    expect(frozen2.report!.figures).toEqual(
      await figuresFromRecords(null, frozen2.report!.asOfTime),
    );
    // As of the first round's close: the first report still equals the records of that moment,
    // which differ from today's.
    const again = await round('R-2026-01');
    expect(again.report!.figures).toEqual(frozen.report!.figures);
    expect(again.report!.figures).toEqual(
      await figuresFromRecords(frozen.report!.asOfTime, frozen.report!.asOfTime),
    );
    expect(frozen2.report!.figures.total).toBe(frozen.report!.figures.total + 1);
    expect(frozen2.report!.figures).not.toEqual(frozen.report!.figures);

    // The first round's publication regenerates byte for byte after all of this.
    const officer = await t.token('DISCLOSURE_OFFICER', '省生态环境厅');
    const verified = await t.gql<{ verifyDisclosure: { ok: boolean; regeneratedSha256: string } }>(
      `query($id: ID!) { verifyDisclosure(id: $id) { ok regeneratedSha256 } }`,
      { id: published.disclosureId },
      officer,
    );
    expect(verified.data!.verifyDisclosure).toEqual({
      ok: true,
      regeneratedSha256: published.sha256,
    });
    const body = Buffer.from(
      await (
        await fetch(t.url.replace(/\/graphql$/, '') + published.contentUrl, {
          headers: { authorization: `Bearer ${officer}` },
        })
      ).arrayBuffer(),
    );
    expect(createHash('sha256').update(body).digest('hex')).toBe(published.sha256);
    expect(body.toString()).toContain(frozen.report!.textZh.slice(0, 30));

    // The round's history is on the ledger like any record's.
    const history = await t.gql<{ history: { edges: { node: { type: string } }[] } }>(
      `query { history(streamId: "collection-R-2026-02") { edges { node { type } } } }`,
      {},
      auditor,
    );
    expect(history.data!.history.edges.map((e) => e.node.type)).toEqual([
      'CollectionRoundOpened',
      'CollectionProgressReported',
      'CollectionRoundFrozen',
    ]);
    const node = await t.gql<{ node: { __typename: string; roundId: string } }>(
      `query { node(id: "collection-R-2026-02") { __typename ... on CollectionRound { roundId } } }`,
      {},
      auditor,
    );
    expect(node.data!.node).toEqual({ __typename: 'CollectionRound', roundId: 'R-2026-02' });
    const verify = await t.gql<{ verifyStream: { ok: boolean } }>(
      `query { verifyStream(streamId: "collection-R-2026-01") { ok } }`,
      {},
      auditor,
    );
    expect(verify.data!.verifyStream.ok).toBe(true);
  });
});
