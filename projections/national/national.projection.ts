import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { divisionName } from '../../src/common/divisions/administrative-divisions.js';
import { inspectionOfFirstEvent, registrationOf, SCOPED_PREFIXES } from './belonging.js';
import type { Projection } from '../projection.js';

/**
 * Where every record belongs, for the national roll-up and region scoping: each inspection's
 * province and round (`national_inspections`, a row per inspection), and each record's inspection
 * and province (`national_streams`, a row per stream), so a province's token is limited to its own
 * records by one key lookup. A record belongs to the inspection its first event names (an
 * announcement table to the inspection in its stream name); one that names none is the central
 * office's alone.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS national_inspections (
  inspection_id TEXT PRIMARY KEY,
  province      TEXT NOT NULL,
  province_name TEXT NOT NULL,
  region_code   TEXT NOT NULL,
  region_name   TEXT NOT NULL,
  round         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS national_inspections_by_round ON national_inspections (round, province);
CREATE TABLE IF NOT EXISTS national_streams (
  stream_id     TEXT PRIMARY KEY,
  inspection_id TEXT,
  province      TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS national_streams_by_inspection ON national_streams (inspection_id);
`;

export { SCOPED_PREFIXES } from './belonging.js';

interface Statements {
  readonly db: DatabaseSync;
  readonly inspection: StatementSync;
  readonly claim: StatementSync;
  readonly stream: StatementSync;
}

const prepare = (db: DatabaseSync): Statements => ({
  db,
  inspection: db.prepare(`INSERT OR REPLACE INTO national_inspections (inspection_id, province,
    province_name, region_code, region_name, round) VALUES (?, ?, ?, ?, ?, ?)`),
  // Records written before their inspection was registered take its province when it is.
  claim: db.prepare(
    'UPDATE national_streams SET province = ? WHERE inspection_id = ? AND province IS NULL',
  ),
  stream: db.prepare(`INSERT OR IGNORE INTO national_streams (stream_id, inspection_id, province)
    VALUES (?1, ?2, (SELECT province FROM national_inspections WHERE inspection_id = ?2))`),
});

export function nationalProjection(): Projection {
  let st: Statements | undefined;
  return {
    name: 'national',
    version: 1,
    metadataFields: [],
    filter: { streamPrefixes: SCOPED_PREFIXES },
    setup: (db) => db.exec(TABLES),
    drop: (db) => {
      st = undefined;
      db.exec('DROP TABLE IF EXISTS national_inspections; DROP TABLE IF EXISTS national_streams;');
    },
    apply(event: RecordedEvent, db: DatabaseSync) {
      // Only a stream's first event says where it belongs: every later one passes untouched.
      if (event.revision !== 0n) return;
      if (st?.db !== db) st = prepare(db);
      const r = registrationOf(event);
      if (r) {
        st.inspection.run(
          r.inspectionId,
          r.province,
          divisionName(r.province) ?? r.province,
          r.regionCode,
          r.regionName,
          r.round,
        );
        st.claim.run(r.province, r.inspectionId);
      }
      const id = inspectionOfFirstEvent(event);
      st.stream.run(event.streamId, id);
    },
  };
}
