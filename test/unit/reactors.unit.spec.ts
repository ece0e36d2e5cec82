import { join } from 'node:path';
import { BadInputError } from '../../src/common/errors.js';
import type { Position, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { ReactorRunner, type Reactor } from '../../projections/reactors.js';
import type { Projection } from '../../projections/projection.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { tempDir } from '../support/temp-dir.js';

const actor = { id: 'u1', name: '测试员', role: 'ADMIN', organisation: '省督察办' };
const dir = tempDir('reactors');
afterAll(() => dir.remove());

let appended = 0;
async function append(store: SqliteEventStore, type: string, n: number): Promise<Position> {
  let last = 0n;
  for (let i = 0; i < n; i++) {
    last = (
      await store.append({
        streamId: `inspection-${type}-${i}`,
        expectedRevision: 'any',
        events: [{ type, data: { i } }],
        context: { actor, commandId: `c-${++appended}`, recordedAt: new Date().toISOString() },
      })
    ).position;
  }
  return last;
}

/** The read side a reactor follows: one trivial projection over everything. */
const counting = (): Projection => ({
  name: 'counting',
  version: 1,
  setup: (db) => db.exec('CREATE TABLE IF NOT EXISTS counted (position INTEGER PRIMARY KEY)'),
  drop: (db) => db.exec('DROP TABLE IF EXISTS counted'),
  apply: (event, db) => db.prepare('INSERT INTO counted VALUES (?)').run(event.position),
});

/** A reactor that records what it saw, and fails as told. */
function recorder(fail: (event: RecordedEvent, attempt: number) => Error | undefined) {
  const seen: Position[] = [];
  const attempts = new Map<Position, number>();
  const reactor: Reactor = {
    name: 'recorder',
    filter: { eventTypes: ['SpotChecksDrawn'] },
    async react(event) {
      const attempt = (attempts.get(event.position) ?? 0) + 1;
      attempts.set(event.position, attempt);
      const error = fail(event, attempt);
      if (error) throw error;
      seen.push(event.position);
    },
  };
  return { reactor, seen, attempts };
}

/**
 * Workflows run as reactors behind the projection runner: each event they care about is reacted to
 * once it is in the read side, in order; their checkpoint survives a restart, so what was done is not
 * done again; a passing failure is retried, a domain refusal is reported and passed.
 */
describe('ReactorRunner', () => {
  it('reacts to what it filters, retries a failure, reports a refusal, resumes after a restart', async () => {
    const store = new SqliteEventStore(join(dir.path, 'events.db'));
    const file = join(dir.path, 'readmodels.db');
    await append(store, 'InspectionRegistered', 3);
    const draws = await append(store, 'SpotChecksDrawn', 3);

    const projections = new ProjectionRunner(store, [counting()], file);
    const errors: unknown[] = [];
    const first = recorder((event, attempt) => {
      if (Number(event.data.i) === 0 && attempt === 1) return new Error('store briefly down');
      if (Number(event.data.i) === 1) return new BadInputError('已不适用', 'no longer applies');
      return undefined;
    });
    const reactors = new ReactorRunner(store, projections, projections.db, (_n, e) =>
      errors.push(e),
    );
    reactors.register(first.reactor);
    await projections.catchUp();
    projections.start();
    reactors.start();
    expect(await reactors.reach('recorder', draws, 10_000)).toBe(true);
    // i=0 failed once and was retried; i=1 was refused and passed; i=2 went through.
    expect(first.seen.map(Number)).toEqual([4, 6]);
    expect([...first.attempts.values()]).toEqual([2, 1, 1]);
    expect(errors.map((e) => (e as Error).message)).toEqual([
      'store briefly down',
      expect.stringMatching(/no longer applies/),
    ]);
    await reactors.stop();
    await projections.stop();
    projections.close();

    // After a restart on the same files, only what came since is reacted to.
    const more = await append(store, 'SpotChecksDrawn', 5);
    const again = new ProjectionRunner(store, [counting()], file);
    const second = recorder(() => undefined);
    const resumed = new ReactorRunner(store, again, again.db);
    resumed.register(second.reactor);
    again.start();
    resumed.start();
    expect(await resumed.reach('recorder', more, 10_000)).toBe(true);
    expect(second.seen.map(Number)).toEqual([7, 8, 9, 10, 11]);
    await resumed.stop();
    await again.stop();
    again.close();
    await store.close();
  });
});
