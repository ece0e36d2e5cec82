import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { allProjections } from '../../projections/index.js';
import type { Projection } from '../../projections/projection.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { writeScale } from '../../bench/scale-data.js';

const rows = (db: DatabaseSync) => ({
  tasks: db.prepare('SELECT * FROM tasks ORDER BY id').all(),
  heads: db.prepare('SELECT * FROM task_heads ORDER BY id').all(),
  versions: db.prepare('SELECT * FROM task_versions ORDER BY id, version').all(),
  names: db.prepare('SELECT * FROM task_names ORDER BY id').all(),
  cases: db.prepare('SELECT * FROM accountability_cases ORDER BY case_id').all(),
  persons: db.prepare('SELECT * FROM accountability_persons ORDER BY case_id, person_id').all(),
});

/**
 * Projections that hold a record's state in memory for a batch (write-behind) must forget it when the
 * batch's transaction rolls back: the retried batch starts again from what the file holds.
 */
describe('write-behind projections and a rolled-back batch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-write-behind-'));
  let store: SqliteEventStore;
  beforeAll(async () => {
    store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'OFF' });
    await writeScale(store, {
      provinces: 1,
      rounds: 1,
      tasksPerInspection: 6,
      eventsPerTask: 20,
      tasksPerCase: 3,
    });
  }, 120_000);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a batch that fails after its tasks and cases were applied leaves nothing behind in memory', async () => {
    const clean = new ProjectionRunner(store, allProjections(), join(dir, 'clean.db'), {
      batchSize: 40,
    });
    await clean.catchUp();
    const expected = rows(clean.db);
    clean.close();

    let failures = 0;
    // Applied last in each batch, after tasks and cases have held their records' new states.
    const failOnce: Projection = {
      name: 'fails-once',
      version: 1,
      setup: () => undefined,
      drop: () => undefined,
      apply: (event) => {
        if (event.position === 70n && failures++ === 0) throw new Error('disk full');
      },
    };
    const errors: unknown[] = [];
    const runner = new ProjectionRunner(
      store,
      [...allProjections(), failOnce],
      join(dir, 'failing.db'),
      { batchSize: 40, onError: (e) => errors.push(e) },
    );
    await expect(runner.catchUp()).rejects.toThrow('disk full');
    expect(runner.caughtUpTo).toBe(40n);
    await runner.catchUp();
    expect(rows(runner.db)).toEqual(expected);
    runner.close();
  }, 120_000);
});
