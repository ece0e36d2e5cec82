import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Decider, DomainEvent } from '../../src/common/decider.js';
import type { JsonObject } from '../../src/common/json.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { fieldChanges } from './field-changes.js';
import type { Projection } from '../projection.js';

/** A kind of record whose every state the ledger keeps (tasks, cases, ...): its decider's fold. */
export interface RecordKind {
  readonly kind: string;
  readonly streamPrefix: string;
  initialState(): JsonObject;
  evolve(state: JsonObject, event: DomainEvent): JsonObject;
}

/** A domain's decider as a record kind: the ledger folds its streams with the decider's evolve. */
export const recordKindOf = <S extends JsonObject, C, E extends DomainEvent>(
  kind: string,
  decider: Decider<S, C, E>,
): RecordKind => ({
  kind,
  streamPrefix: decider.streamPrefix,
  initialState: () => decider.initialState(),
  // The ledger picks the kind by stream prefix, so states and events here are this decider's own.
  evolve: (state, event) => decider.evolve(state as S, event as E),
});

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
  state          TEXT,
  hash           TEXT NOT NULL,
  prev_hash      TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ledger_by_stream ON ledger_entries (stream_id, version);
CREATE INDEX IF NOT EXISTS ledger_by_type ON ledger_entries (type, position);
CREATE INDEX IF NOT EXISTS ledger_by_actor ON ledger_entries (actor_id, position);
CREATE INDEX IF NOT EXISTS ledger_by_org ON ledger_entries (actor_org, position);
CREATE INDEX IF NOT EXISTS ledger_by_time ON ledger_entries (recorded_at, position);
`;

/**
 * The audit ledger: one row per event with its actor, reason, hashes, field-level changes and, for
 * records (tasks, cases), the whole state after it. History, `asOf` and the global log of every domain
 * are answered from this one table, by index.
 */
export function ledgerProjection(kinds: readonly RecordKind[]): Projection {
  let statements: { last: StatementSync; insert: StatementSync } | undefined;
  let preparedFor: DatabaseSync | undefined;
  const prepare = (db: DatabaseSync) => {
    if (preparedFor !== db || !statements) {
      preparedFor = db;
      statements = {
        last: db.prepare(
          'SELECT state FROM ledger_entries WHERE stream_id = ? ORDER BY version DESC LIMIT 1',
        ),
        insert:
          db.prepare(`INSERT INTO ledger_entries (position, stream_id, version, event_id, type,
          recorded_at, actor_id, actor_name, actor_role, actor_org, command_id, correlation_id,
          causation_id, reason, data, changes, state, hash, prev_hash)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      };
    }
    return statements;
  };
  return {
    name: 'ledger',
    // 2: lists that only grew record just their new items as changes.
    version: 2,
    setup: (db) => db.exec(TABLES),
    drop: (db) => {
      statements = undefined;
      db.exec('DROP TABLE IF EXISTS ledger_entries');
    },
    apply(event: RecordedEvent, db: DatabaseSync) {
      const { last, insert } = prepare(db);
      const kind = kinds.find((k) => event.streamId.startsWith(k.streamPrefix));
      let state: JsonObject | null = null;
      let changes: unknown[] = [];
      if (kind) {
        const row = last.get(event.streamId) as { state: string | null } | undefined;
        const before = row?.state ? (JSON.parse(row.state) as JsonObject) : kind.initialState();
        state = kind.evolve(before, event);
        changes = fieldChanges(before, state);
      }
      const m = event.metadata;
      insert.run(
        event.position,
        event.streamId,
        event.revision + 1n,
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
        state ? JSON.stringify(state) : null,
        m.hash,
        m.prevHash,
      );
    },
  };
}
