import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { ENFORCEMENT_COUNTS } from '../../src/complaints/domain/complaint.catalogue.js';
import { complaintDecider } from '../../src/complaints/domain/complaint.decider.js';
import type { ComplaintEvent } from '../../src/complaints/domain/complaint.events.js';
import { evolveComplaint } from '../../src/complaints/domain/complaint.evolve.js';
import {
  initialComplaintState,
  type ComplaintState,
} from '../../src/complaints/domain/complaint.state.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Projection } from '../projection.js';

/**
 * The columns a summary counts by, the same in the current table and in a snapshot's table (the
 * published summary), so one aggregation serves both.
 */
export const FIGURE_COLUMNS = `
  inspection_id  TEXT NOT NULL,
  batch          INTEGER NOT NULL,
  status         TEXT NOT NULL,
  verification   TEXT,
  region_code    TEXT NOT NULL,
  region_name    TEXT NOT NULL,
  types          TEXT NOT NULL,
  key_attention  INTEGER NOT NULL,
  duplicate      INTEGER NOT NULL,
  ${ENFORCEMENT_COUNTS.map((c) => `${c.key} REAL NOT NULL`).join(',\n  ')}`;

/**
 * The lengths of an ISO time's prefixes that bucket the totals' history: month, day, hour, minute,
 * second, and the whole time. A change of totals is added to one bucket at each length, so the
 * totals as of a moment are the earlier months, then the earlier days of its month, ... then the
 * exact times of its second: a few hundred bucket rows per key however long the history is.
 */
export const STEP_SPANS = [7, 10, 13, 16, 19, 24] as const;

const TABLES = `
CREATE TABLE IF NOT EXISTS complaint_cases (
  complaint_id     TEXT PRIMARY KEY,
  handed_position  INTEGER NOT NULL,
  tracking_number  TEXT NOT NULL,
  reply_due_on     TEXT NOT NULL,
  replied          INTEGER NOT NULL,
  version          INTEGER NOT NULL,
  last_position    INTEGER NOT NULL,
  updated_at       TEXT NOT NULL,
  state            TEXT NOT NULL,
  ${FIGURE_COLUMNS}
);
CREATE UNIQUE INDEX IF NOT EXISTS complaints_by_handover ON complaint_cases (handed_position);
CREATE INDEX IF NOT EXISTS complaints_by_inspection ON complaint_cases (inspection_id, handed_position);
CREATE INDEX IF NOT EXISTS complaints_by_batch ON complaint_cases (inspection_id, batch, handed_position);
CREATE INDEX IF NOT EXISTS complaints_by_status ON complaint_cases (inspection_id, status, handed_position);
CREATE INDEX IF NOT EXISTS complaints_by_verification ON complaint_cases (inspection_id, verification, handed_position);
CREATE INDEX IF NOT EXISTS complaints_by_region ON complaint_cases (inspection_id, region_code, handed_position);
-- Covers {overdueReply: false}'s count (every case of the inspection but the overdue ones).
CREATE INDEX IF NOT EXISTS complaints_by_reply_state
  ON complaint_cases (inspection_id, replied, reply_due_on, handed_position);
CREATE INDEX IF NOT EXISTS complaints_by_key_attention
  ON complaint_cases (inspection_id, key_attention, handed_position);
CREATE INDEX IF NOT EXISTS complaints_reply_open
  ON complaint_cases (inspection_id, reply_due_on, handed_position) WHERE replied = 0;
CREATE TABLE IF NOT EXISTS complaint_types (
  type            TEXT NOT NULL,
  handed_position INTEGER NOT NULL,
  PRIMARY KEY (type, handed_position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS complaint_search (
  handed_position INTEGER PRIMARY KEY,
  search          TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS complaint_grams (
  gram            TEXT NOT NULL,
  handed_position INTEGER NOT NULL,
  PRIMARY KEY (gram, handed_position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS complaint_totals (
  inspection_id TEXT NOT NULL,
  key           TEXT NOT NULL,
  value         REAL NOT NULL,
  PRIMARY KEY (inspection_id, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS complaint_total_steps (
  inspection_id TEXT NOT NULL,
  span          INTEGER NOT NULL,
  bucket        TEXT NOT NULL,
  key           TEXT NOT NULL,
  delta         REAL NOT NULL,
  PRIMARY KEY (inspection_id, span, bucket, key)
) WITHOUT ROWID;
`;

export const FIGURE_NAMES = [
  'inspection_id',
  'batch',
  'status',
  'verification',
  'region_code',
  'region_name',
  'types',
  'key_attention',
  'duplicate',
  ...ENFORCEMENT_COUNTS.map((c) => c.key),
];

export type Figures = (string | number | null)[];

/** What a summary counts of one state, in FIGURE_NAMES order. */
export function figuresOf(s: ComplaintState): Figures {
  return [
    s.inspectionId,
    s.batch,
    s.status,
    s.verification?.result ?? null,
    s.regionCode,
    s.regionName,
    `|${s.pollutionTypes.join('|')}|`,
    s.keyAttention ? 1 : 0,
    s.duplicateOf ? 1 : 0,
    ...ENFORCEMENT_COUNTS.map((c) => s.enforcement[c.key]),
  ];
}

export const searchText = (s: ComplaintState): string =>
  [
    s.trackingNumber,
    s.description,
    s.regionName,
    s.handedTo,
    s.verification?.findings,
    s.handling?.handling,
    s.handling?.accountability,
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();

/**
 * The distinct pairs of adjacent UTF-16 code units of a text: the text filter's index
 * (`complaint_grams`). A text of two or more units occurs in the search text only if each of its
 * pairs does, so the pairs narrow the rows the exact LIKE then checks.
 */
export function gramsOf(text: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 2 <= text.length; i++) out.add(text.slice(i, i + 2));
  return [...out];
}

/**
 * What `complaint_grams` holds for a search text: its pairs and its distinct single units, so that a
 * one-character search (a place's 湖 or 县) is an index look-up too, not a scan of every text.
 */
export function searchKeysOf(text: string): string[] {
  const units = new Set<string>();
  for (let i = 0; i < text.length; i++) units.add(text[i]);
  return [...units, ...gramsOf(text)];
}

interface Statements {
  read: StatementSync;
  upsert: StatementSync;
  clearTypes: StatementSync;
  type: StatementSync;
  search: StatementSync;
  clearGrams: StatementSync;
  gram: StatementSync;
  total: StatementSync;
  step: StatementSync;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const prepare = (db: DatabaseSync): Statements => ({
  read: db.prepare('SELECT state, handed_position FROM complaint_cases WHERE complaint_id = ?'),
  upsert: db.prepare(`INSERT INTO complaint_cases (complaint_id, handed_position, tracking_number,
      reply_due_on, replied, version, last_position, updated_at, state,
      ${FIGURE_NAMES.join(', ')})
    VALUES (${marks(9 + FIGURE_NAMES.length)})
    ON CONFLICT (complaint_id) DO UPDATE SET reply_due_on = excluded.reply_due_on,
      replied = excluded.replied, version = excluded.version,
      last_position = excluded.last_position,
      updated_at = excluded.updated_at, state = excluded.state,
      ${FIGURE_NAMES.map((n) => `${n} = excluded.${n}`).join(', ')}`),
  clearTypes: db.prepare('DELETE FROM complaint_types WHERE type = ? AND handed_position = ?'),
  type: db.prepare('INSERT INTO complaint_types (type, handed_position) VALUES (?, ?)'),
  search: db.prepare(`INSERT INTO complaint_search (handed_position, search) VALUES (?, ?)
    ON CONFLICT (handed_position) DO UPDATE SET search = excluded.search`),
  clearGrams: db.prepare('DELETE FROM complaint_grams WHERE gram = ? AND handed_position = ?'),
  gram: db.prepare('INSERT INTO complaint_grams (gram, handed_position) VALUES (?, ?)'),
  total: db.prepare(`INSERT INTO complaint_totals (inspection_id, key, value) VALUES (?, ?, ?)
    ON CONFLICT (inspection_id, key) DO UPDATE SET value = value + excluded.value`),
  step: db.prepare(`INSERT INTO complaint_total_steps (inspection_id, span, bucket, key, delta)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (inspection_id, span, bucket, key) DO UPDATE SET delta = delta + excluded.delta`),
});

/** Moves a case's rows in a junction table from the keys it had to the keys it has. */
function replaceKeys(
  had: readonly string[],
  has: readonly string[],
  position: number | bigint,
  clear: StatementSync,
  insert: StatementSync,
): void {
  const now = new Set(has);
  const then = new Set(had);
  for (const key of then) if (!now.has(key)) clear.run(key, position);
  for (const key of now) if (!then.has(key)) insert.run(key, position);
}

/** Separates a region's code and name inside a totals key. */
export const KEY_SEPARATOR = '|';

/**
 * What one case adds to its inspection's running totals (the summary's figures now), key by key;
 * `complaintSummary` reads them back. The same figures as FIGURE_COLUMNS, so the totals always equal
 * an aggregation of the cases' rows.
 */
export function contributionsOf(s: ComplaintState): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string, value: number) => {
    if (value) out.set(key, (out.get(key) ?? 0) + value);
  };
  const closed = s.status === 'CLOSED' ? 1 : 0;
  const stages = s.status === 'CLOSED_IN_STAGES' ? 1 : 0;
  const region = `${s.regionCode}${KEY_SEPARATOR}${s.regionName}`;
  add('cases', 1);
  add('keyAttention', s.keyAttention ? 1 : 0);
  add('duplicates', s.duplicateOf ? 1 : 0);
  add(`status:${s.status}`, 1);
  if (s.verification) add(`result:${s.verification.result}`, 1);
  for (const t of s.pollutionTypes) add(`type:${t}`, 1);
  add(`region:${region}`, 1);
  add(`regionClosed:${region}`, closed);
  add(`batch:${s.batch}`, 1);
  add(`batchClosed:${s.batch}`, closed);
  add(`batchStages:${s.batch}`, stages);
  for (const c of ENFORCEMENT_COUNTS) add(`enforcement:${c.key}`, s.enforcement[c.key]);
  return out;
}

/**
 * Current complaint cases for `complaintCases` filters; per inspection the running totals (the
 * summary now) and the history of their changes by the event's recorded time, bucketed by
 * STEP_SPANS (the summary `asOf`: the ledger's `asOf` reads the same times, so a summary as of a
 * moment equals the sum of the cases as `complaintCase(id, asOf)` shows them, whatever order the
 * times arrive in). Folds with the decider's own `evolve`.
 */
export function complaintsProjection(): Projection {
  let statements: Statements | undefined;
  let preparedFor: DatabaseSync | undefined;
  return {
    name: 'complaint-cases',
    // 2: the history of totals in time buckets replaces a row of figures per case and change.
    // 3: indexes for the type, text, key-attention and overdue-reply filters, and each case's
    // last position (an export at the head reads current states; issue 13).
    version: 4,
    metadataFields: ['recordedAt'],
    filter: { streamPrefixes: [complaintDecider.streamPrefix] },
    setup: (db) => db.exec(TABLES),
    drop: (db) => {
      statements = undefined;
      db.exec(`DROP TABLE IF EXISTS complaint_cases; DROP TABLE IF EXISTS complaint_types;
        DROP TABLE IF EXISTS complaint_figures; DROP TABLE IF EXISTS complaint_totals;
        DROP TABLE IF EXISTS complaint_total_steps;
        DROP TABLE IF EXISTS complaint_grams; DROP TABLE IF EXISTS complaint_search;`);
    },
    apply(event: RecordedEvent, db: DatabaseSync) {
      if (preparedFor !== db || !statements) {
        statements = prepare(db);
        preparedFor = db;
      }
      const s = statements;
      const id = event.streamId.slice(complaintDecider.streamPrefix.length);
      const row = s.read.get(id) as { state: string; handed_position: number } | undefined;
      const before = row ? (JSON.parse(row.state) as ComplaintState) : initialComplaintState();
      const state = evolveComplaint(before, event as unknown as ComplaintEvent);
      if (state.status === null || state.inspectionId === null) return;
      const figures = figuresOf(state);
      const search = searchText(state);
      s.upsert.run(
        id,
        event.position,
        state.trackingNumber ?? '',
        state.replyDueOn ?? '',
        state.verification ? 1 : 0,
        Number(event.revision + 1n),
        event.position,
        event.metadata.recordedAt,
        JSON.stringify(state),
        ...figures,
      );
      // The running totals move by the difference between the case's contributions after and before.
      const delta = contributionsOf(state);
      if (row)
        for (const [key, value] of contributionsOf(before))
          delta.set(key, (delta.get(key) ?? 0) - value);
      const at = event.metadata.recordedAt;
      for (const [key, value] of delta) {
        if (!value) continue;
        s.total.run(state.inspectionId, key, value);
        for (const span of STEP_SPANS)
          s.step.run(state.inspectionId, span, at.slice(0, span), key, value);
      }
      // The case's position never changes after its handover row: the junction rows key on it.
      const position = row ? row.handed_position : event.position;
      const beforeTypes = row ? before.pollutionTypes : [];
      replaceKeys(beforeTypes, state.pollutionTypes, position, s.clearTypes, s.type);
      // The search text in a narrow table of its own: the text filter checks hundreds of rows
      // without reading their states.
      const searchBefore = row ? searchText(before) : null;
      if (search !== searchBefore) {
        s.search.run(position, search);
        replaceKeys(
          searchBefore ? searchKeysOf(searchBefore) : [],
          searchKeysOf(search),
          position,
          s.clearGrams,
          s.gram,
        );
      }
    },
  };
}
