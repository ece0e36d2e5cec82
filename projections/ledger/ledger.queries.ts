import type { DatabaseSync } from 'node:sqlite';
import type { JsonObject } from '../../src/common/json.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { FieldChange } from './field-changes.js';
import { CHECKPOINT_EVERY, unpackState, type RecordKind } from './ledger.projection.js';
import { RECORD_KINDS } from './record-kinds.js';
import { whereBuilder, type Where } from '../sql-where.js';

export interface LedgerEntryRow {
  readonly position: bigint;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: { id: string; name: string; role: string; organisation: string };
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly reason: string | null;
  readonly data: JsonObject;
  readonly changes: FieldChange[];
  readonly hash: string;
  readonly prevHash: string;
}

export interface LedgerFilter {
  readonly streamId?: string;
  readonly streamPrefix?: string;
  readonly types?: readonly string[];
  readonly actorId?: string;
  readonly organisation?: string;
  /** ISO times, inclusive from, exclusive to. */
  readonly from?: string;
  readonly to?: string;
}

interface Row {
  position: number;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  recorded_at: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  actor_org: string;
  command_id: string;
  correlation_id: string;
  causation_id: string;
  reason: string | null;
  data: string;
  changes: string;
  hash: string;
  prev_hash: string;
}

const COLUMNS = `position, stream_id, version, event_id, type, recorded_at, actor_id, actor_name,
  actor_role, actor_org, command_id, correlation_id, causation_id, reason, data, changes, hash, prev_hash`;

const toEntry = (r: Row): LedgerEntryRow => ({
  position: BigInt(r.position),
  streamId: r.stream_id,
  version: r.version,
  eventId: r.event_id,
  type: r.type,
  recordedAt: r.recorded_at,
  actor: { id: r.actor_id, name: r.actor_name, role: r.actor_role, organisation: r.actor_org },
  commandId: r.command_id,
  correlationId: r.correlation_id,
  causationId: r.causation_id,
  reason: r.reason,
  data: JSON.parse(r.data) as JsonObject,
  changes: JSON.parse(r.changes) as FieldChange[],
  hash: r.hash,
  prevHash: r.prev_hash,
});

/**
 * An event as its ledger entry, straight from the store: what a mutation answers with when the read
 * side has not caught up with it yet. The same fields as the projected row.
 */
export const entryOfEvent = (event: RecordedEvent, changes: FieldChange[]): LedgerEntryRow => ({
  position: event.position,
  streamId: event.streamId,
  version: Number(event.revision) + 1,
  eventId: event.eventId,
  type: event.type,
  recordedAt: event.metadata.recordedAt,
  actor: { ...event.metadata.actor },
  commandId: event.metadata.commandId,
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.causationId,
  reason: event.metadata.reason ?? null,
  data: event.data,
  changes,
  hash: event.metadata.hash,
  prevHash: event.metadata.prevHash,
});

function where(filter: LedgerFilter): Where {
  const { add, build } = whereBuilder();
  if (filter.streamId) add('stream_id = ?', filter.streamId);
  if (filter.streamPrefix)
    add(
      'stream_id >= ? AND stream_id < ?',
      filter.streamPrefix,
      filter.streamPrefix + '\u{10FFFF}',
    );
  if (filter.types?.length)
    add(`type IN (${filter.types.map(() => '?').join(',')})`, ...filter.types);
  if (filter.actorId) add('actor_id = ?', filter.actorId);
  if (filter.organisation) add('actor_org = ?', filter.organisation);
  if (filter.from) add('recorded_at >= ?', filter.from);
  if (filter.to) add('recorded_at < ?', filter.to);
  return build();
}

/** A page of the global audit log in ledger order, after an exclusive position. */
export function ledgerPage(
  db: DatabaseSync,
  filter: LedgerFilter,
  first: number,
  after: bigint = 0n,
): { entries: LedgerEntryRow[]; totalCount: () => number; hasNext: boolean } {
  const { sql, params } = where(filter);
  const rows = db
    .prepare(
      `SELECT ${COLUMNS} FROM ledger_entries WHERE ${sql} AND position > ? ORDER BY position LIMIT ?`,
    )
    .all(...params, after, first + 1) as unknown as Row[];
  return {
    entries: rows.slice(0, first).map(toEntry),
    hasNext: rows.length > first,
    totalCount: () =>
      (
        db.prepare(`SELECT COUNT(*) AS n FROM ledger_entries WHERE ${sql}`).get(...params) as {
          n: number;
        }
      ).n,
  };
}

/**
 * A record's whole state right after its `version`-th event: the latest from `ledger_heads`, any
 * other the checkpoint at or before it folded forward with the record kind's evolve over at most
 * CHECKPOINT_EVERY - 1 entries. Undefined for a stream that is not a record or a version it lacks.
 */
export function recordStateAtVersion(
  db: DatabaseSync,
  streamId: string,
  version: number,
  kinds: readonly RecordKind[] = RECORD_KINDS,
): JsonObject | undefined {
  const head = db
    .prepare('SELECT version, state FROM ledger_heads WHERE stream_id = ?')
    .get(streamId) as { version: number; state: string } | undefined;
  if (!head || !Number.isInteger(version) || version < 1 || version > head.version)
    return undefined;
  if (version === head.version) return JSON.parse(head.state) as JsonObject;
  const kind = kinds.find((k) => streamId.startsWith(k.streamPrefix));
  if (!kind) return undefined;
  const from = version - (version % CHECKPOINT_EVERY);
  const checkpoint =
    from === 0
      ? undefined
      : (db
          .prepare('SELECT checkpoint FROM ledger_entries WHERE stream_id = ? AND version = ?')
          .get(streamId, from) as { checkpoint: Uint8Array | null } | undefined);
  if (from > 0 && !checkpoint?.checkpoint) return undefined;
  let state = checkpoint?.checkpoint ? unpackState(checkpoint.checkpoint) : kind.initialState();
  const events = db
    .prepare(
      `SELECT type, data FROM ledger_entries WHERE stream_id = ? AND version > ? AND version <= ?
       ORDER BY version`,
    )
    .all(streamId, from, version) as { type: string; data: string }[];
  for (const e of events)
    state = kind.evolve(state, { type: e.type, data: JSON.parse(e.data) as JsonObject });
  return state;
}

/** The whole state of a record as of a moment (or now), from the index and at most one checkpoint. */
export function recordStateAsOf(
  db: DatabaseSync,
  streamId: string,
  asOf?: string,
): { state: JsonObject; version: number; recordedAt: string; position: bigint } | undefined {
  const row = (
    asOf
      ? db
          .prepare(
            `SELECT version, recorded_at, position FROM ledger_entries
             WHERE stream_id = ? AND recorded_at <= ? ORDER BY version DESC LIMIT 1`,
          )
          .get(streamId, asOf)
      : db
          .prepare(
            `SELECT version, recorded_at, position FROM ledger_entries
             WHERE stream_id = ? ORDER BY version DESC LIMIT 1`,
          )
          .get(streamId)
  ) as { version: number; recorded_at: string; position: number } | undefined;
  const state = row && recordStateAtVersion(db, streamId, row.version);
  if (!row || !state) return undefined;
  return {
    state,
    version: row.version,
    recordedAt: row.recorded_at,
    position: BigInt(row.position),
  };
}

/**
 * Each record under `streamPrefix` (or just `streamIds`, in their order) as its last version at or
 * before `position`, in stream order, one at a time (an export's snapshot: memory stays flat however many records there are).
 */
export function* recordStatesAt(
  db: DatabaseSync,
  streamPrefix: string,
  position: bigint,
  streamIds?: readonly string[],
): Generator<{ streamId: string; state: JsonObject }> {
  if (streamIds) {
    // Just these records (an export that knows which it needs): one index seek each.
    const latest = db.prepare(
      'SELECT MAX(version) AS version FROM ledger_entries WHERE stream_id = ? AND position <= ?',
    );
    for (const streamId of streamIds) {
      const row = latest.get(streamId, position) as { version: number | null } | undefined;
      const state = row?.version ? recordStateAtVersion(db, streamId, row.version) : undefined;
      if (state) yield { streamId, state };
    }
    return;
  }
  const latest = db
    .prepare(
      `SELECT stream_id, MAX(version) AS version FROM ledger_entries
       WHERE stream_id >= ? AND stream_id < ? AND position <= ? GROUP BY stream_id`,
    )
    .iterate(streamPrefix, streamPrefix + '\u{10FFFF}', position) as Iterable<{
    stream_id: string;
    version: number;
  }>;
  for (const { stream_id: streamId, version } of latest) {
    const state = recordStateAtVersion(db, streamId, version);
    if (state) yield { streamId, state };
  }
}

/** The entry an append produced, for mutation payloads. */
export function ledgerEntryAt(db: DatabaseSync, position: bigint): LedgerEntryRow | undefined {
  const row = db
    .prepare(`SELECT ${COLUMNS} FROM ledger_entries WHERE position = ?`)
    .get(position) as Row | undefined;
  return row ? toEntry(row) : undefined;
}
