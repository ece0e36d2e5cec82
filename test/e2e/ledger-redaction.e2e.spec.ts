import { REDACTED } from '../../src/ledger/api/internal-fields.js';
import { assignInput, mutate, registerInspection, tokens } from '../support/task-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HISTORY = `query($id: String!) { history(streamId: $id) { edges { node {
  type data changes { field before after } } } } }`;

type History = {
  history: {
    edges: {
      node: {
        type: string;
        data: Record<string, unknown>;
        changes: { field: string; after: unknown }[];
      };
    }[];
  };
};

describe("a responsible leader's phone in the ledger", () => {
  let t: TestApp;
  let tk: Awaited<ReturnType<typeof tokens>>;

  beforeAll(async () => {
    t = await startTestApp();
    tk = await tokens(t);
    await registerInspection(t, tk.office);
    await mutate(t, tk.office, 'listTask', {
      taskId: 'P1',
      inspectionId: 'JX-3',
      title: '采砂整治',
      problem: '非法采砂',
    });
    await mutate(t, tk.office, 'assignTask', assignInput('P1'));
  });
  afterAll(() => t.close());

  const assigned = async (token: string) => {
    const res = await t.gql<History>(HISTORY, { id: 'task-P1' }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.history.edges.map((e) => e.node).find((n) => n.type === 'TaskAssigned')!;
  };

  it('is shown to the inspection office and auditors', async () => {
    for (const token of [tk.office, tk.auditor]) {
      const entry = await assigned(token);
      expect(entry.data).toMatchObject({ responsibleLeader: { phone: '0792-0000000' } });
      expect(entry.changes).toContainEqual(
        expect.objectContaining({
          field: 'responsibleLeader',
          after: { name: '李某', position: '副市长', phone: '0792-0000000' },
        }),
      );
    }
  });

  it('is hidden from other readers, in data and in field changes, while the name stays', async () => {
    const integration = await t.token('INTEGRATION', '省大数据中心');
    for (const token of [integration, tk.lead, tk.city]) {
      const entry = await assigned(token);
      expect(entry.data).toMatchObject({ responsibleLeader: { name: '李某', phone: REDACTED } });
      expect(JSON.stringify(entry)).not.toContain('0792-0000000');
      expect(entry.changes).toContainEqual(
        expect.objectContaining({
          field: 'responsibleLeader',
          after: { name: '李某', position: '副市长', phone: REDACTED },
        }),
      );
    }
  });
});
