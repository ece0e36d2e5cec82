import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Decider, DomainEvent } from '../../src/common/decider.js';
import type { JsonObject } from '../../src/common/json.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { fieldChanges } from './field-changes.js';
import type { Projection } from '../projection.js';

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

/**
 * A full state is kept every CHECKPOINT_EVERY versions of a record's stream (and the latest in
 * `ledger_heads`); any other state is the nearest checkpoint at or before it folded forward with the
 * decider's evolve over at most CHECKPOINT_EVERY - 1 events, read from the entries' `data`.
 */
export const CHECKPOINT_EVERY = 16;

const TABLES = `
CREATE TABLE IF NOT EXISTS ledger_entries (
  position       INTEGER PRIMARY KEY,
  stream_id      TEXT NOT NULL,
  version        INTEGER NOT NULL,
  event_id       TEXT NOT NULL,
  type           TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  actor_id       TEXT NOT NULL,
  actor_name     TEXT NOT NULL,
  actor_role     TEXT NOT NULL,
  actor_org      TEXT NOT NULL,
  command_id     TEXT NOT NULL,
  correlation_id TEXT NOT NULL,
  causation_id   TEXT NOT NULL,
  reason         TEXT,
  data           TEXT NOT NULL,
  changes        TEXT NOT NULL,
  checkpoint     BLOB,
  hash           TEXT NOT NULL,
  prev_hash      TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ledger_by_stream ON ledger_entries (stream_id, version);
CREATE INDEX IF NOT EXISTS ledger_by_type ON ledger_entries (type, position);
CREATE INDEX IF NOT EXISTS ledger_by_actor ON ledger_entries (actor_id, position);
CREATE INDEX IF NOT EXISTS ledger_by_org ON ledger_entries (actor_org, position);
CREATE INDEX IF NOT EXISTS ledger_by_time ON ledger_entries (recorded_at, position);
CREATE TABLE IF NOT EXISTS ledger_heads (
  stream_id TEXT PRIMARY KEY,
  version   INTEGER NOT NULL,
  state     TEXT NOT NULL
);
`;

/** A checkpoint's bytes: the state's JSON, deflated (it is read at most once per asOf answer). */
export const packState = (state: JsonObject): Uint8Array => deflateRawSync(JSON.stringify(state));
export const unpackState = (bytes: Uint8Array): JsonObject =>
  JSON.parse(inflateRawSync(bytes).toString('utf8')) as JsonObject;

/**
 * The audit ledger: one row per event with its actor, reason, hashes and field-level changes; for
 * records (tasks, cases), the latest state of each in `ledger_heads` and a checkpoint state every
 * CHECKPOINT_EVERY versions, so the read model grows with the events, not with the record's size
 * times its length. History, `asOf` and the global log of every domain are answered from these
 * tables, by index.
 */
export function ledgerProjection(kinds: readonly RecordKind[]): Projection {
  let statements:
    { head: StatementSync; setHead: StatementSync; insert: StatementSync } | undefined;
  let preparedFor: DatabaseSync | undefined;
  const prepare = (db: DatabaseSync) => {
    if (preparedFor !== db || !statements) {
      preparedFor = db;
      statements = {
        head: db.prepare('SELECT state FROM ledger_heads WHERE stream_id = ?'),
        setHead: db.prepare(
          `INSERT INTO ledger_heads (stream_id, version, state) VALUES (?, ?, ?)
           ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, state = excluded.state`,
        ),
        insert:
          db.prepare(`INSERT INTO ledger_entries (position, stream_id, version, event_id, type,
          recorded_at, actor_id, actor_name, actor_role, actor_org, command_id, correlation_id,
          causation_id, reason, data, changes, checkpoint, hash, prev_hash)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      };
    }
    return statements;
  };
  return {
    name: 'ledger',
    // 2: lists that only grew record just their new items as changes.
    // 3: a full state only every CHECKPOINT_EVERY versions and the latest (issue 19, issue 16 item 1).
    version: 3,
    setup: (db) => db.exec(TABLES),
    drop: (db) => {
      statements = undefined;
      db.exec('DROP TABLE IF EXISTS ledger_entries; DROP TABLE IF EXISTS ledger_heads');
    },
    apply(event: RecordedEvent, db: DatabaseSync) {
      const { head, setHead, insert } = prepare(db);
      const version = Number(event.revision) + 1;
      const kind = kinds.find((k) => event.streamId.startsWith(k.streamPrefix));
      let checkpoint: Uint8Array | null = null;
      let changes: unknown[] = [];
      if (kind) {
        const row = head.get(event.streamId) as { state: string } | undefined;
        const before = row ? (JSON.parse(row.state) as JsonObject) : kind.initialState();
        const state = kind.evolve(before, event);
        changes = fieldChanges(before, state, '', kind.windows);
        if (version % CHECKPOINT_EVERY === 0) checkpoint = packState(state);
        setHead.run(event.streamId, version, JSON.stringify(state));
      }
      const m = event.metadata;
      insert.run(
        event.position,
        event.streamId,
        version,
        event.eventId,
        event.type,
        m.recordedAt,
        m.actor.id,
        m.actor.name,
        m.actor.role,
        m.actor.organisation,
        m.commandId,
        m.correlationId,
        m.causationId,
        m.reason ?? null,
        JSON.stringify(event.data),
        JSON.stringify(changes),
        checkpoint,
        m.hash,
        m.prevHash,
      );
    },
  };
}
