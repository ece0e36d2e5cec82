import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const dir = tempDir('tamper');
afterAll(() => dir.remove());

const actor = { id: 'u-auditor', name: '审计员', role: 'ADMIN', organisation: '省审计厅' };

/** Runs `taizhang verify [streamId]` on a data directory, as an operator would. */
function verify(dataDir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'sqlite' };
  delete env.KURRENTDB_URL;
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not what an operator runs with
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, 'verify', ...args],
      { env, cwd: root, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

/** A data directory with three streams of five events, written through the store. */
async function seed(name: string): Promise<string> {
  const dataDir = join(dir.path, name);
  mkdirSync(dataDir, { recursive: true });
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  for (const stream of ['task-100', 'task-200', 'case-300']) {
    for (let i = 0; i < 5; i++) {
      await store.append({
        streamId: stream,
        expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
        events: [
          {
            type: 'ProgressReported',
            data: { step: i, 内容: `第${i}次整改进度汇报`, 完成: false },
          },
        ],
        context: { actor, commandId: `${stream}-${i}`, recordedAt: '2025-03-01T08:00:00.000Z' },
      });
    }
  }
  await store.close();
  return dataDir;
}

/** What a tamperer with file access does: lift the immutability trigger, then rewrite a row. */
function tamper(dataDir: string, sql: string, streamId: string, revision: number): void {
  const db = new DatabaseSync(join(dataDir, 'events.db'));
  db.exec('DROP TRIGGER events_are_immutable_update');
  const { changes } = db
    .prepare(`${sql} WHERE stream_id = ? AND revision = ?`)
    .run(streamId, revision);
  expect(changes).toBe(1);
  db.close();
}

describe('taizhang verify on a tampered SQLite file', () => {
  beforeAll(() => {
    if (!existsSync(cli))
      throw new Error(
        'dist/src/cli.js is missing: run `npm run build` (npm test does it in pretest)',
      );
  });

  it('exits 0 on an untouched store', async () => {
    const dataDir = await seed('clean');
    const result = await verify(dataDir);
    expect(result.code).toBe(0);
    expect(result.output).toContain('15 events');
  });

  it('exits non-zero and names the stream and revision of an event whose data was edited', async () => {
    const dataDir = await seed('edited');
    tamper(
      dataDir,
      "UPDATE events SET data = json_set(data, '$.完成', json('true'))",
      'task-200',
      2,
    );
    const all = await verify(dataDir);
    expect(all.code).not.toBe(0);
    expect(all.output).toMatch(/task-200\b.*revision 2\b/);
    expect(all.output).not.toMatch(/task-100\b.*FAILED|case-300\b.*FAILED/);

    const one = await verify(dataDir, 'task-200');
    expect(one.code).not.toBe(0);
    expect(one.output).toMatch(/task-200\b.*revision 2\b/);
    expect((await verify(dataDir, 'task-100')).code).toBe(0);
  });

  it('exits non-zero and names the event whose stored hash was rewritten', async () => {
    const dataDir = await seed('rehashed');
    tamper(
      dataDir,
      "UPDATE events SET metadata = json_set(metadata, '$.hash', 'f' || substr(json_extract(metadata, '$.hash'), 2))",
      'case-300',
      1,
    );
    const result = await verify(dataDir);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/case-300\b.*revision 1\b/);
  });

  it('exits non-zero and names the event when the stored data is no longer JSON at all', async () => {
    const dataDir = await seed('garbled');
    tamper(dataDir, "UPDATE events SET data = '{not json'", 'task-100', 3);
    const result = await verify(dataDir);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/task-100\b.*revision 3\b/);
  });
});
