import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { catchUpSubscription, pagesAfter } from '../../src/event-store/catch-up.js';
import type {
  AllReadOptions,
  EventStore,
  Position,
  RecordedEvent,
} from '../../src/event-store/event-store.port.js';
import { allQuery } from '../../src/event-store/sqlite-schema.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * A reactor or a filtered subscription over a large store used to read "the next 200 matching
 * events after P" with no upper bound: with sparse matches SQLite walked (and sorted) the rest of
 * the log on every page, a second of blocked event loop per page at 10^6 events. Now every filtered
 * read looks through one window of positions.
 */
const actor = { id: 'u-int', name: '过滤追赶', role: 'ADMIN', organisation: '省督察办' };
const dir = tempDir('filtered-catch-up');
afterAll(() => dir.remove());

const WINDOW = 50n;
const TOTAL = 1200;
/** Every 97th event is a rare one on a sub-item stream; the rest are progress reports. */
const rare = (i: number): boolean => i % 97 === 13;

async function fill(store: SqliteEventStore, from: number, to: number): Promise<RecordedEvent[]> {
  const written: RecordedEvent[] = [];
  for (let i = from; i < to; i++) {
    const result = await store.append({
      streamId: rare(i) ? `task-rare-${i}` : `case-busy-${i % 5}`,
      expectedRevision: 'any',
      events: [{ type: rare(i) ? 'TaskReopened' : 'ProgressReported', data: { i } }],
      context: { actor, commandId: `filtered-${i}`, recordedAt: new Date().toISOString() },
    });
    written.push(...result.events);
  }
  return written;
}

/** The store seen through a small window, recording how far each read looked. */
function windowed(store: SqliteEventStore, spans: bigint[]) {
  return {
    filteredScanWindow: WINDOW,
    headPosition: () => store.headPosition(),
    waitForAppend: (ms: number, signal?: AbortSignal) => store.waitForAppend(ms, signal),
    readAll(options: AllReadOptions = {}): Promise<RecordedEvent[]> {
      spans.push(options.through === undefined ? -1n : options.through - (options.after ?? 0n));
      return store.readAll(options);
    },
  } satisfies Pick<EventStore, 'readAll' | 'waitForAppend' | 'headPosition' | 'filteredScanWindow'>;
}

const filter = { streamPrefixes: ['task-'], eventTypes: ['TaskReopened'] };

describe('a filtered catch-up reads one window of positions at a time', () => {
  let store: SqliteEventStore;
  let written: RecordedEvent[];
  beforeAll(async () => {
    store = new SqliteEventStore(join(dir.path, 'events.db'));
    written = await fill(store, 0, TOTAL);
  });
  afterAll(() => store.close());

  it('a subscription delivers every match once, in order, then live ones, and no read looks past its window', async () => {
    const spans: bigint[] = [];
    const sub = catchUpSubscription(windowed(store, spans), { filter });
    const expected = written.filter((e) => e.type === 'TaskReopened');
    const got: RecordedEvent[] = [];
    const iterator = sub[Symbol.asyncIterator]();
    while (got.length < expected.length) got.push((await iterator.next()).value as RecordedEvent);
    // Appended after the catch-up: the subscription keeps following.
    const later = (await fill(store, TOTAL, TOTAL + 200)).filter((e) => e.type === 'TaskReopened');
    expect(later.length).toBeGreaterThan(0);
    while (got.length < expected.length + later.length)
      got.push((await iterator.next()).value as RecordedEvent);
    await sub.close();

    expect(got.map((e) => e.position)).toEqual([...expected, ...later].map((e) => e.position));
    expect(spans.length).toBeGreaterThan(TOTAL / Number(WINDOW));
    expect(spans.every((s) => s >= 0n && s <= WINDOW)).toBe(true);
  });

  it('a follower bounded by `until` moves its checkpoint through empty windows up to it', async () => {
    const spans: bigint[] = [];
    const abort = new AbortController();
    const until: Position = written[900].position;
    let at: Position = 0n;
    const seen: RecordedEvent[] = [];
    for await (const page of pagesAfter(windowed(store, spans), {
      after: () => at,
      until: () => until,
      maxCount: 3,
      filter,
      signal: abort.signal,
      idle: async () => abort.abort(),
    })) {
      seen.push(...page.events);
      expect(page.through).toBeGreaterThan(page.after);
      at = page.through;
    }
    expect(at).toBe(until);
    expect(seen.map((e) => e.position)).toEqual(
      written
        .filter((e) => e.type === 'TaskReopened' && e.position <= until)
        .map((e) => e.position),
    );
    expect(spans.every((s) => s >= 0n && s <= WINDOW)).toBe(true);
  });

  it('the store answers a bounded filtered read from the global order, not a sort of a stream index', () => {
    const db = new DatabaseSync(join(dir.path, 'events.db'), { readOnly: true });
    try {
      const { sql, params } = allQuery(filter, true);
      const plan = (
        db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(0, 100, ...params, 10) as {
          detail: string;
        }[]
      ).map((r) => r.detail);
      expect(plan.join('\n')).toMatch(/USING INTEGER PRIMARY KEY/);
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    } finally {
      db.close();
    }
  });

  it('readAll with `through` returns nothing past it', async () => {
    const through = written[500].position;
    const events = await store.readAll({ after: 0n, maxCount: 1000, filter, through });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.position <= through)).toBe(true);
    expect(events.map((e) => e.position)).toEqual(
      written
        .filter((e) => e.type === 'TaskReopened' && e.position <= through)
        .map((e) => e.position),
    );
  });
});
