import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { allProjections } from '../../projections/index.js';
import type { Projection } from '../../projections/projection.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { writeScale } from '../../bench/scale-data.js';
import { DONE_SQL } from '../../projections/tasks/done-sql.js';

const rows = (db: DatabaseSync) => ({
  tasks: db.prepare('SELECT * FROM tasks ORDER BY id').all(),
  heads: db.prepare('SELECT * FROM task_heads ORDER BY id').all(),
  versions: db.prepare('SELECT * FROM task_versions ORDER BY id, version').all(),
  names: db.prepare('SELECT * FROM task_names ORDER BY id').all(),
  cases: db.prepare('SELECT * FROM accountability_cases ORDER BY case_id').all(),
  persons: db.prepare('SELECT * FROM accountability_persons ORDER BY case_id, person_id').all(),
  counts: db.prepare('SELECT * FROM national_task_counts ORDER BY inspection_id, status').all(),
  deadlines: db
    .prepare('SELECT * FROM national_open_deadlines ORDER BY inspection_id, deadline')
    .all(),
});

/** The national counters as an aggregation of the task rows would give them (counters.ts). */
const aggregated = (db: DatabaseSync) => ({
  counts: db
    .prepare(
      `SELECT inspection_id, status, COUNT(*) AS n FROM tasks WHERE parent_id IS NULL
       GROUP BY inspection_id, status ORDER BY inspection_id, status`,
    )
    .all(),
  deadlines: db
    .prepare(
      `SELECT inspection_id, deadline, COUNT(*) AS n FROM tasks
       WHERE parent_id IS NULL AND deadline IS NOT NULL AND status NOT IN ${DONE_SQL}
       GROUP BY inspection_id, deadline ORDER BY inspection_id, deadline`,
    )
    .all(),
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
      // Long enough for tasks to reach every status, and so the counters to move between them.
      tasksPerInspection: 12,
      eventsPerTask: 34,
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
    expect(expected.counts.length).toBeGreaterThan(1);
    expect(expected.deadlines.length).toBeGreaterThan(1);
    expect({ counts: expected.counts, deadlines: expected.deadlines }).toEqual(
      aggregated(clean.db),
    );
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

  it('keeps the national counters equal to an aggregation of the task rows, whatever the batches', async () => {
    for (const batchSize of [1, 7, 1_000]) {
      const runner = new ProjectionRunner(
        store,
        allProjections(),
        join(dir, `counters-${batchSize}.db`),
        {
          batchSize,
        },
      );
      await runner.catchUp();
      const { counts, deadlines } = rows(runner.db);
      expect([batchSize, { counts, deadlines }]).toEqual([batchSize, aggregated(runner.db)]);
      runner.close();
    }
  }, 120_000);
});
