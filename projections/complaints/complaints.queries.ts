import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  COMPLAINT_STATUSES,
  ENFORCEMENT_COUNTS,
  POLLUTION_TYPES,
  VERIFICATION_RESULTS,
  type ComplaintStatus,
  type EnforcementKey,
  type PollutionType,
  type VerificationResult,
} from '../../src/complaints/domain/complaint.catalogue.js';
import type { ComplaintState } from '../../src/complaints/domain/complaint.state.js';
import { whereBuilder, type Where } from '../sql-where.js';
import { inspectionInProvinceSql } from '../national/scope-sql.js';
import { gramsOf, KEY_SEPARATOR, STEP_SPANS } from './complaints.projection.js';

export interface ComplaintFilter {
  readonly inspectionId?: string | null;
  readonly batch?: number | null;
  readonly regionCode?: string | null;
  readonly pollutionType?: string | null;
  readonly verificationResult?: string | null;
  readonly status?: string | null;
  /** Compared with `today` (a YYYY-MM-DD China date the caller gives). */
  readonly overdueReply?: boolean | null;
  readonly keyAttention?: boolean | null;
  readonly text?: string | null;
  /** The caller's province (region scoping; never client input): its inspections' records only. */
  readonly scopeProvince?: string | null;
}

export interface ComplaintRow {
  readonly state: ComplaintState;
  readonly version: number;
  readonly updatedAt: string;
  readonly handedPosition: bigint;
}

/** A region code matches itself and, for a city or county (6 digits ending 00), what lies under it. */
function regionClause(code: string): [string, SQLInputValue[]] {
  // A range on the index rather than LIKE, which SQLite does not narrow by prefix here.
  const under = (prefix: string): [string, SQLInputValue[]] => [
    'c.region_code >= ? AND c.region_code < ?',
    [prefix, `${prefix}\u{10FFFF}`],
  ];
  if (/^\d{2}0000$/.test(code)) return under(code.slice(0, 2));
  if (/^\d{4}00$/.test(code)) return under(code.slice(0, 4));
  if (/^\d{6}$/.test(code)) return under(code);
  return ['c.region_code = ?', [code]];
}

/** At most this many of a text's pairs narrow the rows (the exact substring test checks the rest). */
const MAX_GRAMS = 4;

/**
 * A text filter: the rows whose search text holds each of (some of) the text's pairs of units
 * (`complaint_grams`), then the exact substring test over just their search texts
 * (`complaint_search`). A two-unit text is one pair, which is the test itself, so its rows and
 * count come from the index alone; so do a one-unit text's, from its own key (see searchKeysOf).
 */
function textClause(text: string, add: (clause: string, ...values: SQLInputValue[]) => void) {
  const grams = gramsOf(text);
  // The pairs at the ends and spread between them: the ends differ most between phrases.
  const picked =
    grams.length <= MAX_GRAMS
      ? grams
      : Array.from(
          { length: MAX_GRAMS },
          (_, k) => grams[Math.round((k * (grams.length - 1)) / (MAX_GRAMS - 1))],
        );
  const withPairs = picked
    .map(() => 'SELECT handed_position FROM complaint_grams WHERE gram = ?')
    .join(' INTERSECT ');
  if (text.length === 2) {
    add(`c.handed_position IN (${withPairs})`, ...picked);
    return;
  }
  if (!picked.length) {
    // One unit: its own key in the index holds exactly the texts that contain it.
    add('c.handed_position IN (SELECT handed_position FROM complaint_grams WHERE gram = ?)', text);
    return;
  }
  // Both sides are lower case already, so a plain substring test is the check (half LIKE's cost).
  const contains = 'SELECT handed_position FROM complaint_search WHERE instr(search, ?) > 0';
  add(`c.handed_position IN (${contains} AND handed_position IN (${withPairs}))`, text, ...picked);
}

function where(filter: ComplaintFilter, today: string): Where {
  const { add, build } = whereBuilder();
  if (filter.inspectionId) add('c.inspection_id = ?', filter.inspectionId);
  if (filter.scopeProvince) add(inspectionInProvinceSql('c.inspection_id'), filter.scopeProvince);
  if (filter.batch != null) add('c.batch = ?', filter.batch);
  if (filter.regionCode) {
    const [clause, params] = regionClause(filter.regionCode);
    add(clause, ...params);
  }
  if (filter.pollutionType) {
    add(
      'c.handed_position IN (SELECT handed_position FROM complaint_types WHERE type = ?)',
      filter.pollutionType,
    );
  }
  if (filter.verificationResult) add('c.verification = ?', filter.verificationResult);
  if (filter.status) add('c.status = ?', filter.status);
  if (filter.overdueReply === true) add('c.replied = 0 AND c.reply_due_on < ?', today);
  if (filter.overdueReply === false) add('NOT (c.replied = 0 AND c.reply_due_on < ?)', today);
  if (filter.keyAttention != null) add('c.key_attention = ?', filter.keyAttention ? 1 : 0);
  if (filter.text?.trim()) textClause(filter.text.trim().toLowerCase(), add);
  return build();
}

interface Row {
  handed_position: number;
  version: number;
  updated_at: string;
  state: string;
}

/** A page of current complaint cases in handover order, after an exclusive handover position. */
export function complaintsPage(
  db: DatabaseSync,
  filter: ComplaintFilter,
  today: string,
  first: number,
  after = 0n,
): { rows: ComplaintRow[]; hasNext: boolean; totalCount: () => number } {
  const { sql, params } = where(filter, today);
  const rows = db
    .prepare(
      `SELECT c.handed_position, c.version, c.updated_at, c.state FROM complaint_cases c
       WHERE ${sql} AND c.handed_position > ? ORDER BY c.handed_position LIMIT ?`,
    )
    .all(...params, after, first + 1) as unknown as Row[];
  return {
    rows: rows.slice(0, first).map((r) => ({
      state: JSON.parse(r.state) as ComplaintState,
      version: r.version,
      updatedAt: r.updated_at,
      handedPosition: BigInt(r.handed_position),
    })),
    hasNext: rows.length > first,
    totalCount: () =>
      (
        db.prepare(`SELECT COUNT(*) AS n FROM complaint_cases c WHERE ${sql}`).get(...params) as {
          n: number;
        }
      ).n,
  };
}

export type EnforcementTotals = Record<EnforcementKey, number>;

export interface ComplaintSummary {
  handedOver: number;
  closed: number;
  closedInStages: number;
  inProgress: number;
  keyAttention: number;
  duplicates: number;
  byStatus: { status: ComplaintStatus; cases: number }[];
  byVerification: { result: VerificationResult; cases: number }[];
  byPollutionType: { pollutionType: PollutionType; cases: number }[];
  byRegion: { regionCode: string; regionName: string; cases: number; closed: number }[];
  byBatch: { batch: number; cases: number; closed: number; closedInStages: number }[];
  enforcement: EnforcementTotals;
}

const TOTALS_SQL = [
  'COUNT(*) AS cases',
  'SUM(key_attention) AS key_attention',
  'SUM(duplicate) AS duplicates',
  ...COMPLAINT_STATUSES.map((s) => `SUM(status = '${s}') AS "status_${s}"`),
  ...VERIFICATION_RESULTS.map((r) => `SUM(verification = '${r}') AS "result_${r}"`),
  ...POLLUTION_TYPES.map((t) => `SUM(instr(types, '|${t}|') > 0) AS "type_${t}"`),
  ...ENFORCEMENT_COUNTS.map((c) => `TOTAL(${c.key}) AS "${c.key}"`),
].join(', ');

/** The inspections of a summary: its one parameter is a JSON array of their ids. */
const INSPECTIONS = 'SELECT value FROM json_each(?)';

/**
 * The figures a province publishes, from the totals the projection keeps per inspection: now, the
 * running totals (a few hundred keys read by primary key); as of a moment, the changes of totals
 * recorded up to it, summed over bounded ranges of time buckets (STEP_SPANS). Both are the sums of
 * each case's contributions (`contributionsOf`), so they equal the sums of the individual records
 * (`complaintCase(id, asOf)`); the e2e tests hold both paths to the records.
 */
export function complaintSummary(
  db: DatabaseSync,
  inspections: string | readonly string[],
  asOf?: string,
): ComplaintSummary {
  // One inspection or several (a roll-up): the same sums over all their cases.
  const ids = JSON.stringify(typeof inspections === 'string' ? [inspections] : inspections);
  if (!asOf) {
    return summaryOfTotals(
      db
        .prepare(
          `SELECT key, SUM(value) AS value FROM complaint_totals
           WHERE inspection_id IN (${INSPECTIONS}) GROUP BY key ORDER BY key`,
        )
        .all(ids) as { key: string; value: number }[],
    );
  }
  const { sql, params } = stepsUpTo(asOf);
  return summaryOfTotals(
    db
      .prepare(`SELECT key, SUM(delta) AS value FROM (${sql}) GROUP BY key ORDER BY key`)
      .all(...params.flatMap((p) => [ids, ...p])) as { key: string; value: number }[],
  );
}

/**
 * The buckets holding every change recorded up to `asOf` (an ISO time, as the recorded times): the
 * months before its month, the days of its month before its day, and so on down to the exact
 * times of its second up to it. Each is one range of the primary key.
 */
function stepsUpTo(asOf: string): { sql: string; params: string[][] } {
  const parts: string[] = [];
  const params: string[][] = [];
  STEP_SPANS.forEach((span, level) => {
    const select = `SELECT key, delta FROM complaint_total_steps
      WHERE inspection_id IN (${INSPECTIONS}) AND span = ${span}`;
    if (level === 0) {
      parts.push(`${select} AND bucket < ?`);
      params.push([asOf.slice(0, span)]);
    } else {
      const last = level === STEP_SPANS.length - 1;
      parts.push(`${select} AND bucket >= ? AND bucket ${last ? '<=' : '<'} ?`);
      params.push([asOf.slice(0, STEP_SPANS[level - 1]), asOf.slice(0, span)]);
    }
  });
  return { sql: parts.join(' UNION ALL '), params };
}

/** A summary from totals by key (`contributionsOf`'s keys), the running ones or those as of a moment. */
function summaryOfTotals(rows: { key: string; value: number }[]): ComplaintSummary {
  const totals = new Map(rows.map((r) => [r.key, r.value]));
  const n = (key: string) => totals.get(key) ?? 0;
  const regions = rows
    .filter((r) => r.key.startsWith('region:') && r.value > 0)
    .map((r) => {
      const rest = r.key.slice('region:'.length);
      const at = rest.indexOf(KEY_SEPARATOR);
      return { code: rest.slice(0, at), name: rest.slice(at + 1), rest, cases: r.value };
    })
    .sort((a, b) => (a.code === b.code ? cmp(a.name, b.name) : cmp(a.code, b.code)));
  const batches = rows
    .filter((r) => r.key.startsWith('batch:') && r.value > 0)
    .map((r) => Number(r.key.slice('batch:'.length)))
    .sort((a, b) => a - b);
  const closed = n('status:CLOSED');
  const closedInStages = n('status:CLOSED_IN_STAGES');
  return {
    handedOver: n('cases'),
    closed,
    closedInStages,
    inProgress: n('cases') - closed - closedInStages,
    keyAttention: n('keyAttention'),
    duplicates: n('duplicates'),
    byStatus: COMPLAINT_STATUSES.map((status) => ({ status, cases: n(`status:${status}`) })),
    byVerification: VERIFICATION_RESULTS.map((result) => ({
      result,
      cases: n(`result:${result}`),
    })),
    byPollutionType: POLLUTION_TYPES.map((pollutionType) => ({
      pollutionType,
      cases: n(`type:${pollutionType}`),
    })),
    byRegion: regions.map((r) => ({
      regionCode: r.code,
      regionName: r.name,
      cases: r.cases,
      closed: n(`regionClosed:${r.rest}`),
    })),
    byBatch: batches.map((batch) => ({
      batch,
      cases: n(`batch:${batch}`),
      closed: n(`batchClosed:${batch}`),
      closedInStages: n(`batchStages:${batch}`),
    })),
    enforcement: Object.fromEntries(
      ENFORCEMENT_COUNTS.map((c) => [c.key, n(`enforcement:${c.key}`)]),
    ) as EnforcementTotals,
  };
}

/** SQLite's own order for text (BINARY: by code unit for these ASCII codes, UTF-8 for names). */
const cmp = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Rows of figures (FIGURE_COLUMNS) to sum: a table, and which of its rows. */
export interface FigureSource {
  readonly from: string;
  readonly where: string;
  readonly params: SQLInputValue[];
}

/**
 * The one aggregation: the API's summaries (current table, history of figures) and the published
 * summary document (a snapshot's states) all sum their rows here.
 */
export function summariseFigures(db: DatabaseSync, source: FigureSource): ComplaintSummary {
  const totals = db
    .prepare(`SELECT ${TOTALS_SQL} FROM ${source.from} WHERE ${source.where}`)
    .get(...source.params) as Record<string, number | null>;
  const n = (key: string) => Number(totals[key] ?? 0);
  const byRegion = db
    .prepare(
      `SELECT region_code, region_name, COUNT(*) AS cases, SUM(status = 'CLOSED') AS closed
       FROM ${source.from} WHERE ${source.where} GROUP BY region_code, region_name
       ORDER BY region_code, region_name`,
    )
    .all(...source.params) as {
    region_code: string;
    region_name: string;
    cases: number;
    closed: number;
  }[];
  const byBatch = db
    .prepare(
      `SELECT batch, COUNT(*) AS cases, SUM(status = 'CLOSED') AS closed,
         SUM(status = 'CLOSED_IN_STAGES') AS closed_in_stages
       FROM ${source.from} WHERE ${source.where} GROUP BY batch ORDER BY batch`,
    )
    .all(...source.params) as {
    batch: number;
    cases: number;
    closed: number;
    closed_in_stages: number;
  }[];
  const closed = n('status_CLOSED');
  const closedInStages = n('status_CLOSED_IN_STAGES');
  return {
    handedOver: n('cases'),
    closed,
    closedInStages,
    inProgress: n('cases') - closed - closedInStages,
    keyAttention: n('key_attention'),
    duplicates: n('duplicates'),
    byStatus: COMPLAINT_STATUSES.map((status) => ({ status, cases: n(`status_${status}`) })),
    byVerification: VERIFICATION_RESULTS.map((result) => ({
      result,
      cases: n(`result_${result}`),
    })),
    byPollutionType: POLLUTION_TYPES.map((pollutionType) => ({
      pollutionType,
      cases: n(`type_${pollutionType}`),
    })),
    byRegion: byRegion.map((r) => ({
      regionCode: r.region_code,
      regionName: r.region_name,
      cases: r.cases,
      closed: r.closed,
    })),
    byBatch: byBatch.map((b) => ({
      batch: b.batch,
      cases: b.cases,
      closed: b.closed,
      closedInStages: b.closed_in_stages,
    })),
    enforcement: Object.fromEntries(
      ENFORCEMENT_COUNTS.map((c) => [c.key, n(c.key)]),
    ) as EnforcementTotals,
  };
}

/**
 * The complaint ids (not streams) of an inspection, or of one batch of it, in handover order (or
 * `orderBy`, columns of complaint_cases): an inspection and a batch never change once handed over,
 * so an export at any earlier snapshot reads just these records.
 */
export function complaintIdsOf(
  db: DatabaseSync,
  inspectionId: string,
  batch?: number,
  orderBy: 'handed_position' | 'tracking_number, complaint_id' = 'handed_position',
): string[] {
  const rows =
    batch === undefined
      ? db
          .prepare(
            `SELECT complaint_id FROM complaint_cases WHERE inspection_id = ? ORDER BY ${orderBy}`,
          )
          .all(inspectionId)
      : db
          .prepare(
            `SELECT complaint_id FROM complaint_cases WHERE inspection_id = ? AND batch = ?
             ORDER BY ${orderBy}`,
          )
          .all(inspectionId, batch);
  return (rows as { complaint_id: string }[]).map((r) => r.complaint_id);
}
