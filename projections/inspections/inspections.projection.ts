import type { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { InspectionEvent } from '../../src/inspections/domain/inspection.events.js';
import { inspectionDecider } from '../../src/inspections/domain/inspection.decider.js';
import type { InspectionState } from '../../src/inspections/domain/inspection.state.js';
import type { Projection } from '../projection.js';

/** Inspection rounds, for the `inspections` list (each one's history is in the ledger). */
export function inspectionsProjection(): Projection {
  return {
    name: 'inspections',
    version: 1,
    metadataFields: [],
    filter: { streamPrefixes: [inspectionDecider.streamPrefix] },
    setup: (db) =>
      db.exec(`CREATE TABLE IF NOT EXISTS inspections (
        id TEXT PRIMARY KEY, on_site_start TEXT NOT NULL, version INTEGER NOT NULL,
        state TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS inspections_by_start ON inspections (on_site_start, id);`),
    drop: (db) => db.exec('DROP TABLE IF EXISTS inspections'),
    apply(event: RecordedEvent, db: DatabaseSync) {
      const id = event.streamId.slice('inspection-'.length);
      const row = db.prepare('SELECT state FROM inspections WHERE id = ?').get(id) as
        { state: string } | undefined;
      const before = row
        ? (JSON.parse(row.state) as InspectionState)
        : inspectionDecider.initialState();
      const s = inspectionDecider.evolve(before, event as unknown as InspectionEvent);
      db.prepare(
        'INSERT OR REPLACE INTO inspections (id, on_site_start, version, state) VALUES (?, ?, ?, ?)',
      ).run(id, s.onSiteStart, Number(event.revision) + 1, JSON.stringify(s));
    },
  };
}

export function inspectionRow(
  db: DatabaseSync,
  id: string,
): { state: InspectionState; version: number } | undefined {
  const row = db.prepare('SELECT state, version FROM inspections WHERE id = ?').get(id) as
    { state: string; version: number } | undefined;
  return row && { state: JSON.parse(row.state) as InspectionState, version: row.version };
}

export function inspectionRows(db: DatabaseSync): { state: InspectionState; version: number }[] {
  const rows = db
    .prepare('SELECT state, version FROM inspections ORDER BY on_site_start DESC, id')
    .all() as { state: string; version: number }[];
  return rows.map((r) => ({ state: JSON.parse(r.state) as InspectionState, version: r.version }));
}
