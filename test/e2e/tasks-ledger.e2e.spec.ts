import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  assignInput,
  ledgerCount,
  mutate,
  registerInspection,
  tokens,
} from '../support/task-api.js';

/**
 * Seven tasks in different states: board counts against `tasks` counts, filters, pagination, and
 * the write-side guarantees (CONFLICT, retried commandId, malformed input writes nothing).
 */
describe('the ledger over HTTP: board, filters, pagination, conflicts, bad input', () => {
  let t: TestApp;
  let tk: Awaited<ReturnType<typeof tokens>>;
  let admin: string;
  const B = '2024-11-15T00:00:00.000Z';

  async function list(id: string, number: number, title: string) {
    await mutate(t, admin, 'listTask', {
      taskId: id,
      inspectionId: 'JX-3',
      number,
      title,
      problem: `${title}的问题`,
    });
  }
  async function signOff(id: string, by = { lead: tk.lead, acceptor: tk.acceptor, city: tk.city }) {
    await mutate(t, by.lead, 'reportProgress', {
      taskId: id,
      scheduleStatus: 'ON_SCHEDULE',
      summary: '完成',
    });
    await mutate(t, by.lead, 'requestAcceptance', { taskId: id, selfCheck: '自查' });
    await mutate(t, by.acceptor, 'recordAcceptance', {
      taskId: id,
      decision: 'ACCEPTED',
      opinion: '同意',
    });
    await mutate(t, by.acceptor, 'startPublicNotice', {
      taskId: id,
      start: '2024-10-01',
      end: '2024-10-08',
    });
    await mutate(t, by.city, 'signOff', { taskId: id, level: 'CITY', signer: '市长' });
    // Every task reaches the office's final sign-off (集中统一销号), whatever its tier.
    await mutate(t, tk.office, 'signOff', { taskId: id, level: 'PROVINCIAL', signer: '省督察办' });
  }

  beforeAll(async () => {
    t = await startTestApp({ now: '2024-11-01T00:00:00.000Z' });
    tk = await tokens(t);
    admin = await t.token('ADMIN', 'system', { name: '管理员' });
    await registerInspection(t, tk.office);
    await list('A', 1, '城镇污水管网建设滞后');
    await list('B', 2, '鄱阳湖非法采砂');
    await mutate(t, admin, 'assignTask', assignInput('B', { deadline: '2024-10-01' }));
    await list('C', 3, '稀土矿山生态修复');
    await mutate(
      t,
      admin,
      'assignTask',
      assignInput('C', {
        leadUnit: '赣州市人民政府',
        acceptanceUnit: '江西省自然资源厅',
        regionCode: '360702',
        regionName: '赣州市章贡区',
        category: '矿山',
        deadline: '2025-06-30',
      }),
    );
    // Progress is reported by the task's own lead unit, never by an administrator on its behalf.
    const ganzhou = await t.token('IMPLEMENTING_ENTITY', '赣州市人民政府');
    await mutate(t, ganzhou, 'reportProgress', {
      taskId: 'C',
      scheduleStatus: 'BEHIND',
      summary: '滞后',
    });
    await list('D', 4, '长江岸线码头整治');
    await mutate(t, admin, 'assignTask', assignInput('D', { deadline: '2025-03-01' }));
    await mutate(t, tk.lead, 'reportProgress', {
      taskId: 'D',
      scheduleStatus: 'ON_SCHEDULE',
      summary: '按序时',
    });
    t.clock.set(B);
    await list('E', 5, '工业园区污水直排');
    await mutate(
      t,
      admin,
      'assignTask',
      assignInput('E', { regionCode: '360402', regionName: '九江市濂溪区', signOffTier: 'CITY' }),
    );
    await signOff('E');
    await list('F', 6, '垃圾填埋场渗滤液');
    await mutate(t, admin, 'assignTask', assignInput('F', { signOffTier: 'CITY' }));
    await signOff('F');
    await mutate(t, admin, 'reopenTask', {
      taskId: 'F',
      source: 'LOOK_BACK_REVIEW',
      reason: '回头看发现渗滤液外溢',
    });
    await list('G', 7, '农业面源污染治理');
    await mutate(
      t,
      admin,
      'assignTask',
      assignInput('G', {
        leadUnit: '上饶市人民政府',
        regionCode: '361102',
        regionName: '上饶市信州区',
        category: '农业',
        deadline: null,
        longTerm: true,
        signOffTier: 'CITY',
      }),
    );
    await signOff('G', {
      lead: await t.token('IMPLEMENTING_ENTITY', '上饶市人民政府'),
      acceptor: tk.acceptor,
      city: await t.token('CITY_GOVERNMENT', '上饶市人民政府', { region: '361100' }),
    });
    t.clock.set('2024-12-01T00:00:00.000Z');
  });
  afterAll(() => t.close());

  const count = async (filter: Record<string, unknown>) =>
    (
      await t.gql<{ tasks: { totalCount: number } }>(
        'query($f: TaskFilter) { tasks(filter: $f) { totalCount } }',
        { f: filter },
        tk.auditor,
      )
    ).data!.tasks.totalCount;

  type Group = {
    key: string;
    total: number;
    done: number;
    inProgress: number;
    overdue: number;
    behindSchedule: number;
    reopened: number;
  };
  const boardOf = async (groupBy: string, asOf?: string) => {
    const res = await t.gql<{ board: { totals: Omit<Group, 'key'>; groups: Group[] } }>(
      `query($g: BoardGroupBy!, $asOf: DateTime) { board(inspectionId: "JX-3", groupBy: $g, asOf: $asOf) {
         totals { total done inProgress overdue behindSchedule reopened }
         groups { key total done inProgress overdue behindSchedule reopened } } }`,
      { g: groupBy, asOf },
      tk.auditor,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.board;
  };

  it('board counts match the tasks', async () => {
    const byStatus = await boardOf('STATUS');
    expect(byStatus.totals).toEqual({
      total: 7,
      done: 2,
      inProgress: 4,
      overdue: 1,
      behindSchedule: 2,
      reopened: 1,
    });
    for (const g of byStatus.groups) expect(g.total).toBe(await count({ status: [g.key] }));
    const byRegion = await boardOf('REGION');
    for (const g of byRegion.groups.filter((x) => x.key)) {
      expect(g.total).toBe(await count({ regionCode: g.key }));
      expect(g.overdue).toBe(await count({ regionCode: g.key, overdue: true }));
    }
    expect(byRegion.groups.reduce((n, g) => n + g.total, 0)).toBe(7);
    const byUnit = await boardOf('LEAD_UNIT');
    for (const g of byUnit.groups.filter((x) => x.key))
      expect(g.total).toBe(await count({ leadUnit: g.key }));
    const byCategory = await boardOf('CATEGORY');
    expect(byCategory.groups.find((g) => g.key === '矿山')).toMatchObject({
      total: 1,
      behindSchedule: 1,
    });
    expect(await count({ overdue: true })).toBe(byStatus.totals.overdue);
  });

  it('board(asOf:) counts the tasks as they stood then', async () => {
    const before = await boardOf('STATUS', '2024-11-10T00:00:00.000Z');
    expect(before.totals).toEqual({
      total: 4,
      done: 0,
      inProgress: 3,
      overdue: 1,
      behindSchedule: 2,
      reopened: 0,
    });
  });

  it('filters select the right tasks', async () => {
    const ids = async (filter: Record<string, unknown>) =>
      (
        await t.gql<{ tasks: { edges: { node: { taskId: string } }[] } }>(
          'query($f: TaskFilter) { tasks(filter: $f, first: 100) { edges { node { taskId } } } }',
          { f: filter },
          tk.auditor,
        )
      ).data!.tasks.edges.map((e) => e.node.taskId);
    expect(await ids({ inspectionId: 'JX-3' })).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(await ids({ inspectionId: 'nope' })).toEqual([]);
    expect(await ids({ status: ['SIGNED_OFF', 'LONG_TERM'] })).toEqual(['E', 'G']);
    expect(await ids({ regionCode: '360400' })).toEqual(['B', 'D', 'E', 'F']);
    expect(await ids({ regionCode: '360428' })).toEqual(['B', 'D', 'F']);
    expect(await ids({ leadUnit: '赣州市人民政府' })).toEqual(['C']);
    expect(await ids({ acceptanceUnit: '江西省自然资源厅' })).toEqual(['C']);
    expect(await ids({ category: '农业' })).toEqual(['G']);
    expect(await ids({ overdue: true })).toEqual(['B']);
    expect(await ids({ overdue: false })).toHaveLength(6);
    expect(await ids({ deadlineFrom: '2025-01-01', deadlineTo: '2025-03-31' })).toEqual(['D']);
    expect(await ids({ text: '采砂' })).toEqual(['B']);
    expect(await ids({ text: '渗滤液的问题' })).toEqual(['F']);
    expect(await ids({ text: '%' })).toEqual([]);
  });

  it.each(['NUMBER', 'DEADLINE', 'UPDATED_AT', 'ID'])(
    'pagination by %s returns every task once',
    async (orderBy) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res: {
          data?: {
            tasks: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean; endCursor: string };
              edges: { node: { taskId: string } }[];
            };
          };
        } = await t.gql(
          `query($after: String, $o: TaskOrder) { tasks(first: 2, after: $after, orderBy: $o) {
             totalCount pageInfo { hasNextPage endCursor } edges { node { taskId } } } }`,
          { after, o: orderBy },
          tk.auditor,
        );
        const c = res.data!.tasks;
        expect(c.totalCount).toBe(7);
        seen.push(...c.edges.map((e) => e.node.taskId));
        if (!c.pageInfo.hasNextPage) break;
        after = c.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(7);
      expect([...seen].sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    },
  );

  it('a stale expectedVersion is CONFLICT and writes nothing', async () => {
    const before = await ledgerCount(t, tk.auditor);
    const res = await t.gql(
      `mutation { superviseTask(input: { taskId: "B", kind: SUMMONS, note: "约谈", expectedVersion: 1 }) { task { version } } }`,
      {},
      tk.office,
    );
    expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await ledgerCount(t, tk.auditor)).toBe(before);
    const ok = await mutate(t, tk.office, 'superviseTask', {
      taskId: 'B',
      kind: 'SUMMONS',
      note: '约谈',
      expectedVersion: 2,
    });
    expect(ok.task.version).toBe(3);
  });

  it('a retried commandId gives the first result and writes nothing', async () => {
    const input = { taskId: 'C', kind: 'CIRCULAR', note: '通报', commandId: 'retry-me-1' };
    const first = await mutate(t, tk.office, 'superviseTask', input);
    const count1 = await ledgerCount(t, tk.auditor);
    const second = await mutate(t, tk.office, 'superviseTask', input);
    expect(second).toEqual(first);
    expect(await ledgerCount(t, tk.auditor)).toBe(count1);
  });

  it.each([
    [
      'a bad date',
      'adjustDeadline',
      { taskId: 'D', newDeadline: '2025-99-01', approver: '主任', reason: 'x' },
    ],
    ['a date that is not a date', 'assignTask', assignInput('A', { deadline: 'next spring' })],
    [
      'an unknown enum value',
      'reportProgress',
      { taskId: 'D', scheduleStatus: 'LATE', summary: 'x' },
    ],
    [
      'empty required text',
      'listTask',
      { taskId: 'H', inspectionId: 'JX-3', title: '   ', problem: 'p' },
    ],
    [
      'a 100 KB title',
      'listTask',
      { taskId: 'H', inspectionId: 'JX-3', title: 'x'.repeat(100_000), problem: 'p' },
    ],
    ['a missing required field', 'superviseTask', { taskId: 'D', kind: 'SUMMONS' }],
    [
      'an unknown field',
      'superviseTask',
      { taskId: 'D', kind: 'SUMMONS', note: 'n', colour: 'red' },
    ],
    [
      'a bad sha256',
      'attachEvidence',
      {
        taskId: 'D',
        evidence: [{ fileName: 'a', mediaType: 'text/plain', size: 1, sha256: 'zz' }],
      },
    ],
  ])('%s is BAD_USER_INPUT and writes nothing', async (_name, mutation, input) => {
    const before = await ledgerCount(t, tk.auditor);
    const type = mutation[0].toUpperCase() + mutation.slice(1);
    const res = await t.gql(
      `mutation($i: ${type}Input!) { ${mutation}(input: $i) { task { version } } }`,
      { i: input },
      ['reportProgress', 'attachEvidence'].includes(mutation) ? tk.lead : admin,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await ledgerCount(t, tk.auditor)).toBe(before);
  });

  it('refusals: FORBIDDEN for the wrong actor, INVALID_TRANSITION with what is allowed', async () => {
    const forbidden = await t.gql(
      'mutation { listTask(input: { taskId: "Z", inspectionId: "JX-3", title: "t", problem: "p" }) { task { id } } }',
      {},
      tk.auditor,
    );
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const other = await t.token('IMPLEMENTING_ENTITY', '赣州市人民政府');
    const notMine = await t.gql(
      'mutation { reportProgress(input: { taskId: "D", scheduleStatus: AHEAD, summary: "x" }) { task { id } } }',
      {},
      other,
    );
    expect(notMine.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const acceptanceRequest =
      'mutation { requestAcceptance(input: { taskId: "A", selfCheck: "x" }) { task { id } } }';
    // The role comes before the status: ADMIN never requests acceptance in a unit's place.
    const notAUnit = await t.gql(acceptanceRequest, {}, admin);
    expect(notAUnit.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const invalid = await t.gql(acceptanceRequest, {}, tk.lead);
    expect(invalid.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      status: 'LISTED',
      allowed: ['assignTask', 'amendTask'],
    });
    const unknown = await t.gql(
      'mutation { superviseTask(input: { taskId: "nope", kind: SUMMONS, note: "n" }) { task { id } } }',
      {},
      admin,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('inspections and inspection(id) list the round with its tasks', async () => {
    const res = await t.gql<{
      inspections: {
        totalCount: number;
        edges: { node: { id: string; tasks: { totalCount: number } } }[];
      };
    }>(
      '{ inspections { totalCount edges { node { id inspectionId onSiteStart tasks(filter: { category: "水生态" }) { totalCount } } } } }',
      {},
      tk.auditor,
    );
    expect(res.data!.inspections.totalCount).toBe(1);
    expect(res.data!.inspections.edges[0].node).toMatchObject({
      id: 'inspection-JX-3',
      tasks: { totalCount: 4 },
    });
    const one = await t.gql<{ inspection: { round: number } }>(
      '{ inspection(id: "JX-3") { round feedbackDate } }',
      {},
      tk.auditor,
    );
    expect(one.data!.inspection).toEqual({ round: 3, feedbackDate: '2024-08-21T00:00:00.000Z' });
  });
});
