import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { registerInspection, tokens } from '../support/task-api.js';
import { tempDir } from '../support/temp-dir.js';
import { startWriteLoad } from '../support/write-load.js';

const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');

/** `taizhang ARGS` with DATA_DIR, as an operator (or a cron job) runs it. */
async function taizhang(dataDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'sqlite' };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('backup under write load and a verified restore', () => {
  let s: ServerProcess;
  const dirs = tempDir('backup');
  beforeAll(async () => {
    s = await startServerProcess({ startTimeoutMs: 90_000 });
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    dirs.remove();
  });
  const backupDir = join(dirs.path, 'backup');
  const restored = join(dirs.path, 'restored');

  it('copies while the server writes; the restore holds every write acknowledged before it started', async () => {
    const tk = await tokens(s);
    await registerInspection(s, tk.office);
    const load = startWriteLoad(s.url, tk.office, {
      writers: 8,
      prefix: 'BK',
      inspectionId: 'JX-3',
    });
    while (load.acknowledged().length < 40) await new Promise((r) => setTimeout(r, 50));
    const startedAt = Date.now();
    const before = load.acknowledged().filter((o) => o.at < startedAt);
    const made = await taizhang(s.dataDir, 'backup', backupDir);
    const during = load.acknowledged().length - before.length;
    await load.stop();
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    // The copy was taken under load: writes were acknowledged while it ran.
    expect(during).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as {
      events: number;
      lastPosition: string;
      heads: Record<string, { hash: string }>;
      files: { name: string; sha256: string; bytes: number }[];
    };
    expect(manifest.files.map((f) => f.name)).toEqual(
      expect.arrayContaining(['events.db', 'checkpoint', 'verifier-key']),
    );
    expect(manifest.events).toBe(Number(manifest.lastPosition));

    const back = await taizhang(restored, 'restore', backupDir);
    expect(back.stderr.replace(/\s*已校验[^\r]*\r/g, '')).toBe('');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('all hash chains and the ledger tree verified');

    const store = new SqliteEventStore(join(restored, 'events.db'));
    try {
      for (const o of before) {
        const events = await store.readStream(`task-${o.taskId}`);
        expect(events.map((e) => [e.type, e.data.title])).toEqual([['TaskListed', o.title]]);
      }
      const { failures, events } = await verifyAll(store);
      expect(failures).toEqual([]);
      expect(events).toBe(manifest.events);
      expect(String(await store.headPosition())).toBe(manifest.lastPosition);
    } finally {
      await store.close();
    }
    // The read models were rebuilt to the copy's last position, the ledger's file too.
    for (const file of ['readmodels.db', 'readmodels.db.ledger']) {
      const readModels = new DatabaseSync(join(restored, file));
      try {
        const { low } = readModels
          .prepare('SELECT MIN(position) AS low FROM projection_checkpoints')
          .get() as { low: number };
        expect([file, String(low)]).toEqual([file, manifest.lastPosition]);
      } finally {
        readModels.close();
      }
    }
  }, 180_000);

  it('refuses a backup with one byte changed, naming the position, and restores nothing', async () => {
    const tampered = join(dirs.path, 'tampered');
    cpSync(backupDir, tampered, { recursive: true });
    // One byte of one event's title, inside the copied events.db.
    const store = new SqliteEventStore(join(restored, 'events.db'));
    const all = await store.readAll({ maxCount: 10_000 });
    await store.close();
    const victim = all.find(
      (e) => typeof e.data.title === 'string' && /TITLE-BK-w\d+-\d+-X/.test(e.data.title),
    )!;
    const marker = Buffer.from(/TITLE-BK-w\d+-\d+-X/.exec(victim.data.title as string)![0]);
    const file = join(tampered, 'events.db');
    const original = readFileSync(file);
    // The title's bytes may show more than once in the file; change the copy the event's row reads.
    const scratch = join(dirs.path, 'scratch.db');
    let changed: Buffer | undefined;
    for (
      let at = original.indexOf(marker);
      at >= 0 && !changed;
      at = original.indexOf(marker, at + 1)
    ) {
      const bytes = Buffer.from(original);
      bytes[at + marker.length - 1] = 'Y'.charCodeAt(0);
      writeFileSync(scratch, bytes);
      const db = new DatabaseSync(scratch, { readOnly: true });
      const row = db.prepare('SELECT data FROM events WHERE position = ?').get(victim.position) as {
        data: string;
      };
      db.close();
      if (row.data.includes(marker.toString().replace(/X$/, 'Y'))) changed = bytes;
    }
    expect(changed).toBeDefined();
    expect(Buffer.compare(changed!, original)).not.toBe(0);
    writeFileSync(file, changed!);

    const target = join(dirs.path, 'refused');
    const out = await taizhang(target, 'restore', tampered);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      `restore refused: the copy is wrong from position ${victim.position}`,
    );
    expect(out.stderr).toContain(`position ${victim.position}: `);
    expect(out.stderr).toContain('events.db differs from the manifest');
    expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
  }, 120_000);

  it('refuses to restore over a data directory that holds anything', async () => {
    const out = await taizhang(restored, 'restore', backupDir);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('is not empty');
  }, 60_000);
});
