import type { DatabaseSync } from 'node:sqlite';
import type { JsonObject } from '../../src/common/json.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { FieldChange } from './field-changes.js';
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

/** The whole state of a record as of a moment (or now), from the index: no replay. */
export function recordStateAsOf(
  db: DatabaseSync,
  streamId: string,
  asOf?: string,
): { state: JsonObject; version: number; recordedAt: string; position: bigint } | undefined {
  const row = (
    asOf
      ? db
          .prepare(
            `SELECT state, version, recorded_at, position FROM ledger_entries
             WHERE stream_id = ? AND recorded_at <= ? ORDER BY version DESC LIMIT 1`,
          )
          .get(streamId, asOf)
      : db
          .prepare(
            `SELECT state, version, recorded_at, position FROM ledger_entries
             WHERE stream_id = ? ORDER BY version DESC LIMIT 1`,
          )
          .get(streamId)
  ) as { state: string | null; version: number; recorded_at: string; position: number } | undefined;
  if (!row?.state) return undefined;
  return {
    state: JSON.parse(row.state) as JsonObject,
    version: row.version,
    recordedAt: row.recorded_at,
    position: BigInt(row.position),
  };
}

/** A record's whole state right after its `version`-th event: what a retried command first left. */
export function recordStateAtVersion(
  db: DatabaseSync,
  streamId: string,
  version: number,
): JsonObject | undefined {
  const row = db
    .prepare('SELECT state FROM ledger_entries WHERE stream_id = ? AND version = ?')
    .get(streamId, version) as { state: string | null } | undefined;
  return row?.state ? (JSON.parse(row.state) as JsonObject) : undefined;
}

/** The entry an append produced, for mutation payloads. */
export function ledgerEntryAt(db: DatabaseSync, position: bigint): LedgerEntryRow | undefined {
  const row = db
    .prepare(`SELECT ${COLUMNS} FROM ledger_entries WHERE position = ?`)
    .get(position) as Row | undefined;
  return row ? toEntry(row) : undefined;
}
