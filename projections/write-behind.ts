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
  save: (key: K, value: V, db: DatabaseSync) => void,
  keep = 0,
): WriteBehind<K, V> {
  const pending = new Map<K, V>();
  // Insertion order is write order: the first key is the least recently written.
  const kept = new Map<K, V>();
  return {
    get: (key, db) => (pending.has(key) ? pending.get(key) : (kept.get(key) ?? load(key, db))),
    set: (key, value) => void pending.set(key, value),
    flush(db) {
      for (const [key, value] of pending) save(key, value, db);
      if (keep > 0) {
        for (const [key, value] of pending) {
          kept.delete(key);
          kept.set(key, value);
        }
        for (const key of kept.keys()) {
          if (kept.size <= keep) break;
          kept.delete(key);
        }
      }
      pending.clear();
    },
    discard: () => {
      pending.clear();
      kept.clear();
    },
  };
}
