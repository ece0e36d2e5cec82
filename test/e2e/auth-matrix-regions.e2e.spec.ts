import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { complaintIdOf } from '../../src/complaints/domain/complaint.ids.js';
import { startTestApp, type GqlResponse, type TestApp } from '../support/test-app.js';

/**
 * The authorisation matrix's region rows (issue 16): one deployment holds Jiangxi's and Guangdong's
 * records; a token with a region claim (a province's office, a city government) reads its own
 * province only, in every query, export and the live feed; a token without one (the central office)
 * reads both. Every answer to a Guangdong token is searched for anything of Jiangxi's.
 */
const inspection = (inspectionId: string, regionCode: string, regionName: string) => ({
  inspectionId,
  title: `第一轮督察（${regionName}）`,
  round: 1,
  regionCode,
  regionName,
  team: '中央第一生态环境保护督察组',
  onSiteStart: '2024-05-08',
  onSiteEnd: '2024-06-08',
  feedbackDate: '2024-08-21',
});

const assign = (taskId: string, unit: Record<string, string>) => ({
  taskId,
  responsibleLeader: { name: '李某', position: '副市长', phone: '020-0000000' },
  target: '取缔全部非法采砂点位',
  measures: '联合执法，拆除设备，修复岸线',
  category: '水生态',
  signOffTier: 'PROVINCIAL',
  ...unit,
});

const handOver = (inspectionId: string, trackingNumber: string, unit: Record<string, string>) => ({
  inspectionId,
  batch: 1,
  handedOverOn: '2024-05-08',
  trackingNumber,
  channel: 'PHONE',
  pollutionTypes: ['WATER'],
  description: '某企业夜间向河道排放污水',
  replyDueOn: '2024-06-08',
  ...unit,
});

const JX_COMPLAINT = complaintIdOf('JXR-1', 'D1JXR0001');
const GD_COMPLAINT = complaintIdOf('GDR-1', 'D1GDR0001');
/** Anything of Jiangxi's: its inspection's, task's, case's and round's ids hold JXR. */
const JIANGXI = ['JXR', JX_COMPLAINT, '360000', '江西'];

type Counts = Record<string, unknown>;

describe('authorisation matrix: region scoping (a province reads its own records only)', () => {
  let t: TestApp;
  const tk = {} as Record<'central' | 'gd' | 'gdCity' | 'jx' | 'discipline', string>;
  const clients: Client[] = [];

  const must = async (mutation: string, input: Record<string, unknown>, token = tk.central) => {
    const type = mutation[0].toUpperCase() + mutation.slice(1) + 'Input';
    const res = await t.gql(
      `mutation ($input: ${type}!) { ${mutation}(input: $input) { entry { type } } }`,
      { input },
      token,
    );
    if (res.errors) throw new Error(`${mutation}: ${JSON.stringify(res.errors)}`);
  };
  const ask = <T = Record<string, unknown>>(query: string, token: string) =>
    t.gql<T>(query, {}, token);
  /** An answer to a Guangdong token: no error, and nothing of Jiangxi's anywhere in it. */
  const clean = async <T = Record<string, unknown>>(query: string, token: string) => {
    const res = await ask<T>(query, token);
    expect([query, res.errors]).toEqual([query, undefined]);
    const text = JSON.stringify(res.data);
    for (const marker of JIANGXI) expect([query, text.includes(marker)]).toEqual([query, false]);
    return res.data!;
  };
  const code = (res: GqlResponse) => res.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    t = await startTestApp({ now: '2024-09-01T00:00:00.000Z' });
    tk.central = await t.token('INSPECTION_OFFICE', '生态环境部督察办', { sub: 'central' });
    tk.jx = await t.token('INSPECTION_OFFICE', '江西省督察办', { sub: 'jx', region: '360000' });
    tk.gd = await t.token('INSPECTION_OFFICE', '广东省督察办', { sub: 'gd', region: '440000' });
    tk.gdCity = await t.token('CITY_GOVERNMENT', '广州市人民政府', { sub: 'gz', region: '440100' });
    tk.discipline = await t.token('DISCIPLINE_AUTHORITY', '省纪委监委', { sub: 'jw' });

    await must('registerInspection', inspection('JXR-1', '360000', '江西省'));
    await must('registerInspection', inspection('GDR-1', '440000', '广东省'));
    for (const [insp, lead, acceptance, region, deadline] of [
      ['JXR-1', '九江市人民政府', '江西省水利厅', '360428', '2025-06-30'],
      ['GDR-1', '广州市人民政府', '省住建厅', '440100', '2024-06-30'],
    ]) {
      const taskId = `${insp}-001`;
      await must('listTask', {
        taskId,
        inspectionId: insp,
        title: '采砂整治',
        problem: '非法采砂',
      });
      await must(
        'assignTask',
        assign(taskId, {
          leadUnit: lead,
          acceptanceUnit: acceptance,
          regionCode: region,
          deadline,
        }),
      );
      await must('openAccountabilityCase', {
        caseId: `${insp}-C1`,
        inspectionId: insp,
        referredProblem: '生态环境损害责任追究：岸线违规开发',
        investigatingBody: '省纪委监委',
        referredOn: '2024-08-21',
      });
      const person = {
        caseId: `${insp}-C1`,
        personId: 'P1',
        name: '张某',
        positionAtTheTime: '县自然资源局局长',
        rank: 'SECTION',
        organisationType: 'DEPARTMENT',
        responsibilityType: 'SUPERVISORY',
      };
      await must('addAccountablePerson', person, tk.discipline);
      await must(
        'recordSanction',
        {
          caseId: `${insp}-C1`,
          personId: 'P1',
          sanctionId: 'S1',
          kind: 'ADMONISHMENT',
          decidingBody: '县纪委监委',
          decidedOn: '2024-08-28',
        },
        tk.discipline,
      );
      await must(
        'handOverComplaint',
        handOver(insp, `D1${insp.slice(0, 3)}0001`, {
          regionCode: region,
          regionName: insp === 'JXR-1' ? '九江市都昌县' : '广州市',
          handedTo: lead,
        }),
      );
      await must('openCollectionRound', {
        roundId: `${insp}-R1`,
        inspectionId: insp,
        name: '月度调度',
        dueAt: '2024-12-31T00:00:00.000Z',
        taskIds: [taskId],
      });
    }
    // Guangdong's person is no longer held accountable once the only sanction is withdrawn.
    await must(
      'withdrawSanction',
      { caseId: 'GDR-1-C1', personId: 'P1', sanctionId: 'S1', reason: '复议撤销' },
      tk.discipline,
    );
    const head = await t.gql<{ health: { headPosition: string } }>('{ health { headPosition } }');
    expect(head.errors).toBeUndefined();
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  it("reads the province's abbreviations in the province: 省住建厅 of a Guangdong task is Guangdong's", async () => {
    const res = await clean<{ task: { acceptanceUnit: string } }>(
      '{ task(id: "GDR-1-001") { acceptanceUnit } }',
      tk.gd,
    );
    expect(res.task.acceptanceUnit).toBe('广东省住房和城乡建设厅');
  });

  it('single records of another province read as absent; its inspections named outright are refused', async () => {
    for (const token of [tk.gd, tk.gdCity]) {
      const found = await clean<Record<string, unknown>>(
        `{ task(id: "JXR-1-001") { id } inspection(id: "JXR-1") { id }
           accountabilityCase(id: "JXR-1-C1") { id } complaintCase(id: "${JX_COMPLAINT}") { id }
           collectionRound(id: "JXR-1-R1") { id } node(id: "task-JXR-1-001") { id }
           own: task(id: "GDR-1-001") { id } }`,
        token,
      );
      expect(found).toEqual({
        task: null,
        inspection: null,
        accountabilityCase: null,
        complaintCase: null,
        collectionRound: null,
        node: null,
        own: { id: 'task-GDR-1-001' },
      });
      for (const query of [
        '{ board(inspectionId: "JXR-1", groupBy: STATUS) { totals { total } } }',
        '{ board(inspectionIds: ["GDR-1", "JXR-1"], groupBy: STATUS) { totals { total } } }',
        '{ accountabilitySummary(inspectionId: "JXR-1") { people } }',
        '{ accountabilitySummary(inspectionIds: ["GDR-1", "JXR-1"]) { people } }',
        '{ announcementTable(inspectionId: "JXR-1") { version } }',
        '{ complaintSummary(inspectionId: "JXR-1") { handedOver } }',
        '{ reconciliation(inspectionId: "JXR-1") { missing } }',
        '{ verifyStream(streamId: "task-JXR-1-001") { ok } }',
      ]) {
        const res = await ask(query, token);
        expect([query, code(res), res.data ?? null]).toEqual([query, 'FORBIDDEN', null]);
      }
    }
  });

  it('lists, history, the ledger and the roll-ups hold their own province only', async () => {
    const lists = await clean<{
      tasks: { totalCount: number };
      inspections: { totalCount: number };
      accountabilityCases: { totalCount: number };
      complaintCases: { totalCount: number };
      collectionRounds: { totalCount: number };
      ledger: { totalCount: number; edges: { node: { streamId: string } }[] };
      history: { totalCount: number };
    }>(
      `{ tasks { totalCount edges { node { id inspectionId } } }
         inspections { totalCount edges { node { id regionCode } } }
         accountabilityCases { totalCount edges { node { id inspectionId } } }
         complaintCases { totalCount edges { node { id inspectionId } } }
         collectionRounds { totalCount edges { node { id inspectionId } } }
         ledger(first: 100) { totalCount edges { node { streamId data } } }
         history(streamId: "task-JXR-1-001") { totalCount }
         disclosures { totalCount } }`,
      tk.gd,
    );
    expect(lists.tasks.totalCount).toBe(1);
    expect(lists.inspections.totalCount).toBe(1);
    expect(lists.accountabilityCases.totalCount).toBe(1);
    expect(lists.complaintCases.totalCount).toBe(1);
    expect(lists.collectionRounds.totalCount).toBe(1);
    expect(lists.history.totalCount).toBe(0);
    expect(lists.ledger.edges.length).toBe(lists.ledger.totalCount);
    expect(lists.ledger.edges.map((e) => e.node.streamId)).toContain(`complaint-${GD_COMPLAINT}`);
    // The central office sees both provinces' records.
    const all = await ask<{ tasks: { totalCount: number }; ledger: { totalCount: number } }>(
      '{ tasks { totalCount } ledger { totalCount } }',
      tk.central,
    );
    expect(all.data!.tasks.totalCount).toBe(2);
    expect(all.data!.ledger.totalCount).toBeGreaterThan(lists.ledger.totalCount);

    const rollUps = await clean<{
      board: { inspectionIds: string[]; totals: { total: number; overdue: number } };
      complaintSummary: { handedOver: number };
      nationalSummary: { provinces: { provinceCode: string }[]; total: { tasks: number } };
    }>(
      `{ board(round: 1, groupBy: PROVINCE) { inspectionIds totals { total overdue } groups { key label total } }
         complaintSummary(round: 1) { handedOver inspectionIds }
         nationalSummary(round: 1) { provinces { provinceCode provinceName } total { tasks complaints } } }`,
      tk.gd,
    );
    expect(rollUps.board.inspectionIds).toEqual(['GDR-1']);
    expect(rollUps.board.totals).toEqual({ total: 1, overdue: 1 });
    expect(rollUps.complaintSummary.handedOver).toBe(1);
    expect(rollUps.nationalSummary.provinces.map((p) => p.provinceCode)).toEqual(['440000']);
    // A Guangdong token asking for Jiangxi's region still gets nothing of it.
    const other = await clean<{ board: { inspectionIds: string[] } }>(
      '{ board(region: "360000", round: 1, groupBy: STATUS) { inspectionIds } }',
      tk.gd,
    );
    expect(other.board.inspectionIds).toEqual([]);

    // The accountability summary takes the same three ways, within the same province.
    const cases = await clean<Record<string, { inspectionIds: string[]; casesReferred: number }>>(
      `{ round: accountabilitySummary(round: 1) { inspectionIds casesReferred sanctionsWithdrawn }
         listed: accountabilitySummary(inspectionIds: ["GDR-1"]) { inspectionIds casesReferred }
         jiangxi: accountabilitySummary(region: "360000", round: 1) { inspectionIds casesReferred } }`,
      tk.gd,
    );
    expect(cases.round).toEqual({
      inspectionIds: ['GDR-1'],
      casesReferred: 1,
      sanctionsWithdrawn: 1,
    });
    expect(cases.listed).toEqual({ inspectionIds: ['GDR-1'], casesReferred: 1 });
    expect(cases.jiangxi).toEqual({ inspectionIds: [], casesReferred: 0 });
  });

  it('an accountability summary over several inspections is theirs added up, with no paragraph', async () => {
    const FIGURES = `casesReferred casesClosed people personTimes peopleExempted sanctionsCorrected
      sanctionsWithdrawn investigationTeams interviews units unitsWithdrawn
      byRank { rank people personTimes } bySanctionKind { kind category severity people personTimes }
      byCategory { category people personTimes } byUnitMethod { method units }
      compensation { claims concluded pending amountAgreed } litigation { referred concluded pending }
      byGroup { key label includes people personTimes } byAnnouncementRank { label ranks people }
      ungrouped { people personTimes }`;
    const res = await ask<Record<string, Record<string, unknown>>>(
      `{ both: accountabilitySummary(round: 1) { inspectionId inspectionIds ${FIGURES} announcement announcementTable { version } }
         listed: accountabilitySummary(inspectionIds: ["JXR-1", "GDR-1"]) { inspectionIds ${FIGURES} announcement }
         jx: accountabilitySummary(inspectionId: "JXR-1") { inspectionId inspectionIds ${FIGURES} announcement announcementTable { version } }
         gd: accountabilitySummary(inspectionId: "GDR-1") { ${FIGURES} } }`,
      tk.central,
    );
    expect(res.errors).toBeUndefined();
    const { both, listed, jx, gd } = res.data!;
    /** Every count of two summaries added up; the fields that name a row stay as they are. */
    const add = (a: unknown, b: unknown, key = ''): unknown => {
      if (typeof a === 'number') return key === 'severity' ? a : a + (b as number);
      if (Array.isArray(a)) return a.map((x, i) => add(x, (b as unknown[])[i]));
      if (a && typeof a === 'object')
        return Object.fromEntries(
          Object.entries(a).map(([k, v]) => [k, add(v, (b as Record<string, unknown>)[k], k)]),
        );
      return a;
    };
    const { inspectionId, inspectionIds, announcement, announcementTable, ...jxFigures } = jx;
    expect([inspectionId, inspectionIds, announcementTable]).toEqual([
      'JXR-1',
      ['JXR-1'],
      { version: 0 },
    ]);
    expect(announcement).toEqual(expect.stringContaining('1'));
    const sum = add(jxFigures, gd);
    // Both inspections hold figures of their own, or the sum shows nothing.
    expect([jx.casesReferred, gd.casesReferred, jx.people, gd.sanctionsWithdrawn]).toEqual([
      1, 1, 1, 1,
    ]);
    expect({
      ...both,
      inspectionId: undefined,
      inspectionIds: undefined,
      announcement: undefined,
      announcementTable: undefined,
    }).toEqual({
      ...(sum as object),
      inspectionId: undefined,
      inspectionIds: undefined,
      announcement: undefined,
      announcementTable: undefined,
    });
    expect([
      both.inspectionId,
      both.inspectionIds,
      both.announcement,
      both.announcementTable,
    ]).toEqual([null, ['JXR-1', 'GDR-1'], null, null]);
    expect({ ...listed, inspectionIds: undefined, announcement: undefined }).toEqual({
      ...(sum as object),
      inspectionIds: undefined,
      announcement: undefined,
    });
    expect(listed.announcement).toBeNull();
  });

  it('exports: a province names one of its own inspections; everything at once is the central office’s', async () => {
    const base = t.url.replace('/graphql', '/api/export');
    const get = (path: string, token: string) =>
      fetch(`${base}/${path}`, { headers: { authorization: `Bearer ${token}` } });
    for (const path of [
      'ledger.csv',
      'ledger.csv?inspectionId=JXR-1',
      'complaint-table.csv?inspectionId=JXR-1',
    ]) {
      const res = await get(path, tk.gd);
      expect([
        path,
        res.status,
        ((await res.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]
          ?.extensions?.code,
      ]).toEqual([path, 403, 'FORBIDDEN']);
    }
    const own = await get('ledger.csv?inspectionId=GDR-1', tk.gd);
    expect(own.status).toBe(200);
    const body = await own.text();
    expect(body).toContain('GDR-1-001');
    for (const marker of JIANGXI.slice(0, 2)) expect(body.includes(marker)).toBe(false);
    const everything = await get('ledger.csv', tk.central);
    expect(everything.status).toBe(200);
    expect(await everything.text()).toContain('JXR-1-001');
  });

  it('nationalSummary and the roll-ups equal the sums of each inspection’s own board and summaries', async () => {
    const COUNTS = `inspections tasks done overdue complaints peopleHeldAccountable
      tasksByStatus { status count }`;
    const res = await ask<{
      now: {
        provinces: { provinceCode: string; provinceName: string; counts: Counts }[];
        total: Counts;
      };
      then: { provinces: { provinceCode: string; counts: Counts }[]; total: Counts };
      both: {
        totals: Record<string, number>;
        groups: { key: string; label: string; total: number }[];
      };
      both2: { totals: Record<string, number> };
      complaints: { handedOver: number };
      [k: string]: unknown;
    }>(
      `{ now: nationalSummary(round: 1) { provinces { provinceCode provinceName counts { ${COUNTS} } } total { ${COUNTS} } }
         then: nationalSummary(round: 1, asOf: "2024-09-01T00:00:00.000Z") {
           provinces { provinceCode counts { ${COUNTS} } } total { ${COUNTS} } }
         both: board(round: 1, groupBy: PROVINCE) { totals { total done inProgress overdue behindSchedule reopened } groups { key label total } }
         both2: board(inspectionIds: ["JXR-1", "GDR-1"], groupBy: STATUS) { totals { total done inProgress overdue behindSchedule reopened } }
         complaints: complaintSummary(round: 1) { handedOver }
         jxBoard: board(inspectionId: "JXR-1", groupBy: STATUS) { totals { total done inProgress overdue behindSchedule reopened } groups { key total } }
         gdBoard: board(inspectionId: "GDR-1", groupBy: STATUS) { totals { total done inProgress overdue behindSchedule reopened } groups { key total } }
         jxComplaints: complaintSummary(inspectionId: "JXR-1") { handedOver }
         gdComplaints: complaintSummary(inspectionId: "GDR-1") { handedOver }
         jxCases: accountabilitySummary(inspectionId: "JXR-1") { people }
         gdCases: accountabilitySummary(inspectionId: "GDR-1") { people } }`,
      tk.central,
    );
    expect(res.errors).toBeUndefined();
    const d = res.data!;
    type Board = { totals: Record<string, number>; groups: { key: string; total: number }[] };
    const own = (prefix: 'jx' | 'gd', code: string, name: string) => {
      const board = d[`${prefix}Board`] as Board;
      return {
        provinceCode: code,
        provinceName: name,
        counts: {
          inspections: 1,
          tasks: board.totals.total,
          done: board.totals.done,
          overdue: board.totals.overdue,
          complaints: (d[`${prefix}Complaints`] as { handedOver: number }).handedOver,
          peopleHeldAccountable: (d[`${prefix}Cases`] as { people: number }).people,
          tasksByStatus: board.groups.map((g) => ({ status: g.key, count: g.total })),
        },
      };
    };
    const expected = [own('jx', '360000', '江西省'), own('gd', '440000', '广东省')];
    expect(d.now.provinces).toEqual(expected);
    // The records themselves: Jiangxi's person is held accountable, Guangdong's sanction withdrawn;
    // Guangdong's deadline has passed.
    expect(expected.map((p) => [p.counts.peopleHeldAccountable, p.counts.overdue])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(d.now.total).toEqual({
      inspections: 2,
      tasks: 2,
      done: 0,
      overdue: 1,
      complaints: 2,
      peopleHeldAccountable: 1,
      tasksByStatus: [{ status: expected[0].counts.tasksByStatus[0].status, count: 2 }],
    });
    // As of the moment everything was written, the history gives the same figures as the counters.
    expect(d.then.total).toEqual(d.now.total);
    expect(d.then.provinces).toEqual(
      expected.map(({ provinceCode, counts }) => ({ provinceCode, counts })),
    );
    // A board over both inspections is the two boards added up, grouped by province.
    const jx = (d.jxBoard as Board).totals;
    const gd = (d.gdBoard as Board).totals;
    const sum = Object.fromEntries(Object.keys(jx).map((k) => [k, jx[k] + gd[k]]));
    expect(d.both.totals).toEqual(sum);
    expect(d.both2.totals).toEqual(sum);
    expect(d.both.groups).toEqual([
      { key: '360000', label: '江西省', total: jx.total },
      { key: '440000', label: '广东省', total: gd.total },
    ]);
    expect(d.complaints.handedOver).toBe(2);
  });

  it('a roll-up names its inspections one way only', async () => {
    for (const args of ['', 'inspectionId: "GDR-1", round: 1', 'inspectionIds: []']) {
      const res = await ask(
        `{ board(groupBy: STATUS ${args ? `, ${args}` : ''}) { at } }`,
        tk.central,
      );
      expect([args, code(res)]).toEqual([args, 'BAD_USER_INPUT']);
    }
  });

  it("the live feed carries the province's own entries only, old and new", async () => {
    const entries: { streamId: string }[] = [];
    const c = createClient({
      url: t.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: { authorization: `Bearer ${tk.gd}` },
    });
    clients.push(c);
    const own = await ask<{ ledger: { totalCount: number } }>('{ ledger { totalCount } }', tk.gd);
    let wake = () => {};
    c.subscribe<{ ledgerEntries: { streamId: string } }>(
      { query: 'subscription { ledgerEntries { streamId } }' },
      {
        next: (r) => {
          if (r.data) entries.push(r.data.ledgerEntries);
          wake();
        },
        error: () => wake(),
        complete: () => wake(),
      },
    );
    const until = async (n: number) => {
      while (entries.length < n) await new Promise<void>((resolve) => (wake = resolve));
    };
    await until(own.data!.ledger.totalCount);
    // Jiangxi writes first, then Guangdong: the feed's next entry is Guangdong's.
    await must('amendTask', { taskId: 'JXR-1-001', title: '新标题', reason: '更正标题' });
    await must('amendTask', { taskId: 'GDR-1-001', title: '新标题', reason: '更正标题' });
    await until(own.data!.ledger.totalCount + 1);
    expect(entries.at(-1)!.streamId).toBe('task-GDR-1-001');
    expect(entries.filter((e) => JIANGXI.some((m) => e.streamId.includes(m)))).toEqual([]);
  });
});
