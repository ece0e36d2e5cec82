import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { complaintDecider } from '../../src/complaints/domain/complaint.decider.js';
import { complaintIdOf } from '../../src/complaints/domain/complaint.ids.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { importComplaintsCommand } from '../../src/exchange/exchange.cli.js';
import { JX3_INSPECTION } from '../support/task-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `taizhang import-complaints`: the daily handover sheet from the command line, through the same
 * import as the HTTP route. A dry run unless --write is given; the same sheet again writes
 * nothing; a bad row stops the whole sheet and is named; the complainant's phone is never stored.
 */
const INSPECTION = 'JX-3';
const PHONE = '13912345678';
const HEADINGS =
  '受理编号,交办日期,受理方式,重点关注,重复件,行政区域,污染类型,交办问题基本情况,交办单位,答复期限,举报人,联系电话';
const row = (n: number, region = '南昌市（360100）') =>
  [
    `D3JX2024050800${String(n).padStart(2, '0')}`,
    '2024-05-08',
    '来电',
    n === 1 ? '是' : '否',
    '否',
    region,
    '"水、大气"',
    `（测试）第${n}件：某企业夜间排污`,
    '南昌市人民政府',
    '2024-05-18',
    `群众${n}`,
    PHONE,
  ].join(',');
const sheet = (rows: string[]) => Buffer.from([HEADINGS, ...rows].join('\r\n') + '\r\n', 'utf8');

describe('taizhang import-complaints', () => {
  let t: TestApp;
  let dir: string;
  let store: EventStore;
  const streamOf = (n: number) =>
    complaintDecider.streamPrefix +
    complaintIdOf(INSPECTION, `D3JX2024050800${String(n).padStart(2, '0')}`);

  /** Runs the command as `taizhang` would on the app's data directory; its exit code and output. */
  async function cli(file: Buffer, ...args: string[]) {
    const path = join(dir, `sheet-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, file);
    const config = { ...loadConfig({ DATA_DIR: t.dataDir }), demo: false };
    const out: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    const err = jest
      .spyOn(console, 'error')
      .mockImplementation((...a) => void out.push(a.join(' ')));
    const progress = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await importComplaintsCommand(config, [path, ...args]);
      return { code, out: out.join('\n') };
    } finally {
      log.mockRestore();
      err.mockRestore();
      progress.mockRestore();
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ now: '2024-05-08T10:00:00.000Z' });
    dir = mkdtempSync(join(tmpdir(), 'taizhang-cli-complaints-'));
    store = t.app.get<EventStore>(EVENT_STORE);
    const office = await t.token('INSPECTION_OFFICE', '省督察办');
    const res = await t.gql(
      `mutation($input: RegisterInspectionInput!) { registerInspection(input: $input) { inspection { id } } }`,
      { input: JX3_INSPECTION },
      office,
    );
    expect(res.errors).toBeUndefined();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('checks the sheet and writes nothing unless told to write', async () => {
    const before = await store.headPosition();
    const { code, out } = await cli(
      sheet([row(1), row(2), row(3)]),
      '--inspection',
      INSPECTION,
      '--batch',
      '1',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/有效 3 行，有误 0 行/);
    expect(out).toMatch(/试运行，未写入 \/ dry run: nothing written; 加 --write 写入/);
    expect(out).toMatch(/complainant columns dropped, never stored: 举报人、联系电话/);
    expect(await store.headPosition()).toBe(before);
    expect(await store.readStream(streamOf(1))).toEqual([]);
  });

  it('with --write hands over each row once; the same sheet again writes nothing', async () => {
    const file = sheet([row(1), row(2), row(3)]);
    const first = await cli(file, '--inspection', INSPECTION, '--batch', '1', '--write');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/created 3, already imported 0, conflicts 0, failed 0/);
    const events = await store.readStream(streamOf(2));
    expect(events.map((e) => e.type)).toEqual(['ComplaintHandedOver']);
    expect(events[0].data).toMatchObject({
      inspectionId: INSPECTION,
      batch: 1,
      regionCode: '360100',
    });
    expect(events[0].metadata.actor.id).toBe('system');
    expect(JSON.stringify(events.map((e) => [e.data, e.metadata]))).not.toContain(PHONE);

    const head = await store.headPosition();
    const again = await cli(file, '--inspection', INSPECTION, '--batch', '1', '--write');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/created 0, already imported 3/);
    expect(await store.headPosition()).toBe(head);
  });

  it('a bad row stops the whole sheet, named by row and column', async () => {
    const head = await store.headPosition();
    const { code, out } = await cli(
      sheet([row(4), row(5, '')]),
      '--inspection',
      INSPECTION,
      '--batch',
      '1',
      '--write',
    );
    expect(code).toBe(1);
    expect(out).toMatch(/第 3 行 \/ row 3 {2}\[行政区域\]/);
    expect(out).toMatch(/nothing written: fix the rows/);
    expect(await store.headPosition()).toBe(head);
    expect(await store.readStream(streamOf(4))).toEqual([]);
  });

  it('refuses without an inspection, or an inspection that does not exist', async () => {
    expect((await cli(sheet([row(6)]), '--write')).code).toBe(2);
    const missing = await cli(sheet([row(6)]), '--inspection', 'NO-SUCH', '--write');
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/NO-SUCH/);
  });
});
