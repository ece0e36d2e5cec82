import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { eventLeafHash, rootOf } from '../../src/event-store/merkle/tlog.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { countingProjection } from '../support/counting-projection.cjs';
import { runUntilKilled } from '../support/kill-child.js';
import { tempDir } from '../support/temp-dir.js';

const child = join(__dirname, '..', 'support', 'append-loop.cjs');
const dir = tempDir('crash');
afterAll(() => dir.remove());

interface Ack {
  commandId: string;
  count: number;
  position: bigint;
}

/**
 * Starts the append loop and SIGKILLs it once it has acknowledged `killAfter` appends: a random
 * moment, chosen by progress rather than by a timer. Resolves with every ack it printed.
 */
async function runAndKill(killAfter: number): Promise<Ack[]> {
  const acks: Ack[] = [];
  await runUntilKilled([child, dir.path], {
    onLine: (line) => {
      const [tag, commandId, count, position] = line.split(' ');
      if (tag === 'ack') acks.push({ commandId, count: Number(count), position: BigInt(position) });
    },
    killWhen: () => acks.length >= killAfter,
    timeoutMs: 15_000,
    what: 'append loop',
  });
  return acks;
}

async function readEverything(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
}

describe('crash safety: SIGKILL at a random moment, 10 times', () => {
  beforeAll(() => {
    // The child runs the compiled code; `npm test` builds it first (pretest).
    if (
      !existsSync(
        join(__dirname, '..', '..', 'dist', 'src', 'event-store', 'sqlite-event-store.js'),
      )
    ) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does it in pretest)');
    }
  });

  it('keeps every acknowledged append, writes no half command, and the projection resumes exactly', async () => {
    const acknowledged = new Map<string, Ack>();
    let roundsWithReadModelProgress = 0;
    for (let round = 0; round < 10; round++) {
      const killAfter = 5 + Math.floor(Math.random() * 120);
      for (const ack of await runAndKill(killAfter)) acknowledged.set(ack.commandId, ack);

      const store = new SqliteEventStore(join(dir.path, 'events.db'));
      try {
        const verification = await verifyAll(store);
        expect(verification.failures).toEqual([]);

        const events = await readEverything(store);
        expect(verification.events).toBe(events.length);
        // The tree was written in the transactions that wrote the events: after the kill its root is
        // the root recomputed from the events, leaf for leaf.
        expect({ size: store.tree.size, root: store.tree.root().toString('hex') }).toEqual({
          size: events.length,
          root: rootOf(events.map((e) => eventLeafHash(e.metadata.hash))).toString('hex'),
        });
        // All of a command's events, or none: group by commandId and check each is complete.
        const commands = new Map<string, RecordedEvent[]>();
        for (const event of events) {
          const list = commands.get(event.metadata.commandId) ?? [];
          list.push(event);
          commands.set(event.metadata.commandId, list);
        }
        for (const [commandId, list] of commands) {
          const of = (list[0].data as { of: number }).of;
          expect({
            commandId,
            indexes: list.map((e) => (e.data as { index: number }).index),
          }).toEqual({
            commandId,
            indexes: Array.from({ length: of }, (_, i) => i),
          });
          // A command's events are consecutive in its stream and in the global order.
          for (let i = 1; i < list.length; i++) {
            expect(list[i].revision).toBe(list[i - 1].revision + 1n);
            expect(list[i].position).toBe(list[i - 1].position + 1n);
          }
        }
        // Durability: every append the child saw acknowledged is there, at the position it was told.
        for (const ack of acknowledged.values()) {
          const list = commands.get(ack.commandId);
          expect({
            commandId: ack.commandId,
            count: list?.length,
            position: list?.at(-1)?.position,
          }).toEqual({
            commandId: ack.commandId,
            count: ack.count,
            position: ack.position,
          });
        }

        // The read models were killed mid-flight too; resuming must land on exactly the store's count.
        const runner = new ProjectionRunner(
          store,
          [countingProjection],
          join(dir.path, 'readmodels.db'),
        );
        try {
          expect(runner.caughtUpTo).toBeLessThanOrEqual(await store.headPosition());
          if (runner.caughtUpTo > 0n) roundsWithReadModelProgress++;
          await runner.catchUp();
          expect(runner.caughtUpTo).toBe(await store.headPosition());
          const counted = runner.db.prepare('SELECT n FROM counted WHERE id = 1').get() as {
            n: number;
          };
          const distinct = runner.db
            .prepare('SELECT COUNT(*) AS c FROM counted_positions')
            .get() as { c: number };
          expect({ counted: counted.n, distinct: distinct.c }).toEqual({
            counted: events.length,
            distinct: events.length,
          });
        } finally {
          runner.close();
        }
      } finally {
        await store.close();
      }
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(50);
    // The child's runner had committed batches when killed, so resuming from its checkpoint was tested.
    expect(roundsWithReadModelProgress).toBeGreaterThan(0);
  }, 60_000);
});
