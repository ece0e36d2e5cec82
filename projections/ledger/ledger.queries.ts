import type { DatabaseSync } from 'node:sqlite';
import { prepared } from '../prepared.js';
import type { JsonObject } from '../../src/common/json.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { fieldChanges, type FieldChange } from './field-changes.js';
import { unpackId } from './ledger-codec.js';
import {
  CHECKPOINT_EVERY,
  foldStates,
  kindOf,
  unpackState,
  type RecordKind,
} from './ledger.projection.js';
import { RECORD_KINDS } from './record-kinds.js';
import { whereBuilder, type Where } from '../sql-where.js';
import { provinceKey } from './ledger-provinces.js';

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
  /** The caller's province (region scoping; never client input): its inspections' records only. */
  readonly scopeProvince?: string | null;
}

interface Row {
  position: number;
  stream_id: string;
  version: number;
  event_id: string | Uint8Array;
  type: string;
  recorded_at: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  actor_org: string;
  command_id: string | Uint8Array;
  correlation_id: string | Uint8Array | null;
  causation_id: string | Uint8Array | null;
  reason: string | null;
  data: string;
  hash: string | Uint8Array;
  prev_hash: string | Uint8Array;
}

/** The entries `inner` selects (a query over ledger_entries ending in its order and limit), named. */
const named = (inner: string): string => `SELECT e.position, e.stream_id, e.version, e.event_id,
  t.name AS type, e.recorded_at, ai.name AS actor_id, an.name AS actor_name, ar.name AS actor_role,
  ao.name AS actor_org, e.command_id, e.correlation_id, e.causation_id, e.reason, e.data, e.hash,
  e.prev_hash
  FROM (${inner}) e
  JOIN ledger_names t ON t.id = e.type JOIN ledger_names ai ON ai.id = e.actor_id
  JOIN ledger_names an ON an.id = e.actor_name JOIN ledger_names ar ON ar.id = e.actor_role
  JOIN ledger_names ao ON ao.id = e.actor_org
  ORDER BY e.position`;

/**
 * Rows as entries. Field changes are not stored: they are the difference of the record's states
 * either side of the entry, folded for all the entries of a page at once the first time any of them
 * is asked for its changes (a page that does not show changes folds nothing).
 */
function toEntries(db: DatabaseSync, rows: Row[]): LedgerEntryRow[] {
  let changes: Map<number, FieldChange[]> | undefined;
  const changesOf = (position: number): FieldChange[] =>
    (changes ??= pageChanges(db, rows)).get(position) ?? [];
  return rows.map((r) => {
    const command = unpackId(r.command_id);
    const entry = {
      position: BigInt(r.position),
      streamId: r.stream_id,
      version: r.version,
      eventId: unpackId(r.event_id),
      type: r.type,
      recordedAt: r.recorded_at,
      actor: { id: r.actor_id, name: r.actor_name, role: r.actor_role, organisation: r.actor_org },
      commandId: command,
      correlationId: r.correlation_id === null ? command : unpackId(r.correlation_id),
      causationId: r.causation_id === null ? command : unpackId(r.causation_id),
      reason: r.reason,
      data: JSON.parse(r.data) as JsonObject,
      changes: [] as FieldChange[],
      hash: unpackId(r.hash),
      prevHash: unpackId(r.prev_hash),
    };
    Object.defineProperty(entry, 'changes', {
      enumerable: true,
      get: () => changesOf(r.position),
    });
    return entry;
  });
}

/**
 * The field changes of each row, by position. Per stream, versions closer than a checkpoint apart
 * share one fold (a history page folds at most CHECKPOINT_EVERY - 1 entries more than it shows);
 * every fold of the page reads its checkpoint and its entries in one query, so a page of the global
 * log, with a different record on nearly every entry, costs one index-bound statement, not two per
 * record.
 */
function pageChanges(db: DatabaseSync, rows: Row[]): Map<number, FieldChange[]> {
  const out = new Map<number, FieldChange[]>();
  const byStream = new Map<string, Row[]>();
  for (const r of rows) {
    const list = byStream.get(r.stream_id);
    if (list) list.push(r);
    else byStream.set(r.stream_id, [r]);
  }
  const folds: Fold[] = [];
  for (const [streamId, list] of byStream) {
    const kind = kindOf(RECORD_KINDS, streamId);
    if (!kind) continue;
    list.sort((a, b) => a.version - b.version);
    let i = 0;
    while (i < list.length) {
      let j = i;
      while (j + 1 < list.length && list[j + 1].version - list[j].version <= CHECKPOINT_EVERY) j++;
      const from = list[i].version - 1;
      folds.push({ kind, streamId, from, to: list[j].version, rows: list.slice(i, j + 1) });
      i = j + 1;
    }
  }
  if (folds.length === 0) return out;
  const entries = foldEntries(db, folds);
  folds.forEach((fold, f) => {
    const states = statesOf(fold, entries[f]);
    for (const r of states ? fold.rows : []) {
      const v = r.version - fold.from;
      out.set(r.position, fieldChanges(states![v - 1], states![v], '', fold.kind.windows));
    }
  });
  return out;
}

/** One fold of a page: a record's states after versions `from`..`to`, for the page's `rows`. */
interface Fold {
  readonly kind: RecordKind;
  readonly streamId: string;
  readonly from: number;
  readonly to: number;
  readonly rows: readonly Row[];
}

interface FoldEntry {
  fold: number;
  version: number;
  type: string;
  data: string;
  checkpoint: Uint8Array | null;
}

const baseOf = (from: number): number => from - (from % CHECKPOINT_EVERY);

/**
 * The entries every fold needs, from its checkpoint's version (its state) to its last, by fold, in
 * version order: one statement for the page, each fold a range of the (stream, version) index.
 */
function foldEntries(db: DatabaseSync, folds: readonly Fold[]): FoldEntry[][] {
  const st = prepared(
    db,
    `WITH want(fold, stream_id, base, last) AS
      (VALUES ${folds.map(() => '(?, ?, ?, ?)').join(', ')})
      SELECT w.fold, e.version, n.name AS type, e.data,
        CASE WHEN e.version = w.base THEN e.checkpoint END AS checkpoint
      FROM want w CROSS JOIN ledger_entries e
        ON e.stream_id = w.stream_id AND e.version >= w.base AND e.version <= w.last
      JOIN ledger_names n ON n.id = e.type`,
  );
  const params = folds.flatMap((f, i) => [i, f.streamId, baseOf(f.from), f.to]);
  const out: FoldEntry[][] = folds.map(() => []);
  for (const e of st.iterate(...params) as Iterable<FoldEntry>) out[e.fold].push(e);
  // Sorted here rather than by SQLite's sorter: each fold's rows are few and nearly always in order.
  for (const list of out) list.sort((x, y) => x.version - y.version);
  return out;
}

/** As foldStates, from entries already read: undefined when one or the checkpoint is missing. */
function statesOf(fold: Fold, entries: readonly FoldEntry[]): JsonObject[] | undefined {
  const base = baseOf(fold.from);
  let state: JsonObject;
  let k = 0;
  if (base === 0) state = fold.kind.initialState();
  else {
    const first = entries[k++];
    if (first?.version !== base || !first.checkpoint) return undefined;
    state = unpackState(first.checkpoint);
  }
  const states: JsonObject[] = base === fold.from ? [state] : [];
  let expected = base + 1;
  for (; k < entries.length; k++) {
    const e = entries[k];
    if (e.version !== expected++) return undefined;
    state = fold.kind.evolve(state, { type: e.type, data: JSON.parse(e.data) as JsonObject });
    if (e.version >= fold.from) states.push(state);
  }
  return states.length === fold.to - fold.from + 1 ? states : undefined;
}

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

const nameId = (column: string) => `${column} = (SELECT id FROM ledger_names WHERE name = ?)`;

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
    add(
      `type IN (SELECT id FROM ledger_names WHERE name IN (${filter.types.map(() => '?').join(',')}))`,
      ...filter.types,
    );
  if (filter.actorId) add(nameId('actor_id'), filter.actorId);
  if (filter.organisation) add(nameId('actor_org'), filter.organisation);
  if (filter.from) add('recorded_at >= ?', filter.from);
  if (filter.to) add('recorded_at < ?', filter.to);
  // A range of the (province, position) index: a province's page reads just its entries. A record's,
  // an actor's or an organisation's entries are far fewer than a province's: their own index leads
  // then (`+` keeps SQLite from choosing the province's), the province checked on each.
  const narrower = !!(filter.streamId || filter.actorId || filter.organisation);
  if (filter.scopeProvince)
    add(`${narrower ? '+' : ''}province = ?`, provinceKey(filter.scopeProvince));
  return build();
}

/** A page's statement over ledger_entries; its parameters, then the position after and the limit. */
export function pageSql(filter: LedgerFilter): Where {
  const { sql, params } = where(filter);
  return {
    sql: `SELECT * FROM ledger_entries WHERE ${sql} AND position > ? ORDER BY position LIMIT ?`,
    params,
  };
}

/** A page of the global audit log in ledger order, after an exclusive position. */
export function ledgerPage(
  db: DatabaseSync,
  filter: LedgerFilter,
  first: number,
  after: bigint = 0n,
): { entries: LedgerEntryRow[]; totalCount: () => number; hasNext: boolean } {
  const { sql, params } = where(filter);
  const rows = prepared(db, named(pageSql(filter).sql)).all(
    ...params,
    after,
    first + 1,
  ) as unknown as Row[];
  return {
    entries: toEntries(db, rows.slice(0, first)),
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
 * A record's whole state right after its `version`-th event: the checkpoint at or before it folded
 * forward with the record kind's evolve over at most CHECKPOINT_EVERY - 1 entries. Undefined for a
 * stream that is not a record or a version it lacks.
 */
export function recordStateAtVersion(
  db: DatabaseSync,
  streamId: string,
  version: number,
  kinds: readonly RecordKind[] = RECORD_KINDS,
): JsonObject | undefined {
  const kind = kindOf(kinds, streamId);
  if (!kind || !Number.isInteger(version) || version < 1) return undefined;
  return foldStates(db, kind, streamId, version, version)?.[0];
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
  const row = db.prepare(named('SELECT * FROM ledger_entries WHERE position = ?')).get(position) as
    Row | undefined;
  return row ? toEntries(db, [row])[0] : undefined;
}
