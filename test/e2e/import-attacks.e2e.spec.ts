import { readFileSync, writeFileSync } from 'node:fs';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { HEADING_ROW, cell, rowsFrom, xlsxOf } from '../support/hostile-files.js';
import { ledgerCount, registerInspection } from '../support/task-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MiB = 1024 * 1024;

interface Refusal {
  status: number;
  body: { errors: { message: string; extensions: Record<string, unknown> }[] };
}

async function upload(t: TestApp, token: string, file: Buffer, type: string): Promise<Refusal> {
  const res = await fetch(t.url.replace(/\/graphql$/, '/api/import?inspectionId=JX-3'), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(file),
  });
  return { status: res.status, body: (await res.json()) as Refusal['body'] };
}

/**
 * Peak resident memory of this process (the server runs in it, its parsing worker too) since
 * `resetPeak`: Linux lets a process reset its high-water mark (/proc/self/clear_refs, 5).
 */
const resetPeak = () => writeFileSync('/proc/self/clear_refs', '5');
const peakBytes = () =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

async function expectAlive(t: TestApp, office: string, entriesBefore: number) {
  const health = await t.gql<{ health: { status: string } }>('{ health { status } }');
  expect(health.data?.health.status).toBe('ok');
  const store = t.app.get<EventStore>(EVENT_STORE);
  const verification = await verifyAll(store);
  expect(verification.failures).toEqual([]);
  expect(verification.streams).toBeGreaterThan(0);
  // Nothing of a refused file was written.
  expect(await ledgerCount(t, office)).toBe(entriesBefore);
}

describe('hostile files against the import route (issue 19, item 1)', () => {
  let t: TestApp;
  let office: string;
  const files: Record<string, { type: string; file: () => Promise<Buffer> | Buffer }> = {};
  const peaks: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    office = await t.token('INSPECTION_OFFICE', '省督察办');
    await registerInspection(t, office, 'JX-3');
    const task = (r: number) =>
      cell(`A${r}`, String(r - 1)) +
      cell(`B${r}`, `整改任务 ${r}`) +
      cell(`C${r}`, '南昌市人民政府') +
      cell(`D${r}`, '2025-12-31');
    files.xfd = {
      type: XLSX,
      file: () =>
        xlsxOf({
          rows: HEADING_ROW + rowsFrom(2000, (r) => `<row r="${r}">${cell(`XFD${r}`, 'x')}</row>`),
        }),
    };
    files.sharedStrings = {
      type: XLSX,
      file: () =>
        xlsxOf({
          rows: HEADING_ROW,
          sharedStrings: '<si><t>a</t></si>'.repeat(1_000_000),
        }),
    };
    files.inflated = {
      type: XLSX,
      file: () =>
        xlsxOf({
          rows: HEADING_ROW,
          sharedStrings: '<si><t>a</t></si>'.repeat(5_000_000),
        }),
    };
    files.tall = {
      type: XLSX,
      file: () =>
        xlsxOf({
          rows: HEADING_ROW + rowsFrom(25_000, (r) => `<row r="${r}">${task(r)}</row>`),
        }),
    };
    const csvHeading = '序号,整改任务,责任单位,整改时限\r\n';
    files.tallCsv = {
      type: 'text/csv',
      file: () =>
        Buffer.from(
          csvHeading +
            Array.from(
              { length: 25_000 },
              (_, i) => `${i + 1},任务${i},南昌市,2025-12-31\r\n`,
            ).join(''),
        ),
    };
    files.longCell = {
      type: 'text/csv',
      file: () => Buffer.from(`${csvHeading}1,${'长'.repeat(20_000)},南昌市,2025-12-31\r\n`),
    };
    files.wideCsv = {
      type: 'text/csv',
      file: () => Buffer.from(`${csvHeading}1,任务,南昌市,2025-12-31${',x'.repeat(200)}\r\n`),
    };
    files.commas = {
      type: 'text/csv',
      file: () => Buffer.from(`${csvHeading}1,任务,南昌市,2025-12-31${','.repeat(19 * MiB)}\r\n`),
    };
  });
  afterAll(async () => {
    console.log(`peak resident memory (VmHWM) during the attacks:\n${peaks.join('\n')}`);
    await t.close();
  });

  it.each([
    ['xfd', 'IMPORT_MAX_COLUMNS', /XFD/],
    ['sharedStrings', 'IMPORT_MAX_SHARED_STRINGS', /共享字符串/],
    ['inflated', 'IMPORT_MAX_UNZIPPED_BYTES', /解压后过大/],
    ['tall', 'IMPORT_MAX_ROWS', /数据行过多/],
    ['tallCsv', 'IMPORT_MAX_ROWS', /数据行过多/],
    ['longCell', 'IMPORT_MAX_CELL_CHARS', /过长/],
    ['wideCsv', 'IMPORT_MAX_COLUMNS', /超出列数上限/],
    ['commas', undefined, /XFD/],
  ])('%s: a clear BAD_USER_INPUT naming %s; the server lives on', async (name, limit, text) => {
    const file = await files[name].file();
    const type = files[name].type;
    // The file is made before the peak is reset: what is measured is what the upload costs.
    resetPeak();
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const res = await upload(t, office, file, type);
    const ms = Date.now() - started;
    expect(res.status).toBe(400);
    const [error] = res.body.errors;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(text);
    // Chinese first, then English after the slash.
    const cut = error.message.indexOf(' / ');
    expect(error.message.slice(0, cut)).toMatch(/[\u4e00-\u9fff]/);
    expect(error.message.slice(cut + 3)).toMatch(/^[A-Z][a-z]/);
    if (limit) {
      expect(error.extensions.limit).toBe(limit);
      expect(error.message).toContain(limit);
    }
    await expectAlive(t, office, 1);
    const peak = peakBytes();
    peaks.push(
      `  ${name} (${(file.length / 1024).toFixed(0)} KB, ${ms} ms): ${(peak / MiB).toFixed(0)} MiB, ` +
        `+${((peak - before) / MiB).toFixed(0)} MiB over the ${(before / MiB).toFixed(0)} MiB at the start`,
    );
    // The server shares this process with Jest and the specs it ran before (about 270 MiB alone,
    // several hundred more in a full run): the cost of the upload is the rise over the start.
    expect(peak - before).toBeLessThan(128 * MiB);
  });

  it("the issue's XFD file is the small one it describes", async () => {
    expect((await files.xfd.file()).length).toBeLessThan(20 * 1024);
  });
});

describe("limits raised too far: the worker's heap limit still protects the server", () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('a cell larger than the heap of the worker is refused naming IMPORT_WORKER_MEMORY_MB', async () => {
    t = await startTestApp({
      env: {
        IMPORT_MAX_CELL_CHARS: String(1024 * MiB),
        IMPORT_MAX_TEXT_CHARS: String(1024 * MiB),
        IMPORT_MAX_UNZIPPED_BYTES: String(1024 * MiB),
        IMPORT_WORKER_MEMORY_MB: '32',
      },
    });
    const office = await t.token('INSPECTION_OFFICE', '省督察办');
    await registerInspection(t, office, 'JX-3');
    const file = await xlsxOf({
      rows: HEADING_ROW + `<row r="2">${cell('B2', 'a'.repeat(48 * MiB))}</row>`,
    });
    resetPeak();
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const res = await upload(t, office, file, XLSX);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'IMPORT_WORKER_MEMORY_MB',
      max: 32,
    });
    await expectAlive(t, office, 1);
    console.log(
      `worker heap limit hit after ${Date.now() - started} ms; peak resident memory ${(peakBytes() / MiB).toFixed(0)} MiB, ` +
        `+${((peakBytes() - before) / MiB).toFixed(0)} MiB over the start`,
    );
    expect(peakBytes() - before).toBeLessThan(128 * MiB);
  });
});
