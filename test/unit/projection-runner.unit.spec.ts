import type { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { BadInputError } from '../../src/common/errors.js';
import type {
  EventStore,
  Position,
  RecordedEvent,
} from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import type { Projection } from '../../projections/projection.js';
import { ProjectionRunner, type IndexProgress } from '../../projections/runner.js';
import { tempDir } from '../support/temp-dir.js';

const actor = { id: 'u1', name: '测试员', role: 'ADMIN', organisation: '省督察办' };
const dir = tempDir('runner');
afterAll(() => dir.remove());
let files = 0;
const readModels = (): string => join(dir.path, `readmodels-${++files}.db`);

/** Rows keyed by position: a repeated apply fails on the key, a lost one shows as a missing row. */
function recorder(
  name: string,
  options: { version?: number; failAt?: () => Position | undefined; types?: string[] } = {},
): Projection & { applied: Position[] } {
  const applied: Position[] = [];
  return {
    name,
    version: options.version ?? 1,
    filter: options.types ? { eventTypes: options.types } : undefined,
    applied,
    setup(db: DatabaseSync) {
      db.exec(
        `CREATE TABLE IF NOT EXISTS ${name} (position INTEGER PRIMARY KEY, stream TEXT NOT NULL)`,
      );
    },
    drop(db: DatabaseSync) {
      db.exec(`DROP TABLE IF EXISTS ${name}`);
    },
    apply(event: RecordedEvent, db: DatabaseSync) {
      if (options.failAt?.() === event.position)
        throw new Error(`projection ${name} fails at ${event.position}`);
      db.prepare(`INSERT INTO ${name} (position, stream) VALUES (?, ?)`).run(
        event.position,
        event.streamId,
      );
      applied.push(event.position);
    },
  };
}

const rows = (runner: ProjectionRunner, table: string): Position[] =>
  (
    runner.db.prepare(`SELECT position FROM ${table} ORDER BY position`).all() as {
      position: number;
    }[]
  ).map((r) => BigInt(r.position));
const checkpoint = (runner: ProjectionRunner, name: string): Position =>
  BigInt(
    (
      runner.db.prepare('SELECT position FROM projection_checkpoints WHERE name = ?').get(name) as {
        position: number;
      }
    ).position,
  );
const range = (from: number, to: number): Position[] =>
  Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));

async function appendMany(store: EventStore, n: number, type = 'TaskListed'): Promise<Position> {
  let last = 0n;
  for (let i = 0; i < n; i++) {
    const result = await store.append({
      streamId: `task-${i % 4}`,
      expectedRevision: 'any',
      events: [{ type, data: { i, 标题: '整改事项' } }],
      context: {
        actor,
        commandId: `${type}-${Math.random()}`,
        recordedAt: new Date().toISOString(),
      },
    });
    last = result.position;
  }
  return last;
}

describe('ProjectionRunner', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('catches up to the head in batches, writing rows and checkpoint together', async () => {
    await appendMany(store, 25);
    const p = recorder('all_events');
    const progress: Position[] = [];
    const runner = new ProjectionRunner(store, [p], readModels(), {
      batchSize: 10,
      onProgress: ({ position }) => progress.push(position),
    });
    expect(await runner.catchUp()).toBe(25);
    expect(progress).toEqual([10n, 20n, 25n]);
    expect(rows(runner, 'all_events')).toEqual(range(1, 25));
    expect(checkpoint(runner, 'all_events')).toBe(25n);
    expect(runner.caughtUpTo).toBe(25n);
    runner.close();
  });

  it('rolls back a whole batch, rows and checkpoints of every projection, when one apply fails', async () => {
    await appendMany(store, 30);
    let failAt: Position | undefined = 15n;
    const a = recorder('proj_a');
    const b = recorder('proj_b', { failAt: () => failAt });
    const runner = new ProjectionRunner(store, [a, b], readModels(), { batchSize: 10 });
    await expect(runner.catchUp()).rejects.toThrow('projection proj_b fails at 15');
    // Batch 1-10 committed; batch 11-20 left no trace in either projection, though proj_a ran first.
    expect(rows(runner, 'proj_a')).toEqual(range(1, 10));
    expect(rows(runner, 'proj_b')).toEqual(range(1, 10));
    expect([checkpoint(runner, 'proj_a'), checkpoint(runner, 'proj_b')]).toEqual([10n, 10n]);
    expect(runner.caughtUpTo).toBe(10n);
    failAt = undefined;
    await runner.catchUp();
    // Retried from the checkpoint: each event's row exactly once (the primary key would reject a repeat).
    expect(rows(runner, 'proj_a')).toEqual(range(1, 30));
    expect(rows(runner, 'proj_b')).toEqual(range(1, 30));
    runner.close();
  });

  it('keeps a projection with a file of its own there, and when the other file fails to commit after it, applies nothing twice', async () => {
    await appendMany(store, 30);
    const own = { ...recorder('own_rows'), ownFile: true };
    const here = recorder('here_rows');
    let failEnd = 2;
    // The second batch fails in this file's endBatch: the own file has committed it already.
    const failing: Projection = {
      ...here,
      endBatch: () => {
        if (--failEnd === 0) throw new Error('this file fails to commit');
      },
    };
    const file = readModels();
    const runner = new ProjectionRunner(store, [own, failing], file, { batchSize: 10 });
    await expect(runner.catchUp()).rejects.toThrow('this file fails to commit');
    expect(runner.checkpointPositions()).toEqual(
      new Map([
        ['own_rows', 20n],
        ['here_rows', 10n],
      ]),
    );
    expect(runner.caughtUpTo).toBe(10n);
    await runner.catchUp();
    // Read through the one connection (the own file attached), each event's row exactly once.
    expect(rows(runner, 'own_rows')).toEqual(range(1, 30));
    expect(rows(runner, 'here_rows')).toEqual(range(1, 30));
    runner.close();
    // The rows and checkpoint in the file of their own, none of them in this one.
    const reopened = new ProjectionRunner(store, [own, failing], file);
    expect(reopened.caughtUpTo).toBe(30n);
    expect(
      reopened.db.prepare("SELECT name FROM main.sqlite_master WHERE name = 'own_rows'").all(),
    ).toEqual([]);
    expect(
      reopened.db.prepare('SELECT name FROM main.projection_checkpoints ORDER BY name').all(),
    ).toEqual([{ name: 'here_rows' }]);
    expect(
      reopened.db.prepare('SELECT name, position FROM own_rows.projection_checkpoints').all(),
    ).toEqual([{ name: 'own_rows', position: 30 }]);
    reopened.close();
  });

  it('spans a catch-up transaction over pages: reads pages of batchSize, commits every catchUpBatch', async () => {
    await appendMany(store, 25);
    const p = recorder('spanning');
    const ends: Position[] = [];
    const progress: Position[] = [];
    const reads: number[] = [];
    const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
      readAll: (options: Parameters<EventStore['readAll']>[0]) => {
        reads.push(options?.maxCount ?? 0);
        return store.readAll(options);
      },
    });
    const runner = new ProjectionRunner(
      counting,
      [{ ...p, endBatch: () => void ends.push(p.applied.at(-1) ?? 0n) }],
      readModels(),
      { batchSize: 4, catchUpBatch: 10, onProgress: ({ position }) => progress.push(position) },
    );
    expect(await runner.catchUp()).toBe(25);
    // Pages of 4 up to each transaction's 10 (its last page asks only for what it lacks); the
    // last transaction stops at the head (25).
    expect(reads).toEqual([4, 4, 2, 4, 4, 2, 4, 4]);
    expect(ends).toEqual([10n, 20n, 25n]);
    expect(progress).toEqual([10n, 20n, 25n]);
    expect(rows(runner, 'spanning')).toEqual(range(1, 25));
    runner.close();
  });

  it('rolls back every page of a spanning transaction when one apply fails', async () => {
    await appendMany(store, 30);
    let failAt: Position | undefined = 17n;
    let aborted = 0;
    const a = { ...recorder('span_a'), abortBatch: () => void aborted++ };
    const b = recorder('span_b', { failAt: () => failAt });
    const file = readModels();
    const runner = new ProjectionRunner(store, [a, b], file, { batchSize: 3, catchUpBatch: 12 });
    await expect(runner.catchUp()).rejects.toThrow('projection span_b fails at 17');
    // 1-12 committed; of 13-24, pages 13-15 and 16-18 were applied by span_a and left nothing.
    expect(rows(runner, 'span_a')).toEqual(range(1, 12));
    expect(rows(runner, 'span_b')).toEqual(range(1, 12));
    expect(runner.caughtUpTo).toBe(12n);
    expect(aborted).toBe(1);
    failAt = undefined;
    await runner.catchUp();
    expect(rows(runner, 'span_a')).toEqual(range(1, 30));
    expect(rows(runner, 'span_b')).toEqual(range(1, 30));
    runner.close();
  });

  it('resumes from the checkpoint in the file after a restart, applying only new events', async () => {
    await appendMany(store, 12);
    const file = readModels();
    const first = new ProjectionRunner(store, [recorder('resumable')], file);
    await first.catchUp();
    first.close();
    await appendMany(store, 5);
    const p = recorder('resumable');
    const second = new ProjectionRunner(store, [p], file);
    expect(second.caughtUpTo).toBe(12n);
    expect(await second.catchUp()).toBe(5);
    expect(p.applied).toEqual(range(13, 17));
    expect(rows(second, 'resumable')).toEqual(range(1, 17));
    second.close();
  });

  it('passes a projection only the events its filter selects, and still advances its checkpoint', async () => {
    await appendMany(store, 3, 'TaskListed');
    await appendMany(store, 2, 'TaskAssigned');
    const p = recorder('assigned_only', { types: ['TaskAssigned'] });
    const runner = new ProjectionRunner(store, [p], readModels());
    await runner.catchUp();
    expect(p.applied).toEqual([4n, 5n]);
    expect(checkpoint(runner, 'assigned_only')).toBe(5n);
    runner.close();
  });

  it('asks the store for only the metadata fields its projections read, and for all when one does not say', async () => {
    await appendMany(store, 5);
    const asked: (readonly string[] | undefined)[] = [];
    const read = store.readAll.bind(store);
    store.readAll = (options) => {
      asked.push(options?.metadataFields);
      return read(options);
    };
    const saying = (name: string, fields: readonly 'recordedAt'[] | readonly 'commandId'[]) => {
      const seen: string[] = [];
      return Object.assign(recorder(name), {
        metadataFields: fields,
        seen,
        apply(event: RecordedEvent) {
          seen.push(event.metadata.recordedAt);
        },
      });
    };
    const slim = saying('slim', ['recordedAt']);
    const runner = new ProjectionRunner(
      store,
      [slim, saying('other', ['commandId']), saying('none', [])],
      readModels(),
    );
    await runner.catchUp();
    expect(asked[0]).toEqual(['commandId', 'recordedAt']);
    expect(slim.seen).toHaveLength(5);
    expect(slim.seen.every((at) => !Number.isNaN(Date.parse(at)))).toBe(true);
    runner.close();

    asked.length = 0;
    await appendMany(store, 1);
    const whole = new ProjectionRunner(
      store,
      [saying('slim', ['recordedAt']), recorder('every_field')],
      readModels(),
    );
    await whole.catchUp();
    expect(asked[0]).toBeUndefined();
    whole.close();
  });

  it('rebuilds: drops a projection and replays it from the start', async () => {
    await appendMany(store, 20);
    const file = readModels();
    const p = recorder('rebuilt');
    const other = recorder('untouched');
    const runner = new ProjectionRunner(store, [p, other], file, { batchSize: 7 });
    await runner.catchUp();
    runner.db.exec('DELETE FROM rebuilt WHERE position > 5'); // damaged read model
    p.applied.length = 0;
    other.applied.length = 0;
    expect(await runner.rebuild('rebuilt')).toBe(20);
    expect(p.applied).toEqual(range(1, 20));
    expect(other.applied).toEqual([]);
    expect(rows(runner, 'rebuilt')).toEqual(range(1, 20));
    await expect(runner.rebuild('nonexistent')).rejects.toBeInstanceOf(BadInputError);
    runner.close();

    // Bumping a projection's version rebuilds it on open.
    const v2 = recorder('rebuilt', { version: 2 });
    const reopened = new ProjectionRunner(store, [v2, recorder('untouched')], file);
    expect(rows(reopened, 'rebuilt')).toEqual([]);
    expect(reopened.caughtUpTo).toBe(0n);
    await reopened.catchUp();
    expect(v2.applied).toEqual(range(1, 20));
    reopened.close();
  });

  it('reports each index a rebuild or a resume makes after its catch-up, and makes them all', async () => {
    await appendMany(store, 12);
    const base = recorder('indexed');
    const indexed: Projection = {
      ...base,
      setup(db) {
        base.setup(db);
        db.exec(`CREATE INDEX IF NOT EXISTS indexed_by_stream ON indexed (stream, position);
          CREATE INDEX IF NOT EXISTS indexed_by_both ON indexed (position, stream);
          CREATE UNIQUE INDEX IF NOT EXISTS indexed_unique ON indexed (stream, position);`);
      },
    };
    const reports: IndexProgress[] = [];
    // Where each index's sort goes: a file (1), not memory (2), which would hold it whole.
    const sortsTo: number[] = [];
    const tempStore = () =>
      (runner.db.prepare('PRAGMA temp_store').get() as { temp_store: number }).temp_store;
    const file = readModels();
    const runner = new ProjectionRunner(store, [indexed], file, {
      batchSize: 5,
      onIndexes: (p) => {
        reports.push(p);
        if (p.index) sortsTo.push(tempStore());
      },
    });
    const indexes = () =>
      (
        runner.db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'indexed'")
          .all() as { name: string }[]
      )
        .map((i) => i.name)
        .sort();
    const all = ['indexed_by_both', 'indexed_by_stream', 'indexed_unique'];

    expect(await runner.rebuild()).toBe(12);
    // The unique index stays through the catch-up (rows are looked up by it); the others are
    // made at the end, each reported before it is made, then the total.
    expect(reports).toEqual([
      { made: 0, total: 2, index: 'indexed_by_stream' },
      { made: 1, total: 2, index: 'indexed_by_both' },
      { made: 2, total: 2 },
    ]);
    expect(indexes()).toEqual(all);
    expect(rows(runner, 'indexed')).toEqual(range(1, 12));
    expect(sortsTo).toEqual([1, 1]);
    // Queries keep their sorts in memory.
    expect(tempStore()).toBe(2);

    // A resume far behind does the same; one with nothing to defer reports nothing.
    reports.length = 0;
    await appendMany(store, 3);
    expect(await runner.resume(0n)).toBe(3);
    expect(reports.map((r) => r.made)).toEqual([0, 1, 2]);
    expect(indexes()).toEqual(all);
    reports.length = 0;
    await appendMany(store, 3);
    expect(await runner.resume(100n)).toBe(3);
    expect(reports).toEqual([]);
    runner.close();
  });

  it('replays everything when reset while a page is being read (no events skipped)', async () => {
    await appendMany(store, 10);
    let release: (() => void) | undefined;
    let gate: Promise<void> | undefined;
    const gated: EventStore = Object.assign(Object.create(store) as EventStore, {
      readAll: async (options: Parameters<EventStore['readAll']>[0]) => {
        if (gate) await gate;
        return store.readAll(options);
      },
      headPosition: () => store.headPosition(),
    });
    const p = recorder('reset_midway');
    const runner = new ProjectionRunner(gated, [p], readModels());
    await runner.catchUp();
    await appendMany(store, 5);
    gate = new Promise((resolve) => (release = resolve));
    const catchingUp = runner.catchUp(); // reads the page after 10, held at the gate
    runner.reset(p);
    gate = undefined;
    release!();
    await catchingUp;
    expect(rows(runner, 'reset_midway')).toEqual(range(1, 15));
    expect(runner.caughtUpTo).toBe(15n);
    runner.close();
  });

  describe('waitFor (read-your-writes)', () => {
    it('resolves once the live runner has applied the position', async () => {
      const runner = new ProjectionRunner(store, [recorder('live')], readModels());
      runner.start();
      const position = await appendMany(store, 3);
      await runner.waitFor(position, 5000);
      expect(rows(runner, 'live')).toEqual(range(1, 3));
      await expect(runner.waitFor(position - 1n, 10)).resolves.toBeUndefined(); // already there
      await runner.stop();
      runner.close();
    });

    it('rejects after the timeout when the position is not reached', async () => {
      const runner = new ProjectionRunner(store, [recorder('never')], readModels());
      runner.start();
      const head = await appendMany(store, 2);
      await expect(runner.waitFor(head + 100n, 50)).rejects.toThrow(
        `did not reach position ${head + 100n} within 50 ms`,
      );
      await runner.stop();
      runner.close();
    });

    it('rejects pending waits when the runner stops, rather than pretending they were reached', async () => {
      const runner = new ProjectionRunner(store, [recorder('stopping')], readModels());
      runner.start();
      const waiting = runner.waitFor(1000n, 10_000);
      await runner.stop();
      await expect(waiting).rejects.toThrow('stopped');
      runner.close();
    });
  });
});
