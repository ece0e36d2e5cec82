import type { DatabaseSync } from 'node:sqlite';
import type {
  AllFilter,
  MetadataField,
  RecordedEvent,
} from '../src/event-store/event-store.port.js';

/**
 * A read model: its tables, and a mapping from one event to row writes. `apply` reads only the
 * event (never the clock or other I/O), so replaying the same events always yields the same rows.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the mapping or tables change: the runner then rebuilds this projection. */
  readonly version: number;
  /**
   * Its tables and checkpoint in a file of their own beside the read models' (runner.ts
   * `ownFileOf`), attached to their connection for queries, so a long catch-up can write it in a
   * worker thread (apart.ts). Only for a projection that reads and writes no other's tables and
   * holds no trigger on them.
   */
  readonly ownFile?: boolean;
  /**
   * The fields of an event's metadata `apply` reads, when not all of them: a catch-up whose
   * projections all say so reads only those (the metadata is most of an event's JSON).
   */
  readonly metadataFields?: readonly MetadataField[];
  /** Events this projection cares about; others are skipped without a call. */
  readonly filter?: AllFilter;
  /** Create tables and indexes (idempotent). */
  setup(db: DatabaseSync): void;
  /** Drop everything `setup` created. */
  drop(db: DatabaseSync): void;
  apply(event: RecordedEvent, db: DatabaseSync): void;
  /**
   * After the last `apply` of a batch, inside the batch's transaction: write what `apply` kept in
   * memory for the batch (each record's state once per batch instead of once per event).
   */
  endBatch?(db: DatabaseSync): void;
  /** The batch's transaction rolled back: forget what `apply` kept in memory for it. */
  abortBatch?(): void;
}
