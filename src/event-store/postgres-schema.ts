import type { AllFilter, Position } from './event-store.port.js';
import type { StoredRow } from './sqlite-schema.js';

// The PostgreSQL adapter's tables, privileges and queries, apart from its write and read logic.

/** Key of the advisory lock every append transaction holds: the log's single writer. */
export const WRITER_LOCK = 0x7a68_6c67; // "zhlg"
/** Key of the advisory lock the schema set-up holds, so replicas starting together do it once. */
export const SCHEMA_LOCK = 0x7a68_7363; // "zhsc"
/** The channel an append notifies, in its transaction: delivered to listeners once it commits. */
export const APPEND_CHANNEL = 'taizhang_appended';

/**
 * The same three tables as the embedded store, with the same meaning: `position` is the global order
 * (1, 2, 3, … with no gap, assigned under WRITER_LOCK), `merkle_hashes` the ledger's tree in the
 * layout of tree-layout.ts, written in the transaction of the events it covers. Data and metadata are
 * kept as the canonical JSON text that was hashed (not jsonb, which would reorder keys). Events and
 * tree nodes are immutable twice over: UPDATE, DELETE and TRUNCATE are revoked from everyone but the
 * superuser, and triggers refuse them even to the superuser and to a table owner who grants them back.
 */
export const PG_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position  bigint PRIMARY KEY,
  stream_id text   NOT NULL,
  revision  bigint NOT NULL,
  event_id  text   NOT NULL UNIQUE,
  type      text   NOT NULL,
  data      text   NOT NULL,
  metadata  text   NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS merkle_hashes (id bigint PRIMARY KEY, hash bytea NOT NULL);
CREATE TABLE IF NOT EXISTS personal_data (
  event_id   text NOT NULL,
  path       text NOT NULL,
  commitment text NOT NULL UNIQUE,
  value      text NOT NULL,
  salt       text NOT NULL,
  PRIMARY KEY (event_id, path)
);
CREATE OR REPLACE FUNCTION taizhang_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '账本记录不可修改或删除 / % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER events_are_immutable BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION taizhang_refuse_change();
CREATE OR REPLACE TRIGGER events_are_not_truncated BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION taizhang_refuse_change();
CREATE OR REPLACE TRIGGER merkle_hashes_are_immutable BEFORE UPDATE OR DELETE ON merkle_hashes
  FOR EACH ROW EXECUTE FUNCTION taizhang_refuse_change();
CREATE OR REPLACE TRIGGER merkle_hashes_are_not_truncated BEFORE TRUNCATE ON merkle_hashes
  FOR EACH STATEMENT EXECUTE FUNCTION taizhang_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON events, merkle_hashes FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON events, merkle_hashes FROM CURRENT_USER;
`;

/** Whether the schema is in place (set up by this adapter or by a DBA): then nothing is changed. */
export const SCHEMA_PRESENT = `
SELECT to_regclass('events') IS NOT NULL
   AND to_regclass('merkle_hashes') IS NOT NULL
   AND to_regclass('personal_data') IS NOT NULL
   AND (SELECT count(*) FROM pg_trigger WHERE tgname IN ('events_are_immutable', 'merkle_hashes_are_immutable')) = 2
   AS present`;

/**
 * Under WRITER_LOCK: the head (revision, hash) of each stream of a batch, whether the first event id
 * of each append is already stored (a retried command), and the log's head position.
 */
export const BATCH_HEADS = `
SELECT s.stream_id, h.revision, h.hash,
       EXISTS (SELECT 1 FROM events x WHERE x.event_id = s.first_event_id) AS seen,
       (SELECT COALESCE(MAX(position), 0) FROM events) AS head
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(stream_id, first_event_id, n)
LEFT JOIN LATERAL (
  SELECT e.revision, (e.metadata::json)->>'hash' AS hash FROM events e
  WHERE e.stream_id = s.stream_id ORDER BY e.revision DESC LIMIT 1
) h ON true
ORDER BY s.n`;

/** One statement writes a batch: its events, the tree nodes they add, their personal data, the notice. */
export const WRITE_BATCH = `
WITH e AS (
  INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[])
), m AS (
  INSERT INTO merkle_hashes (id, hash) SELECT * FROM unnest($8::bigint[], $9::bytea[])
), p AS (
  INSERT INTO personal_data (event_id, path, commitment, value, salt)
  SELECT * FROM unnest($10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
)
SELECT pg_notify('${APPEND_CHANNEL}', $15)`;

/** An events row as the driver gives it: bigints as decimal strings. */
export type PgEventRow = StoredRow & { position: string; revision: string };

/** The global order after a position, filtered by stream prefixes and event types, as $n parameters. */
export function pgAllQuery(
  filter: AllFilter = {},
  through?: Position,
): { sql: string; params: string[] } {
  const params: string[] = [];
  const where = ['position > $1'];
  const next = (value: string): string => {
    params.push(value);
    return `$${params.length + 2}`;
  };
  if (through !== undefined) where.push(`position <= ${next(through.toString())}`);
  const prefixes = filter.streamPrefixes ?? [];
  if (prefixes.length) {
    // starts_with rather than LIKE, so '%' and '_' in a prefix mean themselves.
    where.push(`(${prefixes.map((p) => `starts_with(stream_id, ${next(p)})`).join(' OR ')})`);
  }
  const types = filter.eventTypes ?? [];
  if (types.length) where.push(`type IN (${types.map((t) => next(t)).join(', ')})`);
  return {
    sql: `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY position ASC LIMIT $2`,
    params,
  };
}
