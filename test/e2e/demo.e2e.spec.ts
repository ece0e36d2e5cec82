import { CommandSender } from '../../src/commands/command-sender.js';
import { loadDemo } from '../../src/demo/demo.loader.js';

import { COMPLAINT_STATUSES } from '../../src/complaints/domain/complaint.catalogue.js';
import { TASK_STATUSES } from '../../src/tasks/domain/task.state.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ledgerCount } from '../support/task-api.js';

describe('the demo ledger', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ demo: true, now: '2026-01-15T00:00:00.000Z' });
    token = await t.token('AUDITOR', '江西省审计厅');
  });
  afterAll(() => t.close());

  it('loads a clearly labelled demo inspection with tasks in every lifecycle state', async () => {
    const res = await t.gql<{
      inspection: {
        title: string;
        onSiteStart: string;
        feedbackDate: string;
        tasks: {
          totalCount: number;
          edges: { node: { status: string; responsibleLeader: { name: string } | null } }[];
        };
      };
    }>(
      `{ inspection(id: "DEMO-JX3") { title onSiteStart feedbackDate
          tasks(first: 100) { totalCount edges { node { status responsibleLeader { name } } } } } }`,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    const inspection = res.data!.inspection;
    expect(inspection.title).toMatch(/演示.*DEMO/);
    expect(inspection.onSiteStart).toBe('2024-05-08T00:00:00.000Z');
    expect(inspection.feedbackDate).toBe('2024-08-21T00:00:00.000Z');
    const statuses = new Set(inspection.tasks.edges.map((e) => e.node.status));
    expect([...statuses].sort()).toEqual([...TASK_STATUSES].sort());
  });

  it('the board and asOf tell the demo story', async () => {
    const res = await t.gql<{
      now: { totals: Record<string, number> };
      then: { totals: Record<string, number> };
    }>(
      `{ now: board(inspectionId: "DEMO-JX3", groupBy: STATUS) { totals { total done overdue reopened } }
         then: board(inspectionId: "DEMO-JX3", groupBy: STATUS, asOf: "2024-12-31") { totals { total done overdue reopened } } }`,
      {},
      token,
    );
    expect(res.data!.now.totals).toMatchObject({ total: 17, done: 4, reopened: 1 });
    expect(res.data!.now.totals.overdue).toBeGreaterThan(0);
    expect(res.data!.then.totals).toEqual({ total: 17, done: 0, overdue: 0, reopened: 0 });
  });

  it('tells the accountability story as the province counts it (issue 14)', async () => {
    const res = await t.gql<{
      accountabilitySummary: {
        announcement: string;
        casesClosed: number;
        litigation: { pending: number };
      };
    }>(
      '{ accountabilitySummary(inspectionId: "DEMO-JX3") { announcement casesClosed litigation { pending } } }',
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.accountabilitySummary).toEqual({
      announcement:
        '对1个单位、3名责任人进行问责，其中处级1人、科级及以下1人、其他1人；' +
        '给予党纪政务处分2人（含移送司法机关1人），诫勉1人，组织处理1人。',
      casesClosed: 1,
      litigation: { pending: 1 },
    });
  });

  it('has a labelled demo batch of complaint cases in every state', async () => {
    const res = await t.gql<{
      complaintCases: { edges: { node: { status: string; description: string } }[] };
      complaintSummary: { handedOver: number; closed: number; closedInStages: number };
    }>(
      `{ complaintCases(filter: { inspectionId: "DEMO-JX3", batch: 1 }, first: 100) {
          edges { node { status description } } }
         complaintSummary(inspectionId: "DEMO-JX3") { handedOver closed closedInStages } }`,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.complaintCases.edges.map((e) => e.node);
    expect(new Set(nodes.map((n) => n.status))).toEqual(new Set(COMPLAINT_STATUSES));
    for (const n of nodes) expect(n.description).toMatch(/演示 DEMO.*虚构示例/);
    expect(res.data!.complaintSummary).toEqual({ handedOver: 9, closed: 3, closedInStages: 1 });
  });

  it('loading again is idempotent: fixed command ids write nothing', async () => {
    const before = await ledgerCount(t, token);
    const again = await loadDemo(t.app.get(CommandSender));
    expect(again.count).toBe(0);
    expect(await ledgerCount(t, token)).toBe(before);
  });
});
