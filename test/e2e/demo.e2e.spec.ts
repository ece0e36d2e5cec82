import { CommandSender } from '../../src/commands/command-sender.js';
import { loadDemo } from '../../src/demo/demo.loader.js';

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

  it('loading again is idempotent: fixed command ids write nothing', async () => {
    const before = await ledgerCount(t, token);
    const again = await loadDemo(t.app.get(CommandSender));
    expect(again.count).toBe(0);
    expect(await ledgerCount(t, token)).toBe(before);
  });
});
