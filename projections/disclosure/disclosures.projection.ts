import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { DisclosureEvent } from '../../src/disclosure/domain/disclosure.events.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Projection } from '../projection.js';
import { disclosureDecider } from '../../src/disclosure/domain/disclosure.decider.js';
import { inspectionInProvinceSql } from '../national/scope-sql.js';

/** The register of what was published: one row per disclosure, listed in the order published. */
const TABLES = `
CREATE TABLE IF NOT EXISTS disclosures (
  disclosure_id  TEXT PRIMARY KEY,
  position       INTEGER NOT NULL,
  kind           TEXT NOT NULL,
  channel        TEXT NOT NULL,
  title          TEXT NOT NULL,
  format         TEXT NOT NULL,
  inspection_id  TEXT,
  as_of_position TEXT NOT NULL,
  as_of_time     TEXT NOT NULL,
  sha256         TEXT NOT NULL,
  size           INTEGER NOT NULL,
  reference      TEXT,
  published_at   TEXT NOT NULL,
  publisher_id   TEXT NOT NULL,
  publisher_name TEXT NOT NULL,
  publisher_org  TEXT NOT NULL,
  batch          INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS disclosures_by_position ON disclosures (position);
CREATE INDEX IF NOT EXISTS disclosures_by_kind ON disclosures (kind, position);
`;

export const disclosuresProjection = (): Projection => ({
  name: 'disclosures',
  // 2: the batch of a complaint table (issue 13).
  version: 2,
  metadataFields: [],
  filter: { streamPrefixes: [disclosureDecider.streamPrefix] },
  setup: (db) => db.exec(TABLES),
  drop: (db) => db.exec('DROP TABLE IF EXISTS disclosures'),
  apply(recorded: RecordedEvent, db: DatabaseSync) {
    const event = recorded as unknown as DisclosureEvent;
    if (event.type !== 'DisclosurePublished') return;
    const d = event.data;
    db.prepare(
      `INSERT OR REPLACE INTO disclosures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      d.disclosureId,
      recorded.position,
      d.kind,
      d.channel,
      d.title,
      d.format,
      d.inspectionId,
      d.asOfPosition,
      d.asOfTime,
      d.sha256,
      d.size,
      d.reference,
      d.at,
      d.publishedBy.id,
      d.publishedBy.name,
      d.publishedBy.organisation,
      d.batch ?? null,
    );
  },
});

export interface DisclosureRow {
  readonly disclosureId: string;
  readonly position: bigint;
  readonly kind: string;
  readonly channel: string;
  readonly title: string;
  readonly format: string;
  readonly inspectionId: string | null;
  /** The handover batch of a complaint table; null for every other kind. */
  readonly batch: number | null;
  readonly asOfPosition: bigint;
  readonly asOfTime: string;
  readonly sha256: string;
  readonly size: number;
  readonly reference: string | null;
  readonly publishedAt: string;
  readonly publishedBy: { id: string; name: string; organisation: string };
}

type Raw = Record<string, string | number | null>;

const toRow = (r: Raw): DisclosureRow => ({
  disclosureId: String(r.disclosure_id),
  position: BigInt(r.position as number),
  kind: String(r.kind),
  channel: String(r.channel),
  title: String(r.title),
  format: String(r.format),
  inspectionId: (r.inspection_id as string | null) ?? null,
  batch: (r.batch as number | null) ?? null,
  asOfPosition: BigInt(r.as_of_position as string),
  asOfTime: String(r.as_of_time),
  sha256: String(r.sha256),
  size: Number(r.size),
  reference: (r.reference as string | null) ?? null,
  publishedAt: String(r.published_at),
  publishedBy: {
    id: String(r.publisher_id),
    name: String(r.publisher_name),
    organisation: String(r.publisher_org),
  },
});

export interface DisclosureFilter {
  readonly kind?: string | null;
  readonly channel?: string | null;
  readonly inspectionId?: string | null;
  /** The caller's province (region scoping; never client input): its inspections' records only. */
  readonly scopeProvince?: string | null;
}

export function disclosurePage(
  db: DatabaseSync,
  filter: DisclosureFilter,
  first: number,
  after = 0n,
): { rows: DisclosureRow[]; hasNext: boolean; totalCount: number } {
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  const add = (clause: string, value: SQLInputValue) => {
    clauses.push(clause);
    params.push(value);
  };
  if (filter.kind) add('kind = ?', filter.kind);
  if (filter.channel) add('channel = ?', filter.channel);
  if (filter.inspectionId) add('inspection_id = ?', filter.inspectionId);
  // A disclosure of no inspection is a document for everyone; one of an inspection, its province's.
  if (filter.scopeProvince) {
    add(
      `(inspection_id IS NULL OR ${inspectionInProvinceSql('inspection_id')})`,
      filter.scopeProvince,
    );
  }
  const where = clauses.length ? clauses.join(' AND ') : '1';
  const rows = db
    .prepare(`SELECT * FROM disclosures WHERE ${where} AND position > ? ORDER BY position LIMIT ?`)
    .all(...params, after, first + 1) as Raw[];
  const total = db
    .prepare(`SELECT COUNT(*) AS n FROM disclosures WHERE ${where}`)
    .get(...params) as {
    n: number;
  };
  return {
    rows: rows.slice(0, first).map(toRow),
    hasNext: rows.length > first,
    totalCount: total.n,
  };
}

export function disclosureById(db: DatabaseSync, id: string): DisclosureRow | undefined {
  const row = db.prepare('SELECT * FROM disclosures WHERE disclosure_id = ?').get(id) as
    Raw | undefined;
  return row ? toRow(row) : undefined;
}
