import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PUBLISH = `mutation($input: PublishDisclosureInput!) {
  publishDisclosure(input: $input) {
    disclosure { id disclosureId kind channel title format asOfPosition asOfTime sha256 size publishedBy { name } contentUrl }
    entry { position type streamId }
  }
}`;
const VERIFY = `query($id: ID!) { verifyDisclosure(id: $id) { ok recordedSha256 regeneratedSha256 recordedSize regeneratedSize } }`;

interface Published {
  disclosureId: string;
  asOfPosition: string;
  sha256: string;
  size: number;
  contentUrl: string;
}

describe('publishing disclosures', () => {
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp({ demo: true, now: '2025-03-01T00:00:00.000Z' });
    officer = await t.token('DISCLOSURE_OFFICER', '省生态环境厅', { name: '公开专员' });
  });
  afterAll(() => t.close());

  const publish = async (input: Record<string, unknown>, token = officer) =>
    t.gql<{ publishDisclosure: { disclosure: Published; entry: { type: string } } }>(
      PUBLISH,
      { input },
      token,
    );

  const content = async (d: Published) => {
    const res = await fetch(t.url.replace(/\/graphql$/, '') + d.contentUrl, {
      headers: { authorization: `Bearer ${officer}` },
    });
    return Buffer.from(await res.arrayBuffer());
  };

  it('only a disclosure officer or an administrator may publish', async () => {
    const office = await t.token('INSPECTION_OFFICE', '省督察办');
    const res = await publish(
      {
        kind: 'RECTIFICATION_STATUS',
        channel: 'GOVERNMENT_WEBSITE',
        title: '整改情况',
        format: 'MARKDOWN',
      },
      office,
    );
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it.each(['XLSX', 'CSV', 'MARKDOWN', 'HTML'])(
    'a %s disclosure regenerated from its position after more events: same bytes, same hash',
    async (format) => {
      const res = await publish({
        kind: 'RECTIFICATION_STATUS',
        channel: 'PARTY_PAPER',
        title: `江西省第三轮督察整改落实情况（${format}）`,
        format,
        inspectionId: 'DEMO-JX3',
      });
      expect(res.errors).toBeUndefined();
      const published = res.data!.publishDisclosure.disclosure;
      expect(res.data!.publishDisclosure.entry.type).toBe('DisclosurePublished');
      const first = await content(published);
      expect(createHash('sha256').update(first).digest('hex')).toBe(published.sha256);
      expect(first.length).toBe(published.size);

      // More events: a task listed after the publication changes the current table, not the old one.
      t.clock.set('2025-03-02T00:00:00.000Z');
      const office = await t.token('INSPECTION_OFFICE', '省督察办');
      const listed = await t.gql(
        `mutation($input: ListTaskInput!) { listTask(input: $input) { task { id } } }`,
        {
          input: {
            taskId: `LATE-${format}`,
            inspectionId: 'DEMO-JX3',
            title: '新增任务',
            problem: '新发现的问题',
          },
        },
        office,
      );
      expect(listed.errors).toBeUndefined();

      const verified = await t.gql<{ verifyDisclosure: Record<string, unknown> }>(
        VERIFY,
        { id: published.disclosureId },
        officer,
      );
      expect(verified.data?.verifyDisclosure).toEqual({
        ok: true,
        recordedSha256: published.sha256,
        regeneratedSha256: published.sha256,
        recordedSize: published.size,
        regeneratedSize: published.size,
      });
      expect((await content(published)).equals(first)).toBe(true);

      // The same document taken now differs: the regeneration really used the recorded position.
      const now = await publish({
        kind: 'RECTIFICATION_STATUS',
        channel: 'OTHER',
        title: '当前',
        format,
        inspectionId: 'DEMO-JX3',
      });
      expect(now.data!.publishDisclosure.disclosure.sha256).not.toBe(published.sha256);
    },
  );

  it('records the accountability summary at a given position and lists disclosures', async () => {
    const res = await publish({
      kind: 'ACCOUNTABILITY_SUMMARY',
      channel: 'PROVINCIAL_TV',
      title: '生态环境损害责任追究情况',
      format: 'HTML',
      asOfPosition: '20',
      commandId: 'publish-summary-1',
    });
    expect(res.errors).toBeUndefined();
    const d = res.data!.publishDisclosure.disclosure;
    expect(d.asOfPosition).toBe('20');
    const retry = await publish({
      kind: 'ACCOUNTABILITY_SUMMARY',
      channel: 'PROVINCIAL_TV',
      title: '生态环境损害责任追究情况',
      format: 'HTML',
      asOfPosition: '20',
      commandId: 'publish-summary-1',
    });
    expect(retry.data!.publishDisclosure.disclosure.disclosureId).toBe(d.disclosureId);
    const list = await t.gql<{
      disclosures: { totalCount: number; edges: { node: { kind: string } }[] };
    }>(
      '{ disclosures(filter: { kind: ACCOUNTABILITY_SUMMARY }) { totalCount edges { node { kind channel asOfPosition } } } }',
      {},
      officer,
    );
    expect(list.data?.disclosures.totalCount).toBe(1);
    const html = (await content(d)).toString();
    expect(html).toContain('<h2>按职级 / By rank</h2>');
  });

  it('refuses a format the kind has no rendering for, and a position not reached', async () => {
    const md = await publish({
      kind: 'LEDGER',
      channel: 'OTHER',
      title: '台账',
      format: 'MARKDOWN',
    });
    expect(md.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const far = await publish({
      kind: 'LEDGER',
      channel: 'OTHER',
      title: '台账',
      format: 'CSV',
      asOfPosition: '99999999',
    });
    expect(far.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
