import type { LedgerEntryRow, LedgerFilter } from '../../../projections/ledger/ledger.queries.js';
import type { ReadModels } from '../../../projections/read-models.js';
import type { Position } from '../../event-store/event-store.port.js';

const PAGE = 100;

/**
 * The ledger as a live feed: every entry after `after` that passes the filter, once and in order.
 * It reads pages of the ledger read model and, when it has shown all there is, sleeps until the
 * projection runner applies the next batch: no store subscription per subscriber, and at most one
 * page held for a subscriber that reads slowly. `return()` ends it at once, even while it sleeps.
 */
export function ledgerFeed(
  readModels: ReadModels,
  filter: LedgerFilter,
  after: Position = 0n,
): AsyncIterableIterator<{ ledgerEntries: LedgerEntryRow }> {
  const abort = new AbortController();
  let cursor = after;
  let buffer: LedgerEntryRow[] = [];
  const done = { done: true as const, value: undefined };
  const close = async () => {
    abort.abort();
    buffer = [];
    return done;
  };
  const iterator: AsyncIterableIterator<{ ledgerEntries: LedgerEntryRow }> = {
    async next() {
      while (!abort.signal.aborted) {
        const entry = buffer.shift();
        if (entry) return { done: false, value: { ledgerEntries: entry } };
        // Taken before the read: a batch applied during it wakes the wait below at once.
        const seen = readModels.position;
        const page = readModels.ledger.page(filter, PAGE, cursor);
        if (page.entries.length) {
          buffer = page.entries;
          cursor = buffer[buffer.length - 1].position;
        } else {
          // Nothing matched up to what the read side has: skip past it, then sleep until it grows.
          if (seen > cursor) cursor = seen;
          await readModels.waitPast(seen, abort.signal);
        }
      }
      return done;
    },
    return: close,
    async throw(error?: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
