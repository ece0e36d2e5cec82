import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

const cli = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');
const dir = tempDir('witness');
afterAll(() => dir.remove());
// Each step is a CLI process (about 2 s of start-up, more on a busy machine), as an auditor runs it.
jest.setTimeout(300_000);

const actor = {
  id: 'u-office',
  name: '省督察办',
  role: 'INSPECTION_OFFICE',
  organisation: '省督察办',
};

function taizhang(dataDir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'sqlite' };
  delete env.KURRENTDB_URL;
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env, cwd: dataDir, timeout: 30_000 }, (e, o, r) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, output: `${o}\n${r}` }),
    );
  });
}

async function append(dataDir: string, stream: string, from: number, count: number) {
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  for (let step = from; step < from + count; step++) {
    await store.append({
      streamId: stream,
      expectedRevision: 'any',
      events: [{ type: 'ProgressReported', data: { step, 内容: `第${step}次汇报` } }],
      context: { actor, commandId: `${stream}-${step}`, recordedAt: '2025-03-01T08:00:00.000Z' },
    });
  }
  await store.close();
}

/** Runs a CLI step that must succeed, and writes its standard output to `file` when given. */
async function ok(dataDir: string, args: string[], file?: string): Promise<string> {
  const result = await taizhang(dataDir, ...args);
  expect({ args, code: result.code, output: result.output }).toMatchObject({ code: 0 });
  if (file) writeFileSync(file, result.output.trimEnd() + '\n');
  return result.output;
}

describe('a witness (an auditor outside the office) cosigning the ledger as it grows', () => {
  const log = join(dir.path, 'log');
  const witness = join(dir.path, 'auditor');
  const at = (name: string) => join(dir.path, name);

  it('cosigns only checkpoints that extend what it cosigned, and a bundle then checks against it', async () => {
    mkdirSync(log, { recursive: true });
    await append(log, 'task-1', 0, 15);
    const logKey = (await ok(log, ['verifier-key'])).trim();
    const witnessKey = (
      await ok(log, [
        'witness',
        'init',
        '--dir',
        witness,
        '--name',
        'audit.example/w1',
        '--log-key',
        logKey,
      ])
    ).trim();
    expect(witnessKey).toMatch(/^audit\.example\/w1\+[0-9a-f]{8}\+/);
    expect((await ok(log, ['witness', 'key', '--dir', witness])).trim()).toBe(witnessKey);

    // First sight: nothing to extend, so no proof is needed.
    await ok(log, ['checkpoint'], at('cp15'));
    await ok(log, [
      'witness',
      'cosign',
      '--dir',
      witness,
      at('cp15'),
      '--out',
      at('cp15.cosigned'),
    ]);

    // The ledger grows; the witness wants the consistency proof from 15.
    await append(log, 'task-2', 0, 7);
    await ok(log, ['checkpoint'], at('cp22'));
    const noProof = await taizhang(log, 'witness', 'cosign', '--dir', witness, at('cp22'));
    expect(noProof.code).toBe(1);
    expect(noProof.output).toContain('a consistency proof from 15 to 22 is needed');
    await ok(log, ['consistency-proof', '--from', '15', '--out', at('p15-22.json')]);
    const grown = await ok(log, [
      'witness',
      'cosign',
      '--dir',
      witness,
      at('cp22'),
      '--proof',
      at('p15-22.json'),
      '--out',
      at('cp22.cosigned'),
    ]);
    expect(grown).toContain('tree size 22 (extends 15)');

    // A bundle proved against the cosigned checkpoint carries the cosignature with it.
    const bundle = at('bundle.json');
    await ok(log, ['proof', '3', '--out', bundle, '--checkpoint', at('cp22.cosigned')]);
    const nowhere = at('nowhere');
    mkdirSync(nowhere);
    const checked = await ok(nowhere, ['verify-bundle', bundle, '--witness', witnessKey]);
    expect(checked).toContain('at tree size 22');
    expect(checked).toContain('cosigned by audit.example/w1');
    // A bundle with a checkpoint the witness never saw fails the witness check.
    await ok(log, ['proof', '3', '--out', at('plain.json')]);
    const unwitnessed = await taizhang(
      nowhere,
      'verify-bundle',
      at('plain.json'),
      '--witness',
      witnessKey,
    );
    expect(unwitnessed.code).toBe(1);
    expect(unwitnessed.output).toContain('carries no cosignature by audit.example/w1');
  });

  it('refuses a rollback, a fork of the same size and a fork that grew, and remembers nothing of them', async () => {
    const latest = readFileSync(join(witness, 'latest'), 'utf8');

    const rollback = await taizhang(log, 'witness', 'cosign', '--dir', witness, at('cp15'));
    expect(rollback.code).toBe(1);
    expect(rollback.output).toContain(
      'rollback: tree size 15 is smaller than the 22 already cosigned',
    );

    // The insider's copy: the first 15 events kept, then different ones, signed with the same key.
    const fork = join(dir.path, 'fork');
    mkdirSync(fork);
    copyFileSync(join(log, 'checkpoint.key'), join(fork, 'checkpoint.key'));
    await append(fork, 'task-1', 0, 15);
    await append(fork, 'task-2', 100, 7);
    await ok(fork, ['checkpoint'], at('fork22'));
    const sameSize = await taizhang(log, 'witness', 'cosign', '--dir', witness, at('fork22'));
    expect(sameSize.code).toBe(1);
    expect(sameSize.output).toContain(
      'fork: tree size 22 has a root other than the one already cosigned',
    );

    await append(fork, 'task-3', 0, 3);
    await ok(fork, ['checkpoint'], at('fork25'));
    await ok(fork, ['consistency-proof', '--from', '22', '--out', at('pf.json')]);
    const grewApart = await taizhang(
      log,
      ...['witness', 'cosign', '--dir', witness, at('fork25'), '--proof', at('pf.json')],
    );
    expect(grewApart.code).toBe(1);
    expect(grewApart.output).toContain(
      'fork: tree 25 does not extend the tree 22 already cosigned',
    );

    expect(readFileSync(join(witness, 'latest'), 'utf8')).toBe(latest);
    expect(existsSync(join(witness, 'latest.tmp'))).toBe(false);
  });

  it('refuses a checkpoint the log did not sign, and a second init over a witness key', async () => {
    const forged = readFileSync(at('cp22'), 'utf8').replace('\n22\n', '\n23\n');
    writeFileSync(at('forged'), forged);
    const result = await taizhang(log, 'witness', 'cosign', '--dir', witness, at('forged'));
    expect(result.code).toBe(1);
    expect(result.output).toContain('does not verify');
    const again = await taizhang(
      log,
      ...['witness', 'init', '--dir', witness, '--name', 'x', '--log-key', 'bad'],
    );
    expect(again.code).not.toBe(0);
  });
});
