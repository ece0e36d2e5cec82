import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/test-app.js';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name));
const base = (t: TestApp) => t.url.replace(/\/graphql$/, '');

const REGISTER = `mutation($input: RegisterInspectionInput!) { registerInspection(input: $input) { inspection { id } } }`;
async function registerInspection(t: TestApp, token: string, inspectionId: string) {
  const res = await t.gql(
    REGISTER,
    {
      input: {
        inspectionId,
        title: '第三轮中央生态环境保护督察（测试）',
        round: 3,
        regionCode: '360000',
        regionName: '江西省',
        team: '中央第三生态环境保护督察组',
        onSiteStart: '2024-05-08',
        onSiteEnd: '2024-06-08',
        feedbackDate: '2024-08-21',
      },
    },
    token,
  );
  expect(res.errors).toBeUndefined();
}

async function upload(t: TestApp, token: string, file: Buffer, query: string, type = 'text/csv') {
  const res = await fetch(`${base(t)}/api/import?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(file),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { problems: { row: number }[] },
  };
}

async function download(t: TestApp, token: string, path: string) {
  const res = await fetch(`${base(t)}/api/export/${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The rows of the first sheet of an XLSX file, as text. */
async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
  });
  return rows;
}

const ledgerEvents = async (t: TestApp, token: string) =>
  (
    await t.gql<{ ledger: { totalCount: number } }>(
      '{ ledger(filter: { streamPrefix: "task-" }) { totalCount } }',
      {},
      token,
    )
  ).data!.ledger.totalCount;

describe('import and export over HTTP', () => {
  let t: TestApp;
  let office: string;
  beforeAll(async () => {
    t = await startTestApp();
    office = await t.token('INSPECTION_OFFICE', '省督察办');
    await registerInspection(t, office, 'JX-3');
  });
  afterAll(() => t.close());

  it('needs a token, and the inspection office to import', async () => {
    const anon = await fetch(`${base(t)}/api/import?inspectionId=JX-3`, {
      method: 'POST',
      body: 'x',
    });
    expect(anon.status).toBe(401);
    const auditor = await t.token('AUDITOR', '省审计厅');
    const denied = await upload(
      t,
      auditor,
      fixture('rectification-list.utf8.csv'),
      'inspectionId=JX-3',
    );
    expect(denied.status).toBe(403);
    expect(
      (denied.body as unknown as { errors: { extensions: { code: string } }[] }).errors[0]
        .extensions.code,
    ).toBe('FORBIDDEN');
    const missing = await upload(
      t,
      office,
      fixture('rectification-list.utf8.csv'),
      'inspectionId=NOPE',
    );
    expect(missing.status).toBe(404);
  });

  it('mixed file: dry run lists every bad row, a real run imports only with skipInvalid, and nothing twice', async () => {
    const file = fixture('rectification-list.mixed.csv');
    const dry = await upload(t, office, file, 'inspectionId=JX-3&dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, written: false, rows: 8, invalidRows: 4 });
    expect([...new Set(dry.body.problems.map((p) => p.row))]).toEqual([5, 6, 9, 10]);
    expect(await ledgerEvents(t, office)).toBe(0);

    const blocked = await upload(t, office, file, 'inspectionId=JX-3');
    expect(blocked.status).toBe(422);
    expect(await ledgerEvents(t, office)).toBe(0);

    const real = await upload(t, office, file, 'inspectionId=JX-3&skipInvalid=true');
    expect(real.body).toMatchObject({ written: true, created: 4, alreadyImported: 0 });
    expect(await ledgerEvents(t, office)).toBe(8);
    const again = await upload(t, office, file, 'inspectionId=JX-3&skipInvalid=true');
    expect(again.body).toMatchObject({ written: true, created: 0, alreadyImported: 4 });
    expect(await ledgerEvents(t, office)).toBe(8);
  });

  it('an edited list amends existing tasks only when asked, with a reason; deadlines are left to adjustDeadline', async () => {
    await registerInspection(t, office, 'JX-AM');
    const original = fixture('rectification-list.utf8.csv').toString('utf8');
    const first = await upload(t, office, Buffer.from(original), 'inspectionId=JX-AM');
    expect(first.body).toMatchObject({ written: true, created: 4 });
    const events = await ledgerEvents(t, office);
    // The province revises row 1's target and row 2's deadline.
    const edited = original
      .replace('受损岸线完成修复。', '受损岸线全部完成修复并通过验收。')
      .replace('2025年12月底，长期坚持', '2026年6月，长期坚持');
    expect(edited).not.toBe(original);

    const plain = await upload(t, office, Buffer.from(edited), 'inspectionId=JX-AM');
    expect(plain.body).toMatchObject({
      written: true,
      conflicts: 2,
      amended: 0,
      alreadyImported: 2,
    });
    expect(await ledgerEvents(t, office)).toBe(events);

    const noReason = await upload(t, office, Buffer.from(edited), 'inspectionId=JX-AM&amend=');
    expect(noReason.status).toBe(400);

    const reason = '按省督察办修订后的整改清单更新';
    const query = `inspectionId=JX-AM&amend=${encodeURIComponent(reason)}`;
    const amended = await upload(t, office, Buffer.from(edited), query);
    expect(amended.body).toMatchObject({ amended: 1, conflicts: 1, alreadyImported: 2 });
    const results = amended.body.results as { taskId: string; outcome: string; en?: string }[];
    expect(results.find((r) => r.taskId === 'JX-AM-001')).toMatchObject({ outcome: 'AMENDED' });
    expect(results.find((r) => r.taskId === 'JX-AM-002')).toMatchObject({
      outcome: 'CONFLICT',
      en: expect.stringContaining('adjustDeadline'),
    });
    expect(await ledgerEvents(t, office)).toBe(events + 1);
    const task = await t.gql<{
      task: {
        target: string;
        history: { edges: { node: { type: string; reason: string | null } }[] };
      };
    }>(
      '{ task(id: "JX-AM-001") { target history(first: 10) { edges { node { type reason } } } } }',
      {},
      office,
    );
    expect(task.data!.task.target).toBe(
      '非法采砂行为得到有效遏制，受损岸线全部完成修复并通过验收。',
    );
    expect(task.data!.task.history.edges.map((e) => e.node).at(-1)).toEqual({
      type: 'TaskAmended',
      reason,
    });

    // Running it again changes nothing more.
    const again = await upload(t, office, Buffer.from(edited), query);
    expect(again.body).toMatchObject({ amended: 0, conflicts: 1, alreadyImported: 3 });
    expect(await ledgerEvents(t, office)).toBe(events + 1);
  });

  it('imports a GB18030 CSV sent as multipart/form-data', async () => {
    await registerInspection(t, office, 'JX-GB');
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array(fixture('rectification-list.gb18030.csv'))]),
      'list.csv',
    );
    const res = await fetch(`${base(t)}/api/import?inspectionId=JX-GB`, {
      method: 'POST',
      headers: { authorization: `Bearer ${office}` },
      body: form,
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ encoding: 'gb18030', created: 4, written: true });
    const task = await t.gql<{ task: { leadUnit: string } }>(
      '{ task(id: "JX-GB-001") { leadUnit } }',
      {},
      office,
    );
    expect(task.data?.task.leadUnit).toBe('九江市人民政府');
  });

  it('exports the ledger as XLSX, CSV with BOM and JSON Lines; only public columns', async () => {
    const reader = await t.token('DISCLOSURE_OFFICER', '省生态环境厅');
    const csv = await download(t, reader, 'ledger.csv?inspectionId=JX-3');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString('utf8');
    expect(text).toContain('序号,整改任务,存在问题,责任单位');
    expect(text).not.toContain('联系电话');
    expect(text.trim().split('\r\n')).toHaveLength(5);

    const xlsx = await download(t, reader, 'ledger.xlsx?inspectionId=JX-3');
    const rows = await xlsxRows(xlsx.bytes);
    expect(rows[0].slice(0, 3)).toEqual(['任务编号', '序号', '整改任务']);
    expect(rows).toHaveLength(5);

    const jsonl = await download(t, reader, 'ledger.jsonl?inspectionId=JX-3');
    const first = JSON.parse(jsonl.bytes.toString('utf8').split('\n')[0]);
    expect(first).toMatchObject({ taskId: 'JX-3-001', number: 1, completion: '正在推进' });
    expect(first).not.toHaveProperty('responsibleLeaderPhone');
  });

  it('exports at a past position reproducibly and refuses unknown kinds and formats', async () => {
    const token = await t.token('AUDITOR', '省审计厅');
    const early = await download(t, token, 'rectification-status.md?position=4');
    expect(early.status).toBe(200);
    expect(early.headers.get('x-ledger-position')).toBe('4');
    const again = await download(t, token, 'rectification-status.md?position=4');
    expect(again.bytes.equals(early.bytes)).toBe(true);
    const html = await download(t, token, 'rectification-status.html');
    expect(html.bytes.toString()).toContain('<th>完成情况</th>');
    expect((await download(t, token, 'ledger.md')).status).toBe(400);
    expect((await download(t, token, 'secrets.csv')).status).toBe(400);
    expect((await download(t, token, 'ledger.csv?position=999999')).status).toBe(400);
  });
});

describe('round trip of the demo ledger through XLSX', () => {
  it('export, import into an empty store, export again: the same rows and values', async () => {
    const demo = await startTestApp({ demo: true });
    const empty = await startTestApp();
    try {
      const reader = await demo.token('AUDITOR', '省审计厅');
      const exported = await download(demo, reader, 'ledger.xlsx?inspectionId=DEMO-JX3');
      expect(exported.status).toBe(200);
      const before = await xlsxRows(exported.bytes);
      expect(before.length).toBeGreaterThan(5);

      const office = await empty.token('INSPECTION_OFFICE', '省督察办');
      await registerInspection(empty, office, 'DEMO-JX3');
      const imported = await upload(
        empty,
        office,
        exported.bytes,
        'inspectionId=DEMO-JX3',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(imported.body).toMatchObject({
        written: true,
        created: before.length - 1,
        problems: [],
      });
      const after = await xlsxRows(
        (await download(empty, office, 'ledger.xlsx?inspectionId=DEMO-JX3')).bytes,
      );

      // The list columns (what an import carries) are identical; status columns are history that
      // only the events since listing can produce, so the freshly imported tasks are all 已交办.
      const listColumns = before[0].filter(
        (h) => !['当前状态', '序时进度', '完成情况', '最新进展'].includes(h),
      );
      const pick = (rows: string[][]) =>
        rows.map((r) => listColumns.map((h) => r[rows[0].indexOf(h)] ?? ''));
      expect(after[0]).toEqual(before[0]);
      expect(pick(after)).toEqual(pick(before));
    } finally {
      await demo.close();
      await empty.close();
    }
  });
});
