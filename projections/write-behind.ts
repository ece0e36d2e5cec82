import type { DatabaseSync } from 'node:sqlite';

/**
 * Values a projection reads and rewrites on every event of a record (its state), kept in memory for
 * the length of one batch and written once at its end: a batch touching a record ten times parses
 * and serialises it once, and its rows and indexes are written once. Memory is bounded by the
 * records of one batch. `flush` belongs in the projection's `endBatch`, `discard` in `abortBatch`.
 */
export interface WriteBehind<K, V> {
  get(key: K, db: DatabaseSync): V | undefined;
  set(key: K, value: V): void;
  flush(db: DatabaseSync): void;
  discard(): void;
}

export function writeBehind<K, V>(
  load: (key: K, db: DatabaseSync) => V | undefined,
  save: (key: K, value: V, db: DatabaseSync) => void,
): WriteBehind<K, V> {
  const pending = new Map<K, V>();
  return {
    get: (key, db) => (pending.has(key) ? pending.get(key) : load(key, db)),
    set: (key, value) => void pending.set(key, value),
    flush(db) {
      for (const [key, value] of pending) save(key, value, db);
      pending.clear();
    },
    discard: () => pending.clear(),
  };
}
