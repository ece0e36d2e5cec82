import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Decider, DomainEvent } from '../../src/common/decider.js';
import type { JsonObject } from '../../src/common/json.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { packId } from './ledger-codec.js';
import { DROP_PROVINCE_TABLES, ledgerProvinces, PROVINCE_TABLES } from './ledger-provinces.js';
import type { Projection } from '../projection.js';
import { packJson, unpackJson } from '../packed-json.js';
import { nameNumbers, nameTableSql } from '../name-numbers.js';

/** A kind of record whose every state the ledger answers (tasks, cases, ...): its decider's fold. */
export interface RecordKind {
  readonly kind: string;
  readonly streamPrefix: string;
  /** List fields that keep only the latest items (their changes show just what was added). */
  readonly windows?: ReadonlySet<string>;
  initialState(): JsonObject;
  evolve(state: JsonObject, event: DomainEvent): JsonObject;
}

/** A domain's decider as a record kind: the ledger folds its streams with the decider's evolve. */
export const recordKindOf = <S extends JsonObject, C, E extends DomainEvent>(
  kind: string,
  decider: Decider<S, C, E>,
  windows: readonly (keyof S & string)[] = [],
): RecordKind => ({
  kind,
  streamPrefix: decider.streamPrefix,
  windows: new Set(windows),
  initialState: () => decider.initialState(),
  // The ledger picks the kind by stream prefix, so states and events here are this decider's own.
  evolve: (state, event) => decider.evolve(state as S, event as E),
});

export const kindOf = (kinds: readonly RecordKind[], streamId: string): RecordKind | undefined =>
  kinds.find((k) => streamId.startsWith(k.streamPrefix));

/**
 * A full state is kept every CHECKPOINT_EVERY versions of a record's stream and nowhere else: any
 * state (the latest too) is the nearest checkpoint at or before it folded forward with the decider's
 * evolve over at most CHECKPOINT_EVERY - 1 events, read from the entries' `data`; an entry's field
 * changes are the difference of the states either side of it, computed when read.
 */
export const CHECKPOINT_EVERY = 16;

/**
 * Actors, organisations, roles and event types repeat on every entry; each is kept once in
 * `ledger_names` and the entries and their indexes hold its number.
 */
const TABLES = `
${nameTableSql('ledger_names')}
CREATE TABLE IF NOT EXISTS ledger_entries (
  position       INTEGER PRIMARY KEY,
  stream_id      TEXT NOT NULL,
  version        INTEGER NOT NULL,
  event_id       BLOB NOT NULL,
  type           INTEGER NOT NULL,
  recorded_at    TEXT NOT NULL,
  actor_id       INTEGER NOT NULL,
  actor_name     INTEGER NOT NULL,
  actor_role     INTEGER NOT NULL,
  actor_org      INTEGER NOT NULL,
  command_id     BLOB NOT NULL,
  -- NULL when the same as command_id (a command's own correlation and cause)
  correlation_id BLOB,
  causation_id   BLOB,
  reason         TEXT,
  data           TEXT NOT NULL,
  checkpoint     BLOB,
  hash           BLOB NOT NULL,
  prev_hash      BLOB NOT NULL,
  -- the record's province (ledger-provinces.ts), NULL for none
  province       INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS ledger_by_stream ON ledger_entries (stream_id, version);
CREATE INDEX IF NOT EXISTS ledger_by_type ON ledger_entries (type, position);
CREATE INDEX IF NOT EXISTS ledger_by_actor ON ledger_entries (actor_id, position);
CREATE INDEX IF NOT EXISTS ledger_by_org ON ledger_entries (actor_org, position);
CREATE INDEX IF NOT EXISTS ledger_by_time ON ledger_entries (recorded_at, position);
`;

/** A checkpoint's bytes: the state's JSON, deflated (it is read at most once per asOf answer). */
export const packState = packJson;
export const unpackState = unpackJson;

interface FoldStatements {
  checkpoint: StatementSync;
  entries: StatementSync;
}

const foldStatements = new WeakMap<DatabaseSync, FoldStatements>();

/** An event of a record's stream as a fold reads it. */
export interface FoldEvent {
  readonly type: string;
  readonly data: JsonObject;
}

/** The version of the checkpoint a fold to `from` starts at (0: the initial state). */
export const checkpointBase = (from: number): number => from - (from % CHECKPOINT_EVERY);

/**
 * The fold both single records and ledger pages use: the states after each of versions
 * `from`..`to` (index 0 is `from`), from the checkpoint at or before `from` (`checkpointAt`) forward
 * over each later version's event (`eventAt`). Undefined when one of them is missing.
 */
export function foldVersions(
  kind: RecordKind,
  from: number,
  to: number,
  checkpointAt: (version: number) => Uint8Array | null | undefined,
  eventAt: (version: number) => FoldEvent | undefined,
): JsonObject[] | undefined {
  const base = checkpointBase(from);
  let state: JsonObject;
  if (base === 0) state = kind.initialState();
  else {
    const checkpoint = checkpointAt(base);
    if (!checkpoint) return undefined;
    state = unpackState(checkpoint);
  }
  const states: JsonObject[] = base === from ? [state] : [];
  for (let v = base + 1; v <= to; v++) {
    const event = eventAt(v);
    if (!event) return undefined;
    state = kind.evolve(state, event);
    if (v >= from) states.push(state);
  }
  return states.length === to - from + 1 ? states : undefined;
}

/**
 * The states of a record's stream after each of versions `from`..`to` (index 0 is `from`), folded
 * from the checkpoint at or before `from` over at most CHECKPOINT_EVERY - 1 + (to - from) entries.
 * `from` may be 0 (the initial state). Undefined when an entry or the checkpoint is missing.
 */
export function foldStates(
  db: DatabaseSync,
  kind: RecordKind,
  streamId: string,
  from: number,
  to: number,
): JsonObject[] | undefined {
  let st = foldStatements.get(db);
  if (!st) {
    st = {
      checkpoint: db.prepare(
        'SELECT checkpoint FROM ledger_entries WHERE stream_id = ? AND version = ?',
      ),
      entries: db.prepare(`SELECT e.version, n.name AS type, e.data FROM ledger_entries e
        JOIN ledger_names n ON n.id = e.type
        WHERE e.stream_id = ? AND e.version > ? AND e.version <= ?`),
    };
    foldStatements.set(db, st);
  }
  const entries = new Map(
    (
      st.entries.all(streamId, checkpointBase(from), to) as {
        version: number;
        type: string;
        data: string;
      }[]
    ).map((e) => [e.version, e]),
  );
  return foldVersions(
    kind,
    from,
    to,
    (base) =>
      (st.checkpoint.get(streamId, base) as { checkpoint: Uint8Array | null } | undefined)
        ?.checkpoint,
    (v) => {
      const e = entries.get(v);
      return e && { type: e.type, data: JSON.parse(e.data) as JsonObject };
    },
  );
}

interface Statements {
  insert: StatementSync;
}

/**
 * The audit ledger: one row per event with its actor, reason, data and hashes, and for records
 * (tasks, cases, ...) a checkpoint state every CHECKPOINT_EVERY versions, so the read model grows
 * with the events, not with the record's size times its length. History with field changes, `asOf`
 * and the global log of every domain are answered from this table, by index.
 */
export function ledgerProjection(kinds: readonly RecordKind[]): Projection {
  let statements: Statements | undefined;
  let preparedFor: DatabaseSync | undefined;
  const names = nameNumbers('ledger_names');
  const provinces = ledgerProvinces();
  const prepare = (db: DatabaseSync): Statements => {
    if (preparedFor !== db || !statements) {
      preparedFor = db;
      statements = {
        insert:
          db.prepare(`INSERT INTO ledger_entries (position, stream_id, version, event_id, type,
          recorded_at, actor_id, actor_name, actor_role, actor_org, command_id, correlation_id,
          causation_id, reason, data, checkpoint, hash, prev_hash, province)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      };
    }
    return statements;
  };
  return {
    name: 'ledger',
    // 2: lists that only grew record just their new items as changes.
    // 3: a full state only every CHECKPOINT_EVERY versions and the latest (issue 19, issue 16 item 1).
    // 4: no latest state, changes computed when read, names numbered, ids and hashes as bytes (issue 16).
    // 5: each entry's province, indexed with its position (a province's page, issue 16).
    version: 5,
    // The largest read model: rebuilt in a thread of its own beside the rest, into its own file.
    ownFile: true,
    setup: (db) => db.exec(TABLES + PROVINCE_TABLES),
    drop: (db) => {
      statements = undefined;
      names.forget();
      provinces.forget();
      db.exec(`DROP TABLE IF EXISTS ledger_entries; DROP TABLE IF EXISTS ledger_heads;
        DROP TABLE IF EXISTS ledger_names; ${DROP_PROVINCE_TABLES}`);
    },
    abortBatch: () => {
      names.forget();
      provinces.forget();
    },
    apply(event: RecordedEvent, db: DatabaseSync) {
      const st = prepare(db);
      const version = Number(event.revision) + 1;
      let checkpoint: Uint8Array | null = null;
      if (version % CHECKPOINT_EVERY === 0) {
        const kind = kindOf(kinds, event.streamId);
        const before = kind && foldStates(db, kind, event.streamId, version - 1, version - 1);
        if (kind && before) checkpoint = packState(kind.evolve(before[0], event));
      }
      const m = event.metadata;
      st.insert.run(
        event.position,
        event.streamId,
        version,
        packId(event.eventId),
        names.numberOf(db, event.type),
        m.recordedAt,
        names.numberOf(db, m.actor.id),
        names.numberOf(db, m.actor.name),
        names.numberOf(db, m.actor.role),
        names.numberOf(db, m.actor.organisation),
        packId(m.commandId),
        m.correlationId === m.commandId ? null : packId(m.correlationId),
        m.causationId === m.commandId ? null : packId(m.causationId),
        m.reason ?? null,
        JSON.stringify(event.data),
        checkpoint,
        packId(m.hash),
        packId(m.prevHash),
        provinces.of(event, db),
      );
    },
  };
}
