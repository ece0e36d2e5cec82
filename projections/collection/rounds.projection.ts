import type { DatabaseSync } from 'node:sqlite';
import type { CollectionEvent } from '../../src/collection/domain/round.events.js';
import { collectionDecider } from '../../src/collection/domain/round.decider.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Projection } from '../projection.js';

/** The list of rounds, one row each, in the order opened; whole states come from the ledger. */
const TABLES = `
CREATE TABLE IF NOT EXISTS collection_rounds (
  round_id       TEXT PRIMARY KEY,
  position       INTEGER NOT NULL,
  inspection_id  TEXT NOT NULL,
  name           TEXT NOT NULL,
  status         TEXT NOT NULL,
  due_at         TEXT NOT NULL,
  opened_at      TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS collection_rounds_by_position ON collection_rounds (position);
CREATE INDEX IF NOT EXISTS collection_rounds_by_inspection ON collection_rounds (inspection_id, position);
`;

const STATUS_AFTER: Partial<Record<CollectionEvent['type'], string>> = {
  CollectionRoundFrozen: 'FROZEN',
  CollectionRoundCancelled: 'CANCELLED',
};

export const collectionRoundsProjection = (): Projection => ({
  name: 'collection-rounds',
  version: 1,
  metadataFields: ['recordedAt'],
  filter: { streamPrefixes: [collectionDecider.streamPrefix] },
  setup: (db) => db.exec(TABLES),
  drop: (db) => db.exec('DROP TABLE IF EXISTS collection_rounds'),
  apply(recorded: RecordedEvent, db: DatabaseSync) {
    const event = recorded as unknown as CollectionEvent;
    const roundId = recorded.streamId.slice(collectionDecider.streamPrefix.length);
    if (event.type === 'CollectionRoundOpened') {
      const d = event.data;
      db.prepare(
        `INSERT OR REPLACE INTO collection_rounds VALUES (?, ?, ?, ?, 'OPEN', ?, ?, ?)`,
      ).run(roundId, recorded.position, d.inspectionId, d.name, d.dueAt, d.at, d.at);
      return;
    }
    const status = STATUS_AFTER[event.type];
    db.prepare(
      `UPDATE collection_rounds SET status = COALESCE(?, status), updated_at = ? WHERE round_id = ?`,
    ).run(status ?? null, recorded.metadata.recordedAt, roundId);
  },
});
