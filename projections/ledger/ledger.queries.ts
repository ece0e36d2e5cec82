import type { DatabaseSync } from 'node:sqlite';
import { prepared } from '../prepared.js';
import type { JsonObject } from '../../src/common/json.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { fieldChanges, type FieldChange } from './field-changes.js';
import { unpackId } from './ledger-codec.js';
import {
  CHECKPOINT_EVERY,
  checkpointBase,
  foldStates,
  foldVersions,
  type FoldEvent,
  kindOf,
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
  /** Numbers in ledger_names. */
  type: number;
  recorded_at: string;
  actor_id: number;
  actor_name: number;
  actor_role: number;
  actor_org: number;
  command_id: string | Uint8Array;
  correlation_id: string | Uint8Array | null;
  causation_id: string | Uint8Array | null;
  reason: string | null;
  data: string;
  hash: string | Uint8Array;
  prev_hash: string | Uint8Array;
}

/** The columns of an entry a page shows (not its checkpoint or province). */
const ENTRY_COLUMNS = `position, stream_id, version, event_id, type, recorded_at, actor_id,
  actor_name, actor_role, actor_org, command_id, correlation_id, causation_id, reason, data, hash,
  prev_hash`;

/**
 * The names the numbers `ids` stand for, in one statement: a page's entries name a few dozen
 * actors, organisations, roles and types, which five joins per entry looked up one by one.
 */
function namesOf(
  db: DatabaseSync,
  ids: readonly number[],
  into = new Map<number, string>(),
): Map<number, string> {
  const wanted = [...new Set(ids)].filter((id) => !into.has(id));
  if (wanted.length === 0) return into;
  const rows = prepared(
    db,
    'SELECT id, name FROM ledger_names WHERE id IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify(wanted)) as { id: number; name: string }[];
  for (const { id, name } of rows) into.set(id, name);
  return into;
}

const nameIn = (names: ReadonlyMap<number, string>, id: number): string => {
  const name = names.get(id);
  // Every number an entry holds was added with it: a missing one is a damaged read model.
  if (name === undefined)
    throw new Error(
      `账本读模型缺少名称 ${id}，请重建 / the ledger read model lacks name ${id}: rebuild it`,
    );
  return name;
};

/** What the entries of one page share: their changes are folded for all of them at once. */
interface Page {
  readonly db: DatabaseSync;
  readonly entries: readonly LedgerEntryRow[];
  readonly names: Map<number, string>;
  changes?: Map<number, FieldChange[]>;
}

const PAGE = Symbol('ledger page');

/**
 * An entry's `changes`, one function for every entry: a getter made per entry gave each entry a
 * hidden class of its own, kept in the old generation until a full collection (a scavenge of the
 * ledger bench then took 15 to 20 ms).
 */
function changesOfEntry(this: LedgerEntryRow & { [PAGE]: Page }): FieldChange[] {
  const page = this[PAGE];
  page.changes ??= pageChanges(page.db, page.entries, page.names);
  return page.changes.get(Number(this.position)) ?? [];
}

/**
 * Rows as entries. Field changes are not stored: they are the difference of the record's states
 * either side of the entry, folded for all the entries of a page at once the first time any of them
 * is asked for its changes (a page that does not show changes folds nothing).
 */
function toEntries(db: DatabaseSync, rows: readonly Row[]): LedgerEntryRow[] {
  const names = namesOf(
    db,
    rows.flatMap((r) => [r.type, r.actor_id, r.actor_name, r.actor_role, r.actor_org]),
  );
  const entries: LedgerEntryRow[] = [];
  const page: Page = { db, entries, names };
  for (const r of rows) {
    const command = unpackId(r.command_id);
    const entry = {
      position: BigInt(r.position),
      streamId: r.stream_id,
      version: r.version,
      eventId: unpackId(r.event_id),
      type: nameIn(names, r.type),
      recordedAt: r.recorded_at,
      actor: {
        id: nameIn(names, r.actor_id),
        name: nameIn(names, r.actor_name),
        role: nameIn(names, r.actor_role),
        organisation: nameIn(names, r.actor_org),
      },
      commandId: command,
      correlationId: r.correlation_id === null ? command : unpackId(r.correlation_id),
      causationId: r.causation_id === null ? command : unpackId(r.causation_id),
      reason: r.reason,
      data: JSON.parse(r.data) as JsonObject,
      changes: [] as FieldChange[],
      hash: unpackId(r.hash),
      prevHash: unpackId(r.prev_hash),
    };
    Object.defineProperty(entry, PAGE, { value: page });
    Object.defineProperty(entry, 'changes', { enumerable: true, get: changesOfEntry });
    entries.push(entry);
  }
  return entries;
}

/**
 * The field changes of each entry, by position. Per stream, versions closer than a checkpoint apart
 * share one fold (a history page folds at most CHECKPOINT_EVERY - 1 entries more than it shows);
 * the events a fold needs that the page does not hold, and its checkpoint, are read for the whole
 * page in one index-bound statement, so a page of the global log, with a different record on nearly
 * every entry, costs one statement, not two per record, and reads no entry twice.
 */
function pageChanges(
  db: DatabaseSync,
  entries: readonly LedgerEntryRow[],
  names: Map<number, string>,
): Map<number, FieldChange[]> {
  const out = new Map<number, FieldChange[]>();
  const byStream = new Map<string, LedgerEntryRow[]>();
  for (const e of entries) {
    const list = byStream.get(e.streamId);
    if (list) list.push(e);
    else byStream.set(e.streamId, [e]);
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
      const rows = list.slice(i, j + 1);
      // Just type and data: an evolve may spread its event, and an entry's changes are a getter.
      const onPage = new Map<number, FoldEvent>(
        rows.map((e) => [e.version, { type: e.type, data: e.data }]),
      );
      folds.push({ kind, streamId, from: list[i].version - 1, to: list[j].version, rows, onPage });
      i = j + 1;
    }
  }
  if (folds.length === 0) return out;
  const read = foldEntries(db, folds);
  namesOf(
    db,
    read.flatMap((byVersion) => [...byVersion.values()].map((e) => e[2])),
    names,
  );
  folds.forEach((fold, f) => {
    const states = statesOf(fold, read[f], names);
    for (const e of states ? fold.rows : []) {
      const v = e.version - fold.from;
      out.set(Number(e.position), fieldChanges(states![v - 1], states![v], '', fold.kind.windows));
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
  readonly rows: readonly LedgerEntryRow[];
  /** The fold's events the page holds, by version. */
  readonly onPage: ReadonlyMap<number, FoldEvent>;
}

/** A row a fold reads, as an array (`prepared` with `arrays`): about 300 a page of the global log. */
type FoldEntry = [
  fold: number,
  version: number,
  type: number,
  data: string,
  checkpoint: Uint8Array | null,
];

/**
 * The versions a fold reads from the table, as ranges: its checkpoint's (unless it starts from the
 * initial state) and every one after it up to its last that the page does not hold.
 */
function foldRanges(fold: Fold): [number, number][] {
  const base = checkpointBase(fold.from);
  const ranges: [number, number][] = [];
  for (let v = base === 0 ? 1 : base; v <= fold.to; v++) {
    if (v !== base && fold.onPage.has(v)) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === v - 1) last[1] = v;
    else ranges.push([v, v]);
  }
  return ranges;
}

/**
 * What every fold reads, by fold and version: one statement for the page, each range one range of
 * the (stream, version) index.
 */
function foldEntries(db: DatabaseSync, folds: readonly Fold[]): Map<number, FoldEntry>[] {
  const out = folds.map(() => new Map<number, FoldEntry>());
  const params = folds.flatMap((f, i) =>
    foldRanges(f).flatMap(([lo, hi]) => [i, f.streamId, lo, hi, checkpointBase(f.from)]),
  );
  if (params.length === 0) return out;
  const st = prepared(
    db,
    `WITH want(fold, stream_id, lo, hi, base) AS
      (VALUES ${Array.from({ length: params.length / 5 }, () => '(?, ?, ?, ?, ?)').join(', ')})
      SELECT w.fold, e.version, e.type, e.data,
        CASE WHEN e.version = w.base THEN e.checkpoint END AS checkpoint
      FROM want w CROSS JOIN ledger_entries e
        ON e.stream_id = w.stream_id AND e.version >= w.lo AND e.version <= w.hi`,
    { arrays: true },
  );
  for (const e of st.all(...params) as unknown as FoldEntry[]) out[e[0]].set(e[1], e);
  return out;
}

/** As foldStates, from the page and the entries read: undefined when one or the checkpoint is missing. */
const statesOf = (
  fold: Fold,
  read: ReadonlyMap<number, FoldEntry>,
  names: ReadonlyMap<number, string>,
): JsonObject[] | undefined =>
  foldVersions(
    fold.kind,
    fold.from,
    fold.to,
    (base) => read.get(base)?.[4],
    (v) => {
      const onPage = fold.onPage.get(v);
      if (onPage) return onPage;
      const e = read.get(v);
      return e && { type: nameIn(names, e[2]), data: JSON.parse(e[3]) as JsonObject };
    },
  );

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
    sql: `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE ${sql} AND position > ? ORDER BY position LIMIT ?`,
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
  const rows = prepared(db, pageSql(filter).sql).all(
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

/**
 * Several records' whole states, each right after the version asked for (undefined for a stream that
 * is not a record or a version the ledger lacks): what a page of a list shows. One statement reads
 * every fold's checkpoint and entries, as for a page of the ledger.
 */
export function recordStatesAtVersions(
  db: DatabaseSync,
  refs: readonly { readonly streamId: string; readonly version: number }[],
): (JsonObject | undefined)[] {
  const folds: (Fold | undefined)[] = refs.map(({ streamId, version }) => {
    const kind = kindOf(RECORD_KINDS, streamId);
    return kind && Number.isInteger(version) && version >= 1
      ? { kind, streamId, from: version, to: version, rows: [], onPage: new Map() }
      : undefined;
  });
  const wanted = folds.filter((f): f is Fold => !!f);
  const read = foldEntries(db, wanted);
  const names = namesOf(
    db,
    read.flatMap((byVersion) => [...byVersion.values()].map((e) => e[2])),
  );
  const states = new Map(wanted.map((fold, f) => [fold, statesOf(fold, read[f], names)?.[0]]));
  return folds.map((fold) => fold && states.get(fold));
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
  const row = prepared(db, `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE position = ?`).get(
    position,
  ) as Row | undefined;
  return row ? toEntries(db, [row])[0] : undefined;
}
