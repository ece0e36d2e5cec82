import type { DatabaseSync } from 'node:sqlite';

/**
 * Values a projection reads and rewrites on every event of a record (its state), kept in memory for
 * the length of one batch and written once at its end: a batch touching a record ten times parses
 * and serialises it once, and its rows and indexes are written once. Memory is bounded by the
 * records of one batch. `flush` belongs in the projection's `endBatch`, `discard` in `abortBatch`.
 *
 * With `keep`, the last `keep` values written stay in memory after their batch committed, so a
 * record whose events lie in several batches (a round's tasks advance together over months, so
 * almost every record does) is read back and parsed once per rebuild instead of once per batch.
 * Only values `load` would give back may be kept: they are what the committed rows say.
 * `keep` bounds their total weight: what `save` returns for each (the bytes it wrote, say), or 1
 * each when it returns nothing. A budget in bytes keeps memory flat whatever the size of the store
 * and of its records: a count alone would let a few thousand large records grow it.
 */
export interface WriteBehind<K, V> {
  get(key: K, db: DatabaseSync): V | undefined;
  set(key: K, value: V): void;
  flush(db: DatabaseSync): void;
  /** Forgets the batch and what was kept (the file may now say something else). */
  discard(): void;
}

export function writeBehind<K, V>(
  load: (key: K, db: DatabaseSync) => V | undefined,
  save: (key: K, value: V, db: DatabaseSync) => number | void,
  keep = 0,
): WriteBehind<K, V> {
  const pending = new Map<K, V>();
  // Insertion order is write order: the first key is the least recently written.
  const kept = new Map<K, { value: V; weight: number }>();
  let weight = 0;
  const forget = (key: K) => {
    const was = kept.get(key);
    if (!was) return;
    weight -= was.weight;
    kept.delete(key);
  };
  return {
    get: (key, db) => {
      // One lookup for the usual hit (a value is never undefined: that is `load`'s none).
      const value = pending.get(key);
      return value !== undefined ? value : (kept.get(key)?.value ?? load(key, db));
    },
    set: (key, value) => void pending.set(key, value),
    flush(db) {
      for (const [key, value] of pending) {
        const w = save(key, value, db) ?? 1;
        if (keep <= 0) continue;
        forget(key);
        kept.set(key, { value, weight: w });
        weight += w;
      }
      for (const key of kept.keys()) {
        if (weight <= keep) break;
        forget(key);
      }
      pending.clear();
    },
    discard: () => {
      pending.clear();
      kept.clear();
      weight = 0;
    },
  };
}
