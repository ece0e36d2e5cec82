import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JX3_INSPECTION } from '../support/task-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Three daily handover batches imported from the team's sheets, worked to a mix of results, their
 * tables and the summary published; the summary must equal the sums of the individual records, now
 * and as of an earlier moment, and the complainant's contact must be nowhere.
 */
const INSPECTION = 'jx-r3';
const PHONE = '13912345678';
const REGIONS = [
  ['南昌市（360100）', '360100'],
  ['九江市（360400）', '360400'],
  ['抚州市（361000）', '361000'],
] as const;
const TYPES = ['大气', '水、固废', '噪声', '土壤；水', '生态', '辐射'];
const HEADINGS =
  '受理编号,交办日期,受理方式,重点关注,重复件,行政区域,污染类型,交办问题基本情况,交办单位,答复期限,举报人,联系电话';

const day = (batch: number) => `2024-05-${String(7 + batch).padStart(2, '0')}`;
const tracking = (batch: number, i: number) =>
  `${i % 2 ? 'X' : 'D'}3JX${day(batch).replace(/-/g, '')}${String(i + 1).padStart(4, '0')}`;

/** One day's sheet: six cases; the second batch repeats a case of the first. */
function sheet(batch: number, withBatchColumn = false): Buffer {
  const rows = [withBatchColumn ? `批次,${HEADINGS}` : HEADINGS];
  for (let i = 0; i < 6; i++) {
    const [region] = REGIONS[i % 3];
    const duplicate = batch === 2 && i === 0 ? tracking(1, 0) : '否';
    const cells = [
      tracking(batch, i),
      day(batch),
      i % 2 ? '来信' : '来电',
      i % 3 === 0 ? '是' : '否',
      duplicate,
      region,
      `"${TYPES[i]}"`,
      `第${batch}批第${i + 1}件：某企业夜间排污，群众反映强烈`,
      i % 3 === 1 ? '九江市人民政府' : '南昌市人民政府',
      `2024-05-${10 + 7 + batch}`,
      `群众${batch}${i}`,
      PHONE,
    ];
    rows.push((withBatchColumn ? [`第${batch}批`, ...cells] : cells).join(','));
  }
  return Buffer.from(rows.join('\r\n') + '\r\n', 'utf8');
}

const base = (t: TestApp) => t.url.replace(/\/graphql$/, '');

type Summary = {
  handedOver: number;
  closed: number;
  closedInStages: number;
  inProgress: number;
  keyAttention: number;
  duplicates: number;
  byStatus: { status: string; cases: number }[];
  byVerification: { result: string; cases: number }[];
  byPollutionType: { pollutionType: string; cases: number }[];
  byRegion: { regionCode: string; regionName: string; cases: number; closed: number }[];
  byBatch: { batch: number; cases: number; closed: number; closedInStages: number }[];
  enforcement: Record<string, number>;
};
const SUMMARY = `query($id: ID!, $asOf: DateTime) { complaintSummary(inspectionId: $id, asOf: $asOf) {
  handedOver closed closedInStages inProgress keyAttention duplicates
  byStatus { status cases } byVerification { result cases } byPollutionType { pollutionType cases }
  byRegion { regionCode regionName cases closed } byBatch { batch cases closed closedInStages }
  enforcement { orderedToRectify penaltyCases fineYuan criminalCases administrativeDetentions
    criminalDetentions summonedTalks peopleHeldAccountable } } }`;

type Record_ = {
  id: string;
  complaintId: string;
  status: string;
  batch: number;
  keyAttention: boolean;
  duplicateOf: { trackingNumber: string } | null;
  regionCode: string;
  regionName: string;
  pollutionTypes: string[];
  verification: { result: string } | null;
  enforcement: Record<string, number>;
};
const RECORD = `query($id: ID!, $asOf: DateTime) { complaintCase(id: $id, asOf: $asOf) {
  id complaintId status batch keyAttention duplicateOf { trackingNumber } regionCode regionName
  pollutionTypes verification { result }
  enforcement { orderedToRectify penaltyCases fineYuan criminalCases administrativeDetentions
    criminalDetentions summonedTalks peopleHeldAccountable } } }`;

const ENFORCEMENT_KEYS = [
  'orderedToRectify',
  'penaltyCases',
  'fineYuan',
  'criminalCases',
  'administrativeDetentions',
  'criminalDetentions',
  'summonedTalks',
  'peopleHeldAccountable',
];

/** The published figures summed here from the records as `complaintCase` shows them. */
function sumOfRecords(records: Record_[]) {
  const count = <K extends string>(keys: K[]) => Object.fromEntries(keys.map((k) => [k, 0]));
  const byVerification: Record<string, number> = {};
  const byType: Record<string, number> = {};
  const byRegion: Record<string, number> = {};
  const byBatch: Record<string, number> = {};
  const enforcement: Record<string, number> = count(ENFORCEMENT_KEYS);
  for (const r of records) {
    if (r.verification)
      byVerification[r.verification.result] = (byVerification[r.verification.result] ?? 0) + 1;
    for (const t of r.pollutionTypes) byType[t] = (byType[t] ?? 0) + 1;
    byRegion[r.regionCode] = (byRegion[r.regionCode] ?? 0) + 1;
    byBatch[r.batch] = (byBatch[r.batch] ?? 0) + 1;
    for (const k of ENFORCEMENT_KEYS) enforcement[k] += r.enforcement[k];
  }
  const closed = records.filter((r) => r.status === 'CLOSED').length;
  const closedInStages = records.filter((r) => r.status === 'CLOSED_IN_STAGES').length;
  return {
    handedOver: records.length,
    closed,
    closedInStages,
    inProgress: records.length - closed - closedInStages,
    keyAttention: records.filter((r) => r.keyAttention).length,
    duplicates: records.filter((r) => r.duplicateOf).length,
    byVerification,
    byType,
    byRegion,
    byBatch,
    enforcement,
  };
}

const nonZero = <T extends { cases: number }>(rows: T[], key: keyof T) =>
  Object.fromEntries(rows.filter((r) => r.cases).map((r) => [String(r[key]), r.cases]));

const asFigures = (s: Summary) => ({
  handedOver: s.handedOver,
  closed: s.closed,
  closedInStages: s.closedInStages,
  inProgress: s.inProgress,
  keyAttention: s.keyAttention,
  duplicates: s.duplicates,
  byVerification: nonZero(s.byVerification, 'result'),
  byType: nonZero(s.byPollutionType, 'pollutionType'),
  byRegion: nonZero(s.byRegion, 'regionCode'),
  byBatch: nonZero(s.byBatch, 'batch'),
  enforcement: s.enforcement,
});

/** Every file under the data directory, as bytes (the store, the read models, the logs). */
function everyFile(dir: string): Buffer[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? everyFile(path) : [readFileSync(path)];
  });
}

describe('complaint cases over HTTP: three handover batches, worked and published', () => {
  let t: TestApp;
  let office: string;
  let nanchang: string;
  let jiujiang: string;
  let officer: string;
  let auditor: string;
  const ids: string[] = [];
  const T1 = '2024-06-01T00:00:00.000Z';

  const upload = async (file: Buffer, query: string, token = office) => {
    const res = await fetch(`${base(t)}/api/import/complaints?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: new Uint8Array(file),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  async function mutate(name: string, input: Record<string, unknown>, token: string) {
    const type = name[0].toUpperCase() + name.slice(1) + 'Input';
    return t.gql<Record<string, { complaint: { status: string; version: number } }>>(
      `mutation($input: ${type}!) { ${name}(input: $input) { complaint { status version }
        entry { type } } }`,
      { input },
      token,
    );
  }
  async function ok(name: string, input: Record<string, unknown>, token = office) {
    const res = await mutate(name, input, token);
    expect(res.errors).toBeUndefined();
    return res.data![name].complaint;
  }
  const summary = async (asOf?: string) =>
    (await t.gql<{ complaintSummary: Summary }>(SUMMARY, { id: INSPECTION, asOf }, auditor)).data!
      .complaintSummary;
  const records = async (asOf?: string) =>
    (
      await Promise.all(
        ids.map(
          async (id) =>
            (await t.gql<{ complaintCase: Record_ | null }>(RECORD, { id, asOf }, auditor)).data!
              .complaintCase,
        ),
      )
    ).filter((r): r is Record_ => r !== null);
  const list = async (filter: Record<string, unknown>, first = 50, after?: string) => {
    const res = await t.gql<{
      complaintCases: {
        totalCount: number;
        edges: { cursor: string; node: { complaintId: string; batch: number } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(
      `query($filter: ComplaintCaseFilter, $first: Int, $after: String) {
        complaintCases(filter: $filter, first: $first, after: $after) {
          totalCount edges { cursor node { complaintId batch } } pageInfo { hasNextPage endCursor } } }`,
      { filter: { inspectionId: INSPECTION, ...filter }, first, after },
      auditor,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.complaintCases;
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2024-05-08T10:00:00.000Z' });
    office = await t.token('INSPECTION_OFFICE', '省督察办');
    nanchang = await t.token('CITY_GOVERNMENT', '南昌市人民政府', { region: '360100' });
    jiujiang = await t.token('CITY_GOVERNMENT', '九江市人民政府', { region: '360400' });
    officer = await t.token('DISCLOSURE_OFFICER', '省生态环境厅');
    auditor = await t.token('AUDITOR', '省审计厅');
    const res = await t.gql(
      `mutation($input: RegisterInspectionInput!) { registerInspection(input: $input) { inspection { id } } }`,
      { input: { ...JX3_INSPECTION, inspectionId: INSPECTION } },
      office,
    );
    expect(res.errors).toBeUndefined();
  });
  afterAll(() => t.close());

  it('a dry run checks the sheet and writes nothing', async () => {
    const dry = await upload(sheet(1), `inspectionId=${INSPECTION}&batch=1&dryRun=true`);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, written: false, validRows: 6, problems: [] });
    expect((await list({})).totalCount).toBe(0);
  });

  it('a sheet with a bad row is refused whole, the row and column named', async () => {
    const bad = Buffer.from(
      sheet(1).toString('utf8').replace('"水、固废"', '"水、臭豆腐"').replace('2024-05-18', '五月'),
      'utf8',
    );
    const res = await upload(bad, `inspectionId=${INSPECTION}&batch=1`);
    expect(res.status).toBe(422);
    expect(res.body.written).toBe(false);
    const problems = res.body.problems as { row: number; column: string; zh: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: 3,
          column: '污染类型',
          zh: expect.stringMatching(/臭豆腐/),
        }),
        expect.objectContaining({ row: 2, column: '答复期限' }),
      ]),
    );
    expect((await list({})).totalCount).toBe(0);
  });

  it('imports three daily batches; the same batch again writes nothing', async () => {
    for (const batch of [1, 2, 3]) {
      t.clock.set(`${day(batch)}T10:00:00.000Z`);
      // The third day's sheet names its batch in a column instead of the request.
      const res =
        batch === 3
          ? await upload(sheet(3, true), `inspectionId=${INSPECTION}`)
          : await upload(sheet(batch), `inspectionId=${INSPECTION}&batch=${batch}`);
      expect(res.body.problems).toEqual([]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ written: true, created: 6, alreadyImported: 0 });
      expect(res.body.personalColumnsDropped).toEqual(['举报人', '联系电话']);
      for (const r of res.body.results as { complaintId: string }[]) ids.push(r.complaintId);
    }
    const head = async () => {
      const res = await t.gql<{ ledger: { totalCount: number } }>(
        '{ ledger(first: 1) { totalCount } }',
        {},
        office,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.ledger.totalCount;
    };
    const before = await head();
    const again = await upload(sheet(1), `inspectionId=${INSPECTION}&batch=1`);
    expect(again.body).toMatchObject({ written: true, created: 0, alreadyImported: 6 });
    expect(await head()).toBe(before);
    // The same tracking number with other content is a conflict, left alone.
    const changed = Buffer.from(
      sheet(1).toString('utf8').replace('第1批第1件', '第1批第一件'),
      'utf8',
    );
    const conflict = await upload(changed, `inspectionId=${INSPECTION}&batch=1`);
    expect(conflict.body).toMatchObject({ conflicts: 1, alreadyImported: 5, created: 0 });
    expect(await head()).toBe(before);
  });

  it('never stores the complainant’s name or phone', () => {
    for (const bytes of everyFile(t.dataDir)) {
      expect(bytes.includes(PHONE)).toBe(false);
      expect(bytes.includes(Buffer.from('群众10', 'utf8'))).toBe(false);
    }
  });

  it('works the cases to a mix of results, by the units they were handed to', async () => {
    const unitOf = (i: number) => ((i % 6) % 3 === 1 ? jiujiang : nanchang);
    // Another city's government cannot touch a case it was not handed.
    const foreign = await mutate('startComplaintInvestigation', { complaintId: ids[0] }, jiujiang);
    expect(foreign.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A result before the investigation has started is refused.
    const early = await mutate(
      'recordComplaintVerification',
      { complaintId: ids[0], result: 'SUBSTANTIATED', findings: '属实' },
      nanchang,
    );
    expect(early.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');

    const results = [
      'SUBSTANTIATED',
      'PARTLY_SUBSTANTIATED',
      'UNSUBSTANTIATED',
      'MOSTLY_SUBSTANTIATED',
    ];
    t.clock.set('2024-05-25T00:00:00.000Z');
    for (const [i, id] of ids.entries()) {
      const k = i % 6;
      if (k === 0) continue;
      await ok('startComplaintInvestigation', { complaintId: id }, unitOf(i));
      if (k === 1) continue;
      await ok(
        'recordComplaintVerification',
        { complaintId: id, result: results[k - 2], findings: `调查核实情况 ${i}` },
        unitOf(i),
      );
    }
    t.clock.set('2024-06-10T00:00:00.000Z');
    for (const [i, id] of ids.entries()) {
      const k = i % 6;
      if (k < 2) continue;
      await ok(
        'recordComplaintHandling',
        {
          complaintId: id,
          handling: `责令整改，处理情况 ${i}`,
          accountability: k === 2 ? '问责 2 人' : null,
        },
        unitOf(i),
      );
      if (k === 2 || k === 5) {
        await ok(
          'recordComplaintEnforcement',
          {
            complaintId: id,
            orderedToRectify: 2,
            penaltyCases: 1,
            fineYuan: 150_000 + i,
            criminalCases: k === 2 ? 1 : 0,
            administrativeDetentions: k === 2 ? 1 : 0,
            criminalDetentions: 0,
            summonedTalks: 1,
            peopleHeldAccountable: k === 2 ? 2 : 0,
          },
          unitOf(i),
        );
      }
      if (k === 3) {
        await ok('closeComplaintInStages', {
          complaintId: id,
          remaining: '河道底泥清淤尚需时日',
          remainingDueOn: '2025-12-31',
        });
      } else await ok('closeComplaint', { complaintId: id });
    }
    t.clock.set('2024-07-01T00:00:00.000Z');
    // A repeat complaint reopens a closed case; a stage-closed one of the first batch is finished.
    await ok('reopenComplaint', { complaintId: ids[5], reason: '群众重复举报，核查未通过' });
    expect(await ok('closeComplaint', { complaintId: ids[3] })).toMatchObject({ status: 'CLOSED' });
  });

  it('the summary equals the sums of the records, now and as of an earlier moment', async () => {
    const now = await summary();
    expect(asFigures(now)).toEqual(sumOfRecords(await records()));
    expect(now).toMatchObject({
      handedOver: 18,
      closed: 9,
      closedInStages: 2,
      inProgress: 7,
      duplicates: 1,
    });
    expect(now.enforcement.fineYuan).toBe(
      6 * 150_000 + [2, 5, 8, 11, 14, 17].reduce((a, b) => a + b),
    );

    const then = await summary(T1);
    expect(asFigures(then)).toEqual(sumOfRecords(await records(T1)));
    // On 1 June nothing was handled yet: results recorded, nothing closed.
    expect(then).toMatchObject({ handedOver: 18, closed: 0, closedInStages: 0, inProgress: 18 });
    expect(then.byVerification.reduce((n, v) => n + v.cases, 0)).toBe(12);
    expect(then.enforcement.fineYuan).toBe(0);
    // Before the first handover there was nothing.
    expect((await summary('2024-05-01T00:00:00.000Z')).handedOver).toBe(0);
  });

  it('as of any moment, on either side of each change, the summary equals the records', async () => {
    // The moments the cases changed (the test clock stood still at each), a millisecond before and
    // after each, the day before each, and moments years before and after.
    const moments = [
      '2024-05-08T10:00:00.000Z',
      '2024-05-25T00:00:00.000Z',
      '2024-06-10T00:00:00.000Z',
      '2024-07-01T00:00:00.000Z',
    ].flatMap((at) => {
      const ms = Date.parse(at);
      return [-86_400_000, -1, 0, 1].map((d) => new Date(ms + d).toISOString());
    });
    moments.push('2023-12-31T23:59:59.999Z', '2030-01-01T00:00:00.000Z');
    for (const asOf of moments) {
      expect({ asOf, ...asFigures(await summary(asOf)) }).toEqual({
        asOf,
        ...sumOfRecords(await records(asOf)),
      });
    }
    // Long after the last change, the summary as of then is the summary now.
    expect(await summary('2030-01-01T00:00:00.000Z')).toEqual(await summary());
  });

  it('lists by every filter, a page at a time', async () => {
    expect((await list({ batch: 2 })).totalCount).toBe(6);
    expect((await list({ status: 'CLOSED' })).totalCount).toBe(9);
    expect((await list({ verificationResult: 'UNSUBSTANTIATED' })).totalCount).toBe(3);
    expect((await list({ pollutionType: 'WATER' })).totalCount).toBe(6);
    expect((await list({ regionCode: '360400' })).totalCount).toBe(6);
    expect((await list({ regionCode: '360000' })).totalCount).toBe(18);
    expect((await list({ keyAttention: true })).totalCount).toBe(6);
    expect((await list({ text: '第2批第3件' })).totalCount).toBe(1);
    expect((await list({ text: '100%' })).totalCount).toBe(0);
    // Past the reply date with no result: the cases never investigated and those only started.
    expect((await list({ overdueReply: true })).totalCount).toBe(6);
    expect((await list({ overdueReply: false })).totalCount).toBe(12);
    const first = await list({}, 5);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await list({}, 5, first.pageInfo.endCursor);
    expect(second.edges[0].node.complaintId).toBe(ids[5]);
  });

  it('a complaint case is a node, with its history', async () => {
    const res = await t.gql<{
      node: { __typename: string; complaintId: string; history: { totalCount: number } };
    }>(
      `query($id: ID!) { node(id: $id) { __typename ... on ComplaintCase { complaintId
        history { totalCount } } } }`,
      { id: `complaint-${ids[2]}` },
      auditor,
    );
    expect(res.data?.node).toEqual({
      __typename: 'ComplaintCase',
      complaintId: ids[2],
      history: { totalCount: 6 },
    });
  });

  it('publishes each batch table and the summary; each regenerates to the same bytes', async () => {
    const publish = (input: Record<string, unknown>) =>
      t.gql<{
        publishDisclosure: {
          disclosure: { disclosureId: string; batch: number | null; contentUrl: string };
        };
      }>(
        `mutation($input: PublishDisclosureInput!) { publishDisclosure(input: $input) {
          disclosure { disclosureId batch contentUrl } } }`,
        { input: { channel: 'GOVERNMENT_WEBSITE', inspectionId: INSPECTION, ...input } },
        officer,
      );
    const noBatch = await publish({
      kind: 'COMPLAINT_BATCH_TABLE',
      title: '一览表',
      format: 'CSV',
    });
    expect(noBatch.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const published: { disclosureId: string; contentUrl: string }[] = [];
    for (const [batch, format] of [
      [1, 'CSV'],
      [2, 'HTML'],
      [3, 'XLSX'],
      [1, 'MARKDOWN'],
    ] as const) {
      const res = await publish({
        kind: 'COMPLAINT_BATCH_TABLE',
        batch,
        title: `第${batch}批信访举报件公开情况一览表`,
        format,
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.publishDisclosure.disclosure.batch).toBe(batch);
      published.push(res.data!.publishDisclosure.disclosure);
    }
    const sum = await publish({
      kind: 'COMPLAINT_SUMMARY',
      title: '信访举报件办理情况',
      format: 'MARKDOWN',
    });
    expect(sum.errors).toBeUndefined();
    published.push(sum.data!.publishDisclosure.disclosure);

    const content = async (url: string) =>
      Buffer.from(
        await (
          await fetch(base(t) + url, { headers: { authorization: `Bearer ${officer}` } })
        ).arrayBuffer(),
      );
    const csv = (await content(published[0].contentUrl)).toString('utf8');
    expect(csv).toContain(
      '受理编号,交办问题基本情况,行政区域,污染类型,调查核实情况,是否属实,处理和整改情况,责任追究情况',
    );
    expect(csv).toContain('D3JX202405080001,');
    expect(csv).not.toContain('第2批');
    expect(csv).not.toContain(PHONE);
    expect(csv).toMatch(/阶段性办结|不属实/);
    const md = (await content(sum.data!.publishDisclosure.disclosure.contentUrl)).toString('utf8');
    expect(md).toContain('交办信访举报件（件） | 18');

    // More work after publishing does not change what was published.
    t.clock.set('2024-07-02T00:00:00.000Z');
    await ok('startComplaintInvestigation', { complaintId: ids[0] }, nanchang);
    for (const d of published) {
      const v = await t.gql<{ verifyDisclosure: { ok: boolean } }>(
        `query($id: ID!) { verifyDisclosure(id: $id) { ok } }`,
        { id: d.disclosureId },
        officer,
      );
      expect(v.data?.verifyDisclosure.ok).toBe(true);
    }
  });

  it('exports a batch table for download, and refuses one without a batch', async () => {
    const get = (path: string) =>
      fetch(`${base(t)}/api/export/${path}`, { headers: { authorization: `Bearer ${auditor}` } });
    const html = await get(`complaint-table.html?inspectionId=${INSPECTION}&batch=2`);
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('第2批第1件');
    expect((await get(`complaint-table.csv?inspectionId=${INSPECTION}`)).status).toBe(400);
  });
});
