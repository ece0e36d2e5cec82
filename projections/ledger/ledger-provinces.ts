import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { inspectionDecider } from '../../src/inspections/domain/inspection.decider.js';
import { inspectionOfFirstEvent, isScopedStream, registrationOf } from '../national/belonging.js';

/**
 * Each ledger entry keeps its record's province, so a province's page of the global ledger is a
 * range of the (province, position) index instead of the whole ledger filtered record by record.
 * The province is kept as the first two digits of its code ('110000' as 11): one byte an entry.
 */
export const provinceKey = (province: string): number => Number(province.slice(0, 2));

/**
 * Records that named an inspection not registered yet (rare: an import, a store written out of
 * order) wait here; its registration places all their entries, as national_streams does.
 */
export const PROVINCE_TABLES = `
CREATE TABLE IF NOT EXISTS ledger_unplaced (
  inspection_id TEXT NOT NULL,
  stream_id     TEXT NOT NULL,
  PRIMARY KEY (inspection_id, stream_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ledger_by_province ON ledger_entries (province, position)
  WHERE province IS NOT NULL;
`;
export const DROP_PROVINCE_TABLES = 'DROP TABLE IF EXISTS ledger_unplaced;';

interface Statements {
  readonly db: DatabaseSync;
  readonly atVersion: StatementSync;
  readonly unplaced: StatementSync;
  readonly wait: StatementSync;
  readonly place: StatementSync;
  readonly placed: StatementSync;
}

/** Streams' provinces remembered between their events; forgotten wholesale when this many. */
const REMEMBERED = 65_536;

/**
 * The province of the record each event belongs to (its province key, or null for a record of no
 * inspection or a stream that is no record), by the national projection's rule (belonging.ts): a
 * record's first event places it, every later event takes its previous entry's province.
 */
export function ledgerProvinces() {
  let st: Statements | undefined;
  const known = new Map<string, number | null>();
  const remember = (streamId: string, key: number | null) => {
    if (known.size >= REMEMBERED) known.clear();
    known.set(streamId, key);
  };
  const prepare = (db: DatabaseSync): Statements =>
    st?.db === db
      ? st
      : (st = {
          db,
          atVersion: db.prepare(
            'SELECT province FROM ledger_entries WHERE stream_id = ? AND version = ?',
          ),
          unplaced: db.prepare('SELECT stream_id FROM ledger_unplaced WHERE inspection_id = ?'),
          wait: db.prepare(
            'INSERT OR IGNORE INTO ledger_unplaced (inspection_id, stream_id) VALUES (?, ?)',
          ),
          place: db.prepare('UPDATE ledger_entries SET province = ? WHERE stream_id = ?'),
          placed: db.prepare('DELETE FROM ledger_unplaced WHERE inspection_id = ?'),
        });
  const firstEvent = (s: Statements, event: RecordedEvent): number | null => {
    const registration = registrationOf(event);
    if (registration) {
      const key = provinceKey(registration.province);
      const waiting = s.unplaced.all(registration.inspectionId) as { stream_id: string }[];
      for (const { stream_id: streamId } of waiting) {
        s.place.run(key, streamId);
        remember(streamId, key);
      }
      if (waiting.length) s.placed.run(registration.inspectionId);
      return key;
    }
    const inspectionId = inspectionOfFirstEvent(event);
    if (inspectionId === null) return null;
    // The inspection's registration is its stream's first entry, which holds its province.
    const row = s.atVersion.get(inspectionDecider.streamPrefix + inspectionId, 1) as
      { province: number | null } | undefined;
    if (row) return row.province;
    s.wait.run(inspectionId, event.streamId);
    return null;
  };
  return {
    of(event: RecordedEvent, db: DatabaseSync): number | null {
      const { streamId } = event;
      if (!isScopedStream(streamId)) return null;
      const s = prepare(db);
      if (event.revision === 0n) {
        const key = firstEvent(s, event);
        remember(streamId, key);
        return key;
      }
      const seen = known.get(streamId);
      if (seen !== undefined) return seen;
      const row = s.atVersion.get(streamId, Number(event.revision)) as
        { province: number | null } | undefined;
      const key = row?.province ?? null;
      remember(streamId, key);
      return key;
    },
    /** A batch rolled back or the tables dropped: what was remembered may not be written. */
    forget(): void {
      known.clear();
      st = undefined;
    },
  };
}
