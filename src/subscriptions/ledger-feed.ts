import {
  ledgerEntryAt,
  type LedgerEntryRow,
  type LedgerFilter,
} from '../../projections/ledger.queries.js';
import type { EventStore, Position } from '../event-store/event-store.port.js';
import type { ReadModels } from '../event-store/read-models.js';

/** Whether an entry passes the parts of the filter the store cannot apply itself. */
export function matches(entry: LedgerEntryRow, filter: LedgerFilter): boolean {
  return (
    (!filter.streamId || entry.streamId === filter.streamId) &&
    (!filter.actorId || entry.actor.id === filter.actorId) &&
    (!filter.organisation || entry.actor.organisation === filter.organisation) &&
    (!filter.from || entry.recordedAt >= filter.from) &&
    (!filter.to || entry.recordedAt < filter.to)
  );
}

/**
 * The ledger as a live feed: the store's catch-up subscription gives every event after `after` once
 * and in order; each is shown as its ledger entry (with field changes), read once the read models
 * have reached its position. `return()` closes the store subscription at once, even while waiting.
 */
export function ledgerFeed(
  store: EventStore,
  readModels: ReadModels,
  filter: LedgerFilter,
  after: Position = 0n,
): AsyncIterableIterator<{ ledgerEntries: LedgerEntryRow }> {
  const subscription = store.subscribeToAll({
    after,
    filter: {
      ...(filter.streamPrefix ? { streamPrefixes: [filter.streamPrefix] } : {}),
      ...(filter.types?.length ? { eventTypes: filter.types } : {}),
    },
  });
  const events = subscription[Symbol.asyncIterator]();
  let closed = false;
  const done = { done: true as const, value: undefined };
  const close = async () => {
    closed = true;
    await subscription.close();
    return done;
  };
  const iterator: AsyncIterableIterator<{ ledgerEntries: LedgerEntryRow }> = {
    async next() {
      while (!closed) {
        const next = await events.next();
        if (next.done || closed) break;
        await readModels.reach(next.value.position, 30_000);
        const entry = ledgerEntryAt(readModels.db, next.value.position);
        if (entry && matches(entry, filter))
          return { done: false, value: { ledgerEntries: entry } };
      }
      return close();
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
