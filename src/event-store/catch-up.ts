import type {
  EventStore,
  EventSubscription,
  RecordedEvent,
  SubscriptionOptions,
} from './event-store.port.js';

const PAGE = 500;
const IDLE_WAIT_MS = 250;
const MAX_BACKOFF_MS = 5000;

/** Waits `ms` or until `signal` aborts; removes its listener either way, so retries do not pile up listeners. */
const pause = (ms: number, signal: AbortSignal): Promise<void> =>
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

/**
 * A catch-up subscription built on paged reads of the global order. The only state is the position
 * of the last event delivered, so after a failed read it simply reads again from there: nothing is
 * skipped and nothing repeated, whichever adapter is underneath.
 */
export function catchUpSubscription(
  store: Pick<EventStore, 'readAll' | 'waitForAppend'>,
  options: SubscriptionOptions = {},
): EventSubscription {
  const abort = new AbortController();
  let after = options.after ?? 0n;

  async function* run(): AsyncGenerator<RecordedEvent> {
    let attempt = 0;
    while (!abort.signal.aborted) {
      let page: RecordedEvent[];
      try {
        page = await store.readAll({ after, maxCount: PAGE, filter: options.filter });
        attempt = 0;
      } catch (error) {
        attempt++;
        options.onError?.(error, attempt);
        await pause(Math.min(50 * 2 ** attempt, MAX_BACKOFF_MS), abort.signal);
        continue;
      }
      if (page.length === 0) {
        await store.waitForAppend(IDLE_WAIT_MS, abort.signal);
        continue;
      }
      for (const event of page) {
        if (abort.signal.aborted) return;
        after = event.position;
        yield event;
      }
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

export { pause };
