import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { allProjections } from '../../projections/index.js';
import { ledgerQueries } from '../../projections/ledger/index.js';
import { ReadModels } from '../../projections/read-models.js';
import { apartInWorker } from '../../projections/apart.js';
import type { Projection } from '../../projections/projection.js';
import {
  ownFileOf,
  ProjectionRunner,
  readModelBytes,
  type Apart,
  type Progress,
} from '../../projections/runner.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { plannedEvents, writeScale, type ScalePlan } from '../../bench/scale-data.js';
import { BulkEventWriter, writeScaleBulk } from '../../bench/scale-bulk.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { expectTaskHeadsEqualWholeStates } from '../support/task-heads.js';
import { expectLedgerEqualsFullFolds } from '../support/ledger-folds.js';
import { runUntilKilled } from '../support/kill-child.js';
import { startTestApp } from '../support/test-app.js';

/** bench:scale in small: 3 provinces x 2 rounds, tasks past two checkpoints, cases. */
const PLAN: ScalePlan = {
  provinces: 3,
  rounds: 2,
  tasksPerInspection: 15,
  eventsPerTask: 34,
  tasksPerCase: 5,
};

/** The size of a SQLite file with its WAL, or of read models (`projections`) with their files. */
const bytes = (file: string, projections: readonly Projection[] = []): number =>
  readModelBytes(file, projections);

/**
 * Runs test/support/rebuild-child.cjs (a rebuild of every read model in batches of `batchSize`) and
 * SIGKILLs it once it has committed `killAfter` batches: the kill lands while it applies the next
 * one. Resolves with the last position it reported committed.
 */
function rebuildAndKill(
  file: string,
  target: string,
  batchSize: number,
  killAfter: number,
): Promise<bigint> {
  const child = join(__dirname, '..', 'support', 'rebuild-child.cjs');
  let committed = 0n;
  let batches = 0;
  let killing = false;
  return runUntilKilled([child, file, target, String(batchSize)], {
    onLine: (line) => {
      const [tag, position] = line.split(' ');
      if (tag === 'batch' && !killing) {
        committed = BigInt(position);
        batches++;
      }
    },
    killWhen: () => (killing ||= batches >= killAfter),
    timeoutMs: 120_000,
    what: 'rebuild',
  }).then(() => committed);
}

/**
 * Every row of every read-model table, in key order, and every index, of this file and those
 * attached (the files of projections of their own): two with the same answer hold the same rows.
 */
function contents(db: DatabaseSync): Record<string, unknown[]> {
  const schemas = (
    db.prepare(`SELECT name FROM pragma_database_list WHERE name <> 'temp'`).all() as {
      name: string;
    }[]
  ).map((s) => s.name);
  const master = schemas
    .map((s) => `SELECT type, name, sql FROM "${s}".sqlite_master`)
    .join(' UNION ALL ');
  const tables = db
    .prepare(
      `SELECT name FROM (${master}) WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       AND name NOT LIKE 'task_text%' AND name <> 'projection_checkpoints' ORDER BY name`,
    )
    .all() as { name: string }[];
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const columns = db.prepare(`SELECT * FROM "${name}"`).columns().length;
    const order = Array.from({ length: Math.min(columns, 3) }, (_, i) => i + 1).join(', ');
    out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).all();
  }
  out.indexes = db
    .prepare(`SELECT name, sql FROM (${master}) WHERE type = 'index' ORDER BY name`)
    .all();
  return out;
}

describe('national scale in small (bench:scale as a CI test)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-scale-'));
  const file = join(dir, 'events.db');
  let store: SqliteEventStore;
  let written: number;

  /** The rows and indexes of a rebuild in one thread into `name`: what every other way must end with. */
  const rebuiltInOneThread = async (name: string, batchSize = 500) => {
    const whole = new ProjectionRunner(store, allProjections(), join(dir, name), { batchSize });
    await whole.rebuild();
    const rows = contents(whole.db);
    whole.close();
    return rows;
  };

  beforeAll(async () => {
    store = new SqliteEventStore(file, { synchronous: 'OFF' });
    written = await writeScale(store, PLAN, 16);
  }, 240_000);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the planned store: tasks, cases and inspections of every province and round', () => {
    expect(written).toBe(plannedEvents(PLAN));
  });

  it('read models stay within the size of the event store, and a rebuild reports rate and time left', async () => {
    const target = join(dir, 'sized.db');
    const progress: Progress[] = [];
    const runner = new ProjectionRunner(store, allProjections(), target, {
      batchSize: 500,
      onProgress: (p) => progress.push(p),
    });
    expect(await runner.rebuild()).toBe(written);
    runner.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    runner.close();
    const ratio = bytes(target, allProjections()) / bytes(file);
    console.log(
      `bench:scale in small: ${written} events, read models ${ratio.toFixed(2)}x the events`,
    );
    expect(ratio).toBeLessThanOrEqual(1.0);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ position: last.head, applied: written, etaSeconds: 0 });
    expect(last.eventsPerSecond).toBeGreaterThan(0);
    const mid = progress.find((p) => p.position * 2n >= p.head)!;
    expect(mid.etaSeconds).toBeGreaterThan(0);
  }, 240_000);

  it('a rebuild killed between batches resumes from its last batch and ends with the same rows and indexes', async () => {
    const expected = await rebuiltInOneThread('whole.db');

    const target = join(dir, 'killed.db');
    const killed = new ProjectionRunner(store, allProjections(), target, {
      batchSize: 500,
      onProgress: (p) => {
        if (p.position > BigInt(Math.floor(written / 3))) throw new Error('killed');
      },
    });
    await expect(killed.rebuild()).rejects.toThrow('killed');
    const stoppedAt = killed.caughtUpTo;
    killed.close();
    expect(stoppedAt).toBeGreaterThan(0n);
    expect(stoppedAt).toBeLessThan(BigInt(written));

    const resumed = new ProjectionRunner(store, allProjections(), target, { batchSize: 500 });
    expect(resumed.caughtUpTo).toBe(stoppedAt);
    expect(await resumed.catchUp()).toBe(written - Number(stoppedAt));
    expect(contents(resumed.db)).toEqual(expected);
    resumed.close();
  }, 240_000);

  /** Checkpoints by projection. */
  const checkpoints = (db: DatabaseSync) =>
    Object.fromEntries(
      (
        db.prepare('SELECT name, position FROM projection_checkpoints').all() as {
          name: string;
          position: number;
        }[]
      ).map((c) => [c.name, c.position]),
    );

  /** Where the apart catch-ups of a runner went: the projections each was given. */
  const recorded = (apart: Apart, calls: string[][]): Apart => ({
    behind: apart.behind,
    catchUp: (file, names, events) => {
      calls.push([...names]);
      return apart.catchUp(file, names, events);
    },
  });

  it('a rebuild with the ledger in a worker thread, writing its own file, ends with the rows, indexes and checkpoints of one in a single thread', async () => {
    const expected = await rebuiltInOneThread('whole-apart.db');

    const target = join(dir, 'apart.db');
    const progress: Progress[] = [];
    const calls: string[][] = [];
    const runner = new ProjectionRunner(store, allProjections(), target, {
      batchSize: 500,
      apart: recorded(apartInWorker({ eventStore: 'sqlite', dataDir: dir }, { behind: 0n }), calls),
      onProgress: (p) => progress.push(p),
    });
    // Another connection on the files (a reader, a backup) changes nothing. With the ledger away,
    // the rest read only the metadata fields they say they read (Projection.metadataFields); the
    // single thread, with the ledger, reads it whole: the rows must not tell them apart.
    const reader = new DatabaseSync(ownFileOf(target, 'ledger'));
    expect(await runner.rebuild()).toBe(written);
    reader.close();
    expect(calls).toEqual([['ledger']]);
    expect(contents(runner.db)).toEqual(expected);
    expect([...runner.checkpointPositions().values()]).toEqual(
      allProjections().map(() => BigInt(written)),
    );
    expect(runner.caughtUpTo).toBe(BigInt(written));
    // Each checkpoint is in the file of its projection's tables.
    expect(checkpoints(runner.db).ledger).toBeUndefined();
    const own = new DatabaseSync(ownFileOf(target, 'ledger'), { readOnly: true });
    expect(checkpoints(own)).toEqual({ ledger: written });
    expect(
      own.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ledger_entries'").get(),
    ).toEqual({ n: 1 });
    own.close();
    // The ledger's progress is the worker's own, to the head.
    expect(progress.filter((p) => p.projection === 'ledger').at(-1)).toMatchObject({
      position: BigInt(written),
      applied: written,
    });
    // The ledger rebuilt alone stays in this thread: apart, it would only add a thread's start.
    expect(await runner.rebuild('ledger')).toBe(written);
    expect(calls).toEqual([['ledger']]);
    expect(contents(runner.db)).toEqual(expected);
    runner.close();
  }, 240_000);

  it('a catch-up apart that fails leaves the ledger where it last committed and the rest caught up; a resume continues from there', async () => {
    const expected = await rebuiltInOneThread('whole-apart2.db');

    // In this thread, so the test can stop it part way: what the worker does, over the same files.
    const inThisThread = (killAt: bigint): Apart => ({
      behind: 0n,
      catchUp: async (file, names) => {
        const apart = new ProjectionRunner(
          store,
          allProjections().filter((p) => names.includes(p.name)),
          file,
          {
            batchSize: 300,
            onProgress: (p) => {
              if (p.position > killAt) throw new Error('apart killed');
            },
          },
        );
        try {
          await apart.resume();
        } finally {
          apart.close();
        }
      },
    });
    const target = join(dir, 'apart-killed.db');
    const killed = new ProjectionRunner(store, allProjections(), target, {
      batchSize: 500,
      apart: inThisThread(BigInt(Math.floor(written / 3))),
    });
    await expect(killed.rebuild()).rejects.toThrow('apart killed');
    const after = killed.checkpointPositions();
    killed.close();
    const ledgerAt = after.get('ledger')!;
    expect(ledgerAt).toBeGreaterThan(BigInt(Math.floor(written / 3)));
    expect(ledgerAt).toBeLessThan(BigInt(written));
    expect(after.get('tasks')).toBe(BigInt(written));

    const resumed = new ProjectionRunner(store, allProjections(), target, { batchSize: 500 });
    expect(resumed.caughtUpTo).toBe(ledgerAt);
    // Only the ledger was behind: it reads from where its file says it stopped.
    expect(await resumed.resume()).toBe(written - Number(ledgerAt));
    expect(contents(resumed.db)).toEqual(expected);
    expect(resumed.caughtUpTo).toBe(BigInt(written));
    resumed.close();
  }, 240_000);

  it('a file where the ledger kept its tables (before it had a file of its own) catches up to the rows of a fresh rebuild, the old tables gone', async () => {
    const expected = await rebuiltInOneThread('fresh-own.db');
    const target = join(dir, 'ledger-inside.db');
    // As the runner left a file before: the ledger's tables and checkpoint in the one file.
    const inside = allProjections().map((p) => (p.ownFile ? { ...p, ownFile: false } : p));
    const before = new ProjectionRunner(store, inside, target, { batchSize: 500 });
    await before.catchUp();
    before.close();
    expect(existsSync(ownFileOf(target, 'ledger'))).toBe(false);

    const after = new ProjectionRunner(store, allProjections(), target, { batchSize: 500 });
    expect(after.checkpointPositions().get('ledger')).toBe(0n);
    expect(await after.resume()).toBe(written);
    expect(contents(after.db)).toEqual(expected);
    expect(checkpoints(after.db).ledger).toBeUndefined();
    const mainTables = (
      after.db.prepare("SELECT name FROM main.sqlite_master WHERE name LIKE 'ledger%'").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    expect(mainTables).toEqual([]);
    after.close();
  }, 240_000);

  it('a file where task-versions (version 1) held the version rows catches up to the rows of a fresh rebuild', async () => {
    const expected = await rebuiltInOneThread('fresh.db');
    const target = join(dir, 'from-task-versions.db');
    const before = new ProjectionRunner(store, allProjections(), target, { batchSize: 500 });
    await before.catchUp();
    // As tasks version 14 and task-versions version 1 left a file: task_versions and task_names
    // theirs (here with a row no event gives), its heads in task_board_heads, tasks' whole states.
    before.db.exec(`UPDATE projection_checkpoints SET version = 14 WHERE name = 'tasks';
      INSERT INTO projection_checkpoints (name, position, version)
        SELECT 'task-versions', position, 1 FROM projection_checkpoints WHERE name = 'tasks';
      CREATE TABLE task_board_heads (id TEXT PRIMARY KEY, head TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE task_states (seq INTEGER PRIMARY KEY, state BLOB NOT NULL);
      INSERT INTO task_names (id, name) VALUES (999999, '不应留下 / must not stay')`);
    before.close();
    const after = new ProjectionRunner(store, allProjections(), target, { batchSize: 500 });
    expect(await after.resume()).toBe(written);
    expect(contents(after.db)).toEqual(expected);
    const tables = (
      after.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    expect(tables).not.toContain('task_board_heads');
    expect(tables).not.toContain('task_states');
    after.close();
  });

  it('a rebuild SIGKILLed while it applies batches resumes (as `taizhang rebuild --resume`) to the same rows and indexes', async () => {
    // The child runs the compiled code; `npm test` builds it first (pretest).
    expect(existsSync(join(__dirname, '..', '..', 'dist', 'projections', 'runner.js'))).toBe(true);
    const expected = await rebuiltInOneThread('whole-sigkill.db', 200);

    const target = join(dir, 'sigkilled.db');
    // Kill after 3 of about 16 batches, wherever the next one then is: the rest leave room for the
    // parent to read the lines late on a loaded machine.
    const committed = await rebuildAndKill(file, target, 200, 3);
    const resumed = new ProjectionRunner(store, allProjections(), target, { batchSize: 200 });
    // The file says where the last committed batch ended: at or after the last one reported (later
    // ones may have committed before the kill landed), and before the end.
    expect(resumed.caughtUpTo).toBeGreaterThanOrEqual(committed);
    expect(resumed.caughtUpTo).toBeLessThan(BigInt(written));
    expect(committed).toBeGreaterThanOrEqual(600n);
    const from = resumed.caughtUpTo;
    // As the CLI resumes: the indexes of the projections left behind are made again at the end.
    const indexes = (db: DatabaseSync) =>
      (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as {
          name: string;
        }[]
      )
        .map((i) => i.name)
        .sort();
    const before = indexes(resumed.db);
    let droppedWhileResuming = 0;
    const stop = resumed.onApplied(() => {
      droppedWhileResuming = Math.max(
        droppedWhileResuming,
        before.length - indexes(resumed.db).length,
      );
    });
    expect(await resumed.resume()).toBe(written - Number(from));
    stop();
    expect(droppedWhileResuming).toBeGreaterThan(0);
    expect(indexes(resumed.db)).toEqual(before);
    expect(contents(resumed.db)).toEqual(expected);
    resumed.close();
  }, 240_000);

  it('a start keeps the indexes of read models less than DEFER_INDEXES_BEHIND behind, and ends with the same rows', async () => {
    const target = join(dir, 'start.db');
    const runner = new ProjectionRunner(store, allProjections(), target, { batchSize: 500 });
    const indexCount = () =>
      (
        runner.db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index'").get() as {
          n: number;
        }
      ).n;
    const before = indexCount();
    let fewest = before;
    const stop = runner.onApplied(() => (fewest = Math.min(fewest, indexCount())));
    // Every read model is `written` events behind: not more than the bound, so none drops its indexes.
    expect(await runner.resume(BigInt(written))).toBe(written);
    stop();
    expect(fewest).toBe(before);
    expect(contents(runner.db)).toEqual(await rebuiltInOneThread('whole-start.db'));
    runner.close();
  }, 240_000);

  it('the rows do not depend on the batch or transaction size (states kept between batches, version rows written at their end)', async () => {
    const rowsWith = async (batchSize: number, catchUpBatch = batchSize) => {
      const runner = new ProjectionRunner(
        store,
        allProjections(),
        join(dir, `b${batchSize}-${catchUpBatch}.db`),
        { batchSize, catchUpBatch },
      );
      await runner.rebuild();
      const rows = contents(runner.db);
      runner.close();
      return rows;
    };
    // 37: every record's events lie in many batches; 5,000: the whole store in one; pages of 37
    // in transactions of 1,000.
    const whole = await rowsWith(5000);
    expect(await rowsWith(37)).toEqual(whole);
    expect(await rowsWith(37, 1000)).toEqual(whole);
  }, 240_000);

  it('the bulk generator writes the same events, chains and ledger tree as appends through the store', async () => {
    const read = (f: string) => {
      const db = new DatabaseSync(f, { readOnly: true });
      const rows = {
        events: db.prepare('SELECT * FROM events ORDER BY position').all(),
        personal: db.prepare('SELECT * FROM personal_data ORDER BY event_id, path').all(),
        tree: db.prepare('SELECT * FROM merkle_hashes ORDER BY id').all(),
        tiles: db.prepare('SELECT * FROM merkle_tiles ORDER BY id').all(),
      };
      db.close();
      return rows;
    };
    const appended = read(file);
    expect(appended.events).toHaveLength(written);
    // One append at a time on this thread, a transaction every 97 events.
    const bulkFile = join(dir, 'bulk.db');
    const bulk = await BulkEventWriter.open(bulkFile, 97);
    expect(await writeScale(bulk, PLAN, 16)).toBe(written);
    await bulk.close();
    expect(read(bulkFile)).toEqual(appended);
    // Decided and sealed in three worker threads, in chunks of 41 events.
    const threadedFile = join(dir, 'threaded.db');
    const progress: number[] = [];
    expect(
      await writeScaleBulk(threadedFile, PLAN, {
        workers: 3,
        eventsPerCommit: 300,
        chunkEvents: 41,
        onInspection: (n) => progress.push(n),
      }),
    ).toBe(written);
    expect(progress).toHaveLength(6);
    expect(progress.at(-1)).toBe(written);
    expect(read(threadedFile)).toEqual(appended);
    const reopened = new SqliteEventStore(threadedFile);
    try {
      const verified = await verifyAll(reopened);
      expect(verified.failures).toEqual([]);
      expect(verified.events).toBe(written);
    } finally {
      await reopened.close();
    }
  }, 240_000);

  it('the bulk writer takes only a new store', async () => {
    await expect(BulkEventWriter.open(file)).rejects.toThrow('already holds events');
  });

  it('asOf, states and history with field changes equal full folds for every record of the generated store', async () => {
    const runner = new ProjectionRunner(store, allProjections(), join(dir, 'folds.db'), {
      batchSize: 700,
    });
    await runner.catchUp();
    const checked = await expectLedgerEqualsFullFolds(store, ledgerQueries(runner.db));
    runner.close();
    expect(checked.records).toBe(6 * (15 + 3) + 6);
    expect(checked.versions).toBe(written);
  }, 240_000);

  it("the tasks projection's head equals the same fields of whole states, after every task event", async () => {
    const checked = await expectTaskHeadsEqualWholeStates(store);
    expect(checked).toBeGreaterThan(written / 2);
  }, 60_000);
});

describe.each([
  ['the demo', { demo: true }],
  [
    'the fixture store written by an earlier main',
    { seed: join(__dirname, '..', 'fixtures', 'store-v1') },
  ],
])('asOf and history equal full folds for every record of %s', (_name, options) => {
  it('every version, every moment, every change', async () => {
    const t = await startTestApp({ ...options, now: '2026-01-15T00:00:00.000Z' });
    try {
      const readModels = t.app.get(ReadModels);
      await readModels.reachHead(30_000);
      const checked = await expectLedgerEqualsFullFolds(
        t.app.get<EventStore>(EVENT_STORE),
        readModels.ledger,
      );
      expect(checked.records).toBeGreaterThan(10);
      expect(
        await expectTaskHeadsEqualWholeStates(t.app.get<EventStore>(EVENT_STORE)),
      ).toBeGreaterThan(50);
    } finally {
      await t.close();
    }
  }, 240_000);
});
