import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { CaseEvent } from '../../src/accountability/domain/case.events.js';
import { evolveCase } from '../../src/accountability/domain/case.evolve.js';
import {
  initialCaseState,
  personsOf,
  sanctionsOf,
  type CaseState,
} from '../../src/accountability/domain/case.state.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Projection } from '../projection.js';
import { writeBehind } from '../write-behind.js';
import { caseDecider } from '../../src/accountability/domain/case.decider.js';
import { DROP_HELD_COUNTERS_SQL, HELD_COUNTERS_SQL } from '../national/counters.js';

const TABLES = `
CREATE TABLE IF NOT EXISTS accountability_cases (
  case_id            TEXT PRIMARY KEY,
  opened_position    INTEGER NOT NULL,
  inspection_id      TEXT NOT NULL,
  status             TEXT NOT NULL,
  investigating_body TEXT NOT NULL,
  version            INTEGER NOT NULL,
  updated_at         TEXT NOT NULL,
  state              TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS cases_by_opened ON accountability_cases (opened_position);
CREATE INDEX IF NOT EXISTS cases_by_inspection ON accountability_cases (inspection_id, opened_position);
CREATE INDEX IF NOT EXISTS cases_by_status ON accountability_cases (status, opened_position);
CREATE INDEX IF NOT EXISTS cases_by_body ON accountability_cases (investigating_body, opened_position);
CREATE TABLE IF NOT EXISTS accountability_persons (
  case_id             TEXT NOT NULL,
  person_id           TEXT NOT NULL,
  name                TEXT NOT NULL,
  rank                TEXT NOT NULL,
  organisation_type   TEXT NOT NULL,
  responsibility_type TEXT NOT NULL,
  PRIMARY KEY (case_id, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS persons_by_rank ON accountability_persons (rank, case_id);
CREATE TABLE IF NOT EXISTS accountability_sanctions (
  case_id     TEXT NOT NULL,
  sanction_id TEXT NOT NULL,
  person_id   TEXT NOT NULL,
  kind        TEXT NOT NULL,
  category    TEXT NOT NULL,
  severity    INTEGER NOT NULL,
  status      TEXT NOT NULL,
  decided_on  TEXT NOT NULL,
  PRIMARY KEY (case_id, sanction_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sanctions_by_kind ON accountability_sanctions (kind, status, case_id);
`;

interface Held {
  readonly state: CaseState;
  /** Position of the event that first made the case a row (an existing row keeps its own). */
  readonly opened?: number;
  readonly version?: number;
  readonly updatedAt?: string;
}

interface Statements {
  read: StatementSync;
  upsert: StatementSync;
  clearPersons: StatementSync;
  clearSanctions: StatementSync;
  person: StatementSync;
  sanction: StatementSync;
}

const prepare = (db: DatabaseSync): Statements => ({
  read: db.prepare('SELECT state FROM accountability_cases WHERE case_id = ?'),
  upsert: db.prepare(`INSERT INTO accountability_cases (case_id, opened_position, inspection_id,
      status, investigating_body, version, updated_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (case_id) DO UPDATE SET status = excluded.status,
      investigating_body = excluded.investigating_body, version = excluded.version,
      updated_at = excluded.updated_at, state = excluded.state`),
  clearPersons: db.prepare('DELETE FROM accountability_persons WHERE case_id = ?'),
  clearSanctions: db.prepare('DELETE FROM accountability_sanctions WHERE case_id = ?'),
  person: db.prepare(`INSERT INTO accountability_persons (case_id, person_id, name, rank,
      organisation_type, responsibility_type) VALUES (?, ?, ?, ?, ?, ?)`),
  sanction: db.prepare(`INSERT INTO accountability_sanctions (case_id, sanction_id, person_id, kind,
      category, severity, status, decided_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
});

/**
 * Current accountability cases, with their people and sanctions as rows, for `accountabilityCases`
 * filters. Folds with the case decider's own `evolve`, so a row is exactly the record's state; the
 * people and sanctions of a case are rewritten whole on each of its events (tens of rows per case).
 */
export function casesProjection(): Projection {
  let statements: Statements | undefined;
  let preparedFor: DatabaseSync | undefined;
  const prepared = (db: DatabaseSync): Statements => {
    if (preparedFor !== db || !statements) {
      statements = prepare(db);
      preparedFor = db;
    }
    return statements;
  };
  // A case's row, people and sanctions are written once per batch, from its last state in it.
  const held = writeBehind<string, Held>(
    (caseId, db) => {
      const row = prepared(db).read.get(caseId) as { state: string } | undefined;
      return row && { state: JSON.parse(row.state) as CaseState };
    },
    (caseId, { state, opened, version, updatedAt }, db) => {
      if (state.status === null || state.inspectionId === null || !version || !updatedAt) return;
      const s = prepared(db);
      s.upsert.run(
        caseId,
        opened ?? 0,
        state.inspectionId,
        state.status,
        state.investigatingBody ?? '',
        version,
        updatedAt,
        JSON.stringify(state),
      );
      s.clearPersons.run(caseId);
      s.clearSanctions.run(caseId);
      for (const p of personsOf(state)) {
        s.person.run(caseId, p.personId, p.name, p.rank, p.organisationType, p.responsibilityType);
        for (const x of sanctionsOf(p)) {
          s.sanction.run(
            caseId,
            x.sanctionId,
            p.personId,
            x.kind,
            x.category,
            x.severity,
            x.status,
            x.decidedOn,
          );
        }
      }
    },
  );
  return {
    name: 'accountability-cases',
    // Rows are written once per batch now, but they are the same rows: no rebuild needed.
    // 2: severities upcast from the completed catalogue (issue 14), rebuilt from the events.
    // 3: the national roll-up's counter of people held accountable (issue 16).
    version: 3,
    metadataFields: ['recordedAt'],
    filter: { streamPrefixes: [caseDecider.streamPrefix] },
    // The national roll-up's counter of people held accountable: triggers on the sanctions' rows.
    setup: (db) => db.exec(TABLES + HELD_COUNTERS_SQL),
    drop: (db) => {
      statements = undefined;
      held.discard();
      db.exec(`DROP TABLE IF EXISTS accountability_cases; DROP TABLE IF EXISTS accountability_persons;
        DROP TABLE IF EXISTS accountability_sanctions; ${DROP_HELD_COUNTERS_SQL}`);
    },
    endBatch: (db) => held.flush(db),
    abortBatch: () => held.discard(),
    apply(event: RecordedEvent, db: DatabaseSync) {
      const caseId = event.streamId.slice(caseDecider.streamPrefix.length);
      const before = held.get(caseId, db);
      const state = evolveCase(before?.state ?? initialCaseState(), event as unknown as CaseEvent);
      if (state.status === null || state.inspectionId === null) {
        held.set(caseId, { ...before, state });
        return;
      }
      held.set(caseId, {
        state,
        // The row's place in lists: the event that first made the case a row (kept from then on).
        opened: before?.opened ?? Number(event.position),
        version: Number(event.revision + 1n),
        updatedAt: event.metadata.recordedAt,
      });
    },
  };
}
