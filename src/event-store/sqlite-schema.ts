import type { JsonObject } from '../common/json.js';
import type { AllFilter, EventMetadata, MetadataField, RecordedEvent } from './event-store.port.js';

// The SQLite adapter's table, settings and row mapping, apart from its write and read logic.

export interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
}

/** The connection settings of the store; exported so the benchmark's raw baseline uses the same. */
export const sqlitePragmas = (synchronous: 'FULL' | 'NORMAL' | 'OFF'): string =>
  `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous};
   PRAGMA busy_timeout = 10000; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;`;

/** An event's own columns, without the tree hashes its row also carries. */
/** Every column of an event but its metadata: a read may take only some metadata fields (`columnsWith`). */
const COLUMNS_BUT_METADATA = 'position, stream_id, revision, event_id, type, data';
export const EVENT_COLUMNS = `${COLUMNS_BUT_METADATA}, metadata`;

/** A store written before events carried their tree hashes gets the column (older rows keep NULL). */
export const ADD_TREE_COLUMN = 'ALTER TABLE events ADD COLUMN tree BLOB';

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position  INTEGER PRIMARY KEY,
  stream_id TEXT    NOT NULL,
  revision  INTEGER NOT NULL,
  event_id  TEXT    NOT NULL UNIQUE,
  type      TEXT    NOT NULL,
  data      TEXT    NOT NULL,
  metadata  TEXT    NOT NULL,
  -- The ledger tree's hashes this event's append added: its leaf hash, then the subtrees it closed
  -- (merkle/merkle-tree.ts). Not part of the event: the tree is over the events' hashes.
  tree      BLOB,
  UNIQUE (stream_id, revision)
);
-- Personal data beside its event (personal-data.ts): the value and the salt of the commitment the
-- event's data holds at path. Deletable, unlike events: erasure removes the row.
CREATE TABLE IF NOT EXISTS personal_data (
  event_id   TEXT NOT NULL,
  path       TEXT NOT NULL,
  commitment TEXT NOT NULL UNIQUE,
  value      TEXT NOT NULL,
  salt       TEXT NOT NULL,
  PRIMARY KEY (event_id, path)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_are_immutable_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
CREATE TRIGGER IF NOT EXISTS events_are_immutable_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
`;

/** A stored row that is no longer JSON: only a hand edit of the file does that. Names the event. */
export class CorruptEventError extends Error {
  constructor(
    readonly streamId: string,
    readonly revision: bigint,
    readonly position: bigint,
    cause: unknown,
  ) {
    super(
      `存储的事件已损坏：${streamId} 版本 ${revision}（位置 ${position}） / ` +
        `Stored event is corrupt: stream ${streamId} revision ${revision} (position ${position})`,
      { cause },
    );
    this.name = 'CorruptEventError';
  }
}

/** Not `instanceof Error`: node:sqlite's errors may come from another realm (test sandboxes). */
export const isEventIdClash = (error: unknown): boolean =>
  String((error as { message?: unknown } | null)?.message).includes(
    'UNIQUE constraint failed: events.event_id',
  );

/** The revision an insert meant to take is already in its stream. */
export const isRevisionTaken = (error: unknown): boolean =>
  String((error as { message?: unknown } | null)?.message).includes(
    'UNIQUE constraint failed: events.stream_id, events.revision',
  );

/** A stored row of either SQL adapter: PostgreSQL's driver gives its bigints as decimal strings. */
export type StoredRow = Omit<EventRow, 'position' | 'revision'> & {
  position: number | string;
  revision: number | string;
};

/** An event's columns as a statement set to return arrays gives them, in EVENT_COLUMNS order. */
export type EventColumns = [
  position: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
];

/** The event a stored row holds, from its columns in EVENT_COLUMNS order. */
const eventOf = (
  position: number | string,
  streamId: string,
  revision: number | string,
  eventId: string,
  type: string,
  rawData: string,
  rawMetadata: string | EventMetadata,
): RecordedEvent => {
  let data: JsonObject;
  let metadata: EventMetadata;
  try {
    data = JSON.parse(rawData) as JsonObject;
    metadata =
      typeof rawMetadata === 'string' ? (JSON.parse(rawMetadata) as EventMetadata) : rawMetadata;
  } catch (error) {
    throw new CorruptEventError(streamId, BigInt(revision), BigInt(position), error);
  }
  return {
    position: BigInt(position),
    streamId,
    revision: BigInt(revision),
    eventId,
    type,
    data,
    metadata,
  };
};

export const toEvent = (row: StoredRow): RecordedEvent =>
  eventOf(
    row.position,
    row.stream_id,
    row.revision,
    row.event_id,
    row.type,
    row.data,
    row.metadata,
  );

/**
 * The same from a row read as an array: for the pages of thousands of rows a catch-up reads, an
 * object a row was a fifth of the read (9.3 against 7.3 us an event, parsing included;
 * docs/scale.md).
 */
export const columnsToEvent = (c: EventColumns): RecordedEvent =>
  eventOf(c[0], c[1], c[2], c[3], c[4], c[5], c[6]);

/**
 * The columns of a read that needs only `fields` of the metadata: each field taken out by SQLite
 * (`->>`) rather than the whole text (about 450 bytes, most of an event's JSON) converted and
 * parsed. Over the 10^7 store, 2.6 to 3.0 us an event read against 4.0 to 4.7 (docs/scale.md).
 */
const columnsWith = (fields: readonly MetadataField[]): string =>
  [
    COLUMNS_BUT_METADATA,
    ...fields.map((f) => {
      // Names are the port's field names; anything else is a caller's mistake, not SQL to run.
      if (!/^[A-Za-z]+$/.test(f)) throw new Error(`not a metadata field: ${f}`);
      return `metadata ->> '$.${f}'`;
    }),
  ].join(', ');

/** The event of a row read with `columnsWith(fields)`: its metadata holds those fields alone. */
export const columnsToEventWith =
  (fields: readonly MetadataField[]) =>
  (c: readonly (string | number | null)[]): RecordedEvent => {
    const metadata: Partial<Record<MetadataField, string | number>> = {};
    fields.forEach((f, i) => {
      const value = c[6 + i];
      if (value !== null) metadata[f] = value;
    });
    return eventOf(
      c[0] as number,
      c[1] as string,
      c[2] as number,
      c[3] as string,
      c[4] as string,
      c[5] as string,
      metadata as EventMetadata,
    );
  };

export function allQuery(
  filter: AllFilter = {},
  bounded = false,
  metadataFields?: readonly MetadataField[],
): { sql: string; params: string[] } {
  const where = bounded ? ['position > ?', 'position <= ?'] : ['position > ?'];
  const params: string[] = [];
  // Unary + keeps SQLite on the primary key (the global order): left to choose, it took the
  // stream_id index for a domain-wide prefix and sorted every matching row of the log per page.
  const prefixes = filter.streamPrefixes ?? [];
  if (prefixes.length) {
    // A range per prefix instead of LIKE, so '%' and '_' in a prefix mean themselves.
    where.push(`(${prefixes.map(() => '(+stream_id >= ? AND +stream_id < ?)').join(' OR ')})`);
    for (const p of prefixes) params.push(p, p + '\u{10FFFF}');
  }
  const types = filter.eventTypes ?? [];
  if (types.length) {
    where.push(`+type IN (${types.map(() => '?').join(', ')})`);
    params.push(...types);
  }
  return {
    sql: `SELECT ${metadataFields ? columnsWith(metadataFields) : EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position ASC LIMIT ?`,
    params,
  };
}
