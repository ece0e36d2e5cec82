import type {
  AllFilter,
  EventStore,
  EventSubscription,
  Position,
  RecordedEvent,
  SubscriptionOptions,
} from './event-store.port.js';

const IDLE_WAIT_MS = 250;
/** Positions one filtered read looks through on a store with dense positions (SQLite, PostgreSQL). */
export const FILTERED_SCAN_WINDOW = 10_000n;
const MAX_BACKOFF_MS = 5000;

/** Waits `ms` or until `signal` aborts; removes its listener either way, so retries do not pile up listeners. */
export const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

export interface FollowOptions {
  /** Where to read from next: asked before every read, so the consumer owns its checkpoint. */
  readonly after: () => Position;
  readonly maxCount: number;
  readonly filter?: AllFilter;
  readonly signal: AbortSignal;
  readonly onError?: (error: unknown, attempt: number) => void;
  /** Read no further than this position (e.g. what the read side has applied); idle past it. */
  readonly until?: () => Position;
  /** How to wait when there is nothing to read; by default, for the store's next append. */
  readonly idle?: (signal: AbortSignal) => Promise<void>;
}

/** Events strictly after `after`, in the global order. */
export interface Page {
  readonly after: Position;
  readonly events: RecordedEvent[];
  /** The read covered the log up to here: a filtered follower may move its checkpoint this far. */
  readonly through: Position;
}

/** How long to wait before the `attempt`-th retry. */
export const backoff = (attempt: number): number => Math.min(50 * 2 ** attempt, MAX_BACKOFF_MS);

/**
 * The one catch-up loop (projections, reactors, subscriptions): pages of the global order after the
 * consumer's own position, waiting for appends when there are none, until `signal` aborts. A failed
 * read is retried from the consumer's position with back-off, so nothing is skipped; a consumer that
 * moves its position only past what it finished never sees an event twice.
 */
export async function* pagesAfter(
  store: Pick<EventStore, 'readAll' | 'waitForAppend' | 'headPosition' | 'filteredScanWindow'>,
  options: FollowOptions,
): AsyncGenerator<Page> {
  const { signal } = options;
  const idle = options.idle ?? ((s: AbortSignal) => store.waitForAppend(IDLE_WAIT_MS, s));
  let attempt = 0;
  const filtered = Boolean(
    options.filter?.streamPrefixes?.length || options.filter?.eventTypes?.length,
  );
  while (!signal.aborted) {
    const after = options.after();
    const until = options.until?.();
    if (until !== undefined && after >= until) {
      await idle(signal);
      continue;
    }
    let events: RecordedEvent[];
    let bound: Position | undefined;
    try {
      // A filtered read looks through one window of positions, never the rest of the log: with
      // sparse matches (a reactor's three event types in 10^6 events) an unbounded read walked
      // the whole log on every page and held the event loop for a second each time.
      if (filtered && store.filteredScanWindow !== undefined) {
        const end = until ?? (await store.headPosition());
        bound = after + store.filteredScanWindow < end ? after + store.filteredScanWindow : end;
      }
      events =
        bound !== undefined && bound <= after
          ? []
          : await store.readAll({
              after,
              maxCount: options.maxCount,
              filter: options.filter,
              through: bound,
            });
      attempt = 0;
    } catch (error) {
      attempt++;
      options.onError?.(error, attempt);
      await pause(backoff(attempt), signal);
      continue;
    }
    let through = events.length ? events[events.length - 1].position : after;
    // A short page means every matching event up to the bound is in hand.
    if (bound !== undefined && events.length < options.maxCount) through = bound;
    if (until !== undefined) {
      const within = events.filter((e) => e.position <= until);
      // Cut at `until`, or short with no window: every matching event up to `until` is in hand.
      const short = bound === undefined && events.length < options.maxCount;
      if (within.length < events.length || short) through = until;
      events = within;
    }
    if (events.length === 0 && through <= after) await idle(signal);
    else yield { after, events, through };
  }
}

export function catchUpSubscription(
  store: Pick<EventStore, 'readAll' | 'waitForAppend' | 'headPosition' | 'filteredScanWindow'>,
  options: SubscriptionOptions = {},
): EventSubscription {
  const abort = new AbortController();
  let after = options.after ?? 0n;

  async function* run(): AsyncGenerator<RecordedEvent> {
    const pages = pagesAfter(store, {
      after: () => after,
      maxCount: 500,
      filter: options.filter,
      signal: abort.signal,
      onError: options.onError,
    });
    for await (const { events, through } of pages) {
      for (const event of events) {
        if (abort.signal.aborted) return;
        after = event.position;
        yield event;
      }
      // A window with no match still moves the subscription on.
      if (through > after) after = through;
    }
  }

  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      abort.abort();
      await iterator.return(undefined);
    },
  };
}
