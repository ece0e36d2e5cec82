import { join } from 'node:path';
import { ConcurrencyError } from '../../src/common/errors.js';
import { catchUpSubscription } from '../../src/event-store/catch-up.js';
import type { EventStore, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { verifyAll, verifyStream } from '../../src/event-store/verify.js';
import { tempDir } from '../support/temp-dir.js';

const actor = { id: 'u-int', name: '并发测试', role: 'ADMIN', organisation: '省督察办' };
const ctx = (commandId: string) => ({ actor, commandId, recordedAt: new Date().toISOString() });

const dir = tempDir('concurrency');
afterAll(() => dir.remove());

describe('20 concurrent writers on one stream', () => {
  it('lets exactly one writer win each revision; the others get CONFLICT; no gaps; the chain verifies', async () => {
    const file = join(dir.path, 'writers.db');
    // Two connections to one file, as two API processes would have: the head check must see the
    // other connection's commits, not only its own group-commit batch.
    const stores = [new SqliteEventStore(file), new SqliteEventStore(file)];
    const streamId = 'task-contended';
    const target = 60;
    const wins = new Map<bigint, number>(); // revision -> writer
    const conflicts: { writer: number; expected: bigint | 'no_stream' }[] = [];
    const unexpected: unknown[] = [];

    const writer = async (w: number): Promise<void> => {
      const store = stores[w % stores.length];
      for (let attempt = 0; ; attempt++) {
        const [head] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
        if (head && head.revision >= BigInt(target - 1)) return;
        const expected = head ? head.revision : ('no_stream' as const);
        try {
          const result = await store.append({
            streamId,
            expectedRevision: expected,
            events: [
              { type: 'ProgressReported', data: { writer: w, attempt, 内容: '整改进度汇报' } },
            ],
            context: ctx(`w${w}-a${attempt}`),
          });
          if (wins.has(result.revision))
            unexpected.push(new Error(`revision ${result.revision} won twice`));
          wins.set(result.revision, w);
        } catch (error) {
          if (error instanceof ConcurrencyError && error.code === 'CONFLICT')
            conflicts.push({ writer: w, expected });
          else unexpected.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, w) => writer(w)));

    expect(unexpected).toEqual([]);
    // Every revision 0..target-1 was won exactly once (the map cannot hold two winners; see above).
    expect([...wins.keys()].sort((a, b) => Number(a - b))).toEqual(
      Array.from({ length: target }, (_, i) => BigInt(i)),
    );
    // Each conflict lost a revision that someone else won: the one after the head it had read.
    expect(conflicts.length).toBeGreaterThan(target);
    for (const { writer: w, expected } of conflicts) {
      const lost = expected === 'no_stream' ? 0n : expected + 1n;
      expect(wins.has(lost)).toBe(true);
      expect(wins.get(lost)).not.toBe(w);
    }
    const events = await stores[0].readStream(streamId);
    expect(events.map((e) => e.revision)).toEqual(
      Array.from({ length: target }, (_, i) => BigInt(i)),
    );
    expect(events.map((e) => (e.data as { writer: number }).writer)).toEqual(
      [...wins.entries()].sort((a, b) => Number(a[0] - b[0])).map(([, w]) => w),
    );
    expect(await verifyStream(stores[1], streamId)).toMatchObject({ ok: true, events: target });
    expect((await verifyAll(stores[0])).failures).toEqual([]);
    await Promise.all(stores.map((s) => s.close()));
  });
});

describe('a subscription over a slow, briefly failing store', () => {
  it('retries from its last delivered position: every event once, in order', async () => {
    const store = new SqliteEventStore(join(dir.path, 'flaky.db'));
    let reads = 0;
    const failures: number[] = [];
    // Reads 2-4 and 7 fail (a dropped connection); every read is slowed by a turn of the event loop
    // plus a few ms, so appends keep landing while pages are in flight.
    const flaky: Pick<EventStore, 'readAll' | 'waitForAppend' | 'headPosition'> = {
      async readAll(options) {
        reads++;
        await new Promise((resolve) => setTimeout(resolve, 3));
        if ([2, 3, 4, 7].includes(reads)) throw new Error(`simulated read failure #${reads}`);
        return store.readAll(options);
      },
      waitForAppend: (ms, signal) => store.waitForAppend(ms, signal),
      headPosition: () => store.headPosition(),
    };
    const total = 1500; // three subscription pages of 500 and more
    const writing = (async () => {
      const written: RecordedEvent[] = [];
      for (let i = 0; i < total; i += 25) {
        const batch = await Promise.all(
          Array.from({ length: 25 }, (_, j) =>
            store.append({
              streamId: `task-f${(i + j) % 7}`,
              expectedRevision: 'any',
              events: [{ type: 'TaskListed', data: { n: i + j } }],
              context: ctx(`flaky-${i + j}`),
            }),
          ),
        );
        written.push(...batch.flatMap((r) => r.events));
      }
      return written;
    })();

    const sub = catchUpSubscription(flaky, { onError: (_e, attempt) => failures.push(attempt) });
    const received: RecordedEvent[] = [];
    const deadline = Date.now() + 30_000;
    for await (const event of sub) {
      received.push(event);
      if (received.length === total || Date.now() > deadline) break;
    }
    const written = await writing;
    await sub.close();

    expect(failures.length).toBe(4);
    expect(received.map((e) => e.position)).toEqual(
      written.map((e) => e.position).sort((a, b) => Number(a - b)),
    );
    expect(new Set(received.map((e) => e.position)).size).toBe(total);
    await store.close();
  });
});
