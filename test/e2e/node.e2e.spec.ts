import { assignInput, mutate, registerInspection } from '../support/task-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Relay's `node(id)`: a global id (`task-`, `inspection-`, `case-`, `disclosure-`) gives the same
 * object as the record's own query; unknown kinds and missing records are null; ids without a kind
 * are BAD_USER_INPUT.
 */
const FIELDS: Record<string, [query: string, selection: string]> = {
  Task: ['task', 'id taskId version status title leadUnit history { totalCount }'],
  Inspection: ['inspection', 'id inspectionId version title round tasks { totalCount }'],
  AccountabilityCase: [
    'accountabilityCase',
    'id caseId version caseStatus: status investigatingBody history { totalCount }',
  ],
  Disclosure: ['disclosure', 'id disclosureId kind format sha256 contentUrl'],
};

const NODE = `query ($id: ID!) { node(id: $id) { __typename id ${Object.entries(FIELDS)
  .map(([type, [, selection]]) => `... on ${type} { ${selection} }`)
  .join(' ')} } }`;

describe('node(id): any record by its global id', () => {
  let t: TestApp;
  let reader: string;
  let disclosureId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const office = await t.token('INSPECTION_OFFICE', '江西省督察办');
    reader = await t.token('AUDITOR', '江西省审计厅');
    await registerInspection(t, office, 'JX-3');
    await mutate(t, office, 'listTask', {
      taskId: 'JX-3-001',
      inspectionId: 'JX-3',
      title: '鄱阳湖周边非法采砂整治',
      problem: '非法采砂屡禁不止',
    });
    await mutate(t, office, 'assignTask', assignInput('JX-3-001'));
    const discipline = await t.token('DISCIPLINE_AUTHORITY', '省纪委监委');
    const opened = await t.gql(
      `mutation ($input: OpenAccountabilityCaseInput!) { openAccountabilityCase(input: $input) { case { id } } }`,
      {
        input: {
          caseId: 'C-7',
          inspectionId: 'JX-3',
          referredProblem: '岸线违规开发',
          investigatingBody: '省纪委监委',
          referredOn: '2024-08-21',
        },
      },
      discipline,
    );
    expect(opened.errors).toBeUndefined();
    const officer = await t.token('DISCLOSURE_OFFICER', '省政府新闻办');
    const published = await t.gql<{
      publishDisclosure: { disclosure: { disclosureId: string } };
    }>(
      `mutation ($input: PublishDisclosureInput!) { publishDisclosure(input: $input) { disclosure { disclosureId } } }`,
      {
        input: { kind: 'LEDGER', channel: 'GOVERNMENT_WEBSITE', title: '整改台账', format: 'CSV' },
      },
      officer,
    );
    expect(published.errors).toBeUndefined();
    disclosureId = published.data!.publishDisclosure.disclosure.disclosureId;
  });
  afterAll(() => t.close());

  const node = (id: string) =>
    t.gql<{ node: Record<string, unknown> | null }>(NODE, { id }, reader);

  it.each([
    ['Task', 'task-JX-3-001'],
    ['Inspection', 'inspection-JX-3'],
    ['AccountabilityCase', 'case-C-7'],
    ['Disclosure', () => `disclosure-${disclosureId}`],
  ] as const)(
    '%s: the same object its own query gives, under the same global id',
    async (type, id) => {
      const globalId = typeof id === 'function' ? id() : id;
      const [query, selection] = FIELDS[type];
      const own = await t.gql<Record<string, Record<string, unknown>>>(
        `query ($id: ID!) { ${query}(id: $id) { ${selection} } }`,
        { id: globalId },
        reader,
      );
      const res = await node(globalId);
      expect(res.errors).toBeUndefined();
      expect(own.data![query]).not.toBeNull();
      expect(res.data!.node).toEqual({ __typename: type, ...own.data![query] });
      expect(res.data!.node!.id).toBe(globalId);
    },
  );

  it('is null for an unknown kind or a record that does not exist', async () => {
    for (const id of [
      'widget-1',
      'ledger-JX-3',
      'task-NOPE',
      'inspection-NOPE',
      'case-NOPE',
      'disclosure-00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await node(id);
      expect([id, res.errors, res.data?.node]).toEqual([id, undefined, null]);
    }
  });

  it('answers BAD_USER_INPUT for an id that is not <kind>-<id>', async () => {
    for (const id of [
      '',
      'JX-3-001',
      'task',
      'task-',
      'Task-JX-3-001',
      'task-a b',
      `task-${'x'.repeat(65)}`,
    ]) {
      const res = await node(id);
      expect([id, res.errors?.[0].extensions?.code, res.data?.node ?? null]).toEqual([
        id,
        'BAD_USER_INPUT',
        null,
      ]);
    }
  });

  it('needs a token, like every record query', async () => {
    const res = await t.gql(NODE, { id: 'task-JX-3-001' });
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
