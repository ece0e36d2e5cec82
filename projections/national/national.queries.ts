import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { provinceCodeOf } from '../../src/common/region-scope.js';
import {
  STATUS_LABELS,
  TASK_STATUSES,
  DONE_STATUSES,
  type TaskStatus,
} from '../../src/tasks/domain/task.state.js';
import { whereBuilder } from '../sql-where.js';
import { boardCounts } from '../tasks/board.queries.js';
import { complaintSummary } from '../complaints/complaints.queries.js';
import { accountabilitySummary } from '../accountability/accountability-summary.queries.js';

/** An inspection as the roll-up knows it: its province and round. */
export interface NationalInspection {
  readonly inspectionId: string;
  readonly provinceCode: string;
  readonly provinceName: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly round: number;
}

/** Which inspections a roll-up covers: listed ones, or those of a region (its province) and a round. */
export interface InspectionSelection {
  readonly inspectionIds?: readonly string[] | null;
  /** Any division code: the inspections of its province. */
  readonly regionCode?: string | null;
  readonly round?: number | null;
}

const INSPECTION_COLUMNS = `inspection_id AS inspectionId, province AS provinceCode,
  province_name AS provinceName, region_code AS regionCode, region_name AS regionName, round`;

/** The inspections a selection names, within a read scope (a province, or null for all). */
export function selectInspections(
  db: DatabaseSync,
  selection: InspectionSelection,
  scope: string | null,
): NationalInspection[] {
  const { add, build } = whereBuilder();
  const ids = selection.inspectionIds ?? [];
  if (ids.length) add(`inspection_id IN (${ids.map(() => '?').join(', ')})`, ...ids);
  if (selection.regionCode) add('province = ?', provinceCodeOf(selection.regionCode));
  if (selection.round != null) add('round = ?', selection.round);
  if (scope !== null) add('province = ?', scope);
  const { sql, params } = build();
  return db
    .prepare(
      `SELECT ${INSPECTION_COLUMNS} FROM national_inspections WHERE ${sql}
       ORDER BY province, round, inspection_id`,
    )
    .all(...params) as unknown as NationalInspection[];
}

/** The province of an inspection, or undefined for one not registered. */
export function provinceOfInspection(db: DatabaseSync, inspectionId: string): string | undefined {
  const row = db
    .prepare('SELECT province FROM national_inspections WHERE inspection_id = ?')
    .get(inspectionId) as { province: string } | undefined;
  return row?.province;
}

/**
 * The province a record (stream) belongs to: null for a record of no (registered) inspection,
 * undefined for a stream that is no record.
 */
export function provinceOfStream(db: DatabaseSync, streamId: string): string | null | undefined {
  const row = db
    .prepare('SELECT province FROM national_streams WHERE stream_id = ?')
    .get(streamId) as { province: string | null } | undefined;
  return row ? row.province : undefined;
}

export interface TaskStatusCount {
  readonly status: TaskStatus;
  readonly label: string;
  readonly count: number;
}

/** What the roll-up counts, for a province or in total. */
export interface NationalCounts {
  inspections: number;
  tasks: number;
  done: number;
  overdue: number;
  tasksByStatus: TaskStatusCount[];
  complaints: number;
  peopleHeldAccountable: number;
}

export interface ProvinceSummary {
  readonly provinceCode: string;
  readonly provinceName: string;
  readonly counts: NationalCounts;
}

export interface NationalSummary {
  readonly round: number;
  readonly at: string;
  readonly total: NationalCounts;
  readonly provinces: ProvinceSummary[];
}

/** Raw figures per province: what both paths (counters now, records as of a moment) produce. */
interface Tally {
  name: string;
  inspections: number;
  statuses: Map<TaskStatus, number>;
  overdue: number;
  complaints: number;
  held: number;
}

const newTally = (name: string): Tally => ({
  name,
  inspections: 0,
  statuses: new Map(),
  overdue: 0,
  complaints: 0,
  held: 0,
});

function countsOf(t: Tally): NationalCounts {
  const n = (s: TaskStatus) => t.statuses.get(s) ?? 0;
  return {
    inspections: t.inspections,
    tasks: TASK_STATUSES.reduce((sum, s) => sum + n(s), 0),
    done: DONE_STATUSES.reduce((sum, s) => sum + n(s), 0),
    overdue: t.overdue,
    tasksByStatus: TASK_STATUSES.filter((s) => n(s) > 0).map((status) => ({
      status,
      label: `${STATUS_LABELS[status]} / ${status}`,
      count: n(status),
    })),
    complaints: t.complaints,
    peopleHeldAccountable: t.held,
  };
}

function summaryOf(round: number, at: string, tallies: Map<string, Tally>): NationalSummary {
  const total = newTally('');
  const provinces = [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, t]) => {
      total.inspections += t.inspections;
      for (const [s, n] of t.statuses) total.statuses.set(s, (total.statuses.get(s) ?? 0) + n);
      total.overdue += t.overdue;
      total.complaints += t.complaints;
      total.held += t.held;
      return { provinceCode: code, provinceName: t.name, counts: countsOf(t) };
    });
  return { round, at, total: countsOf(total), provinces };
}

/**
 * The national roll-up of a round (全国汇总): inspections, tasks by status, overdue, complaints and
 * people held accountable, per province and in total, within a read scope. Now (no `asOf`) it reads
 * the per-inspection counters the projections keep (counters.ts: a handful of rows per inspection,
 * whatever the number of events); as of a moment it sums each inspection's board, complaint and
 * accountability summaries as they stood then (the records' own history, slower but exact).
 */
export function nationalSummary(
  db: DatabaseSync,
  round: number,
  at: string,
  scope: string | null,
  asOf?: string,
): NationalSummary {
  if (asOf) return nationalSummaryAsOf(db, round, asOf, scope);
  const scoped = scope === null ? '' : ' AND i.province = ?';
  const params: SQLInputValue[] = scope === null ? [round] : [round, scope];
  const tallies = new Map<string, Tally>();
  const tally = (province: string) => tallies.get(province)!;
  const rows = <T>(sql: string, ...extra: SQLInputValue[]) =>
    db.prepare(sql).all(...extra, ...params) as unknown as T[];
  for (const r of rows<{ province: string; name: string; n: number }>(
    `SELECT province, MIN(province_name) AS name, COUNT(*) AS n FROM national_inspections i
     WHERE round = ?${scoped} GROUP BY province`,
  )) {
    tallies.set(r.province, { ...newTally(r.name), inspections: r.n });
  }
  for (const r of rows<{ province: string; status: TaskStatus; n: number }>(
    `SELECT i.province, c.status, SUM(c.n) AS n FROM national_inspections i
     JOIN national_task_counts c ON c.inspection_id = i.inspection_id
     WHERE i.round = ?${scoped} GROUP BY 1, 2`,
  )) {
    tally(r.province).statuses.set(r.status, r.n);
  }
  for (const r of rows<{ province: string; n: number }>(
    `SELECT i.province, SUM(d.n) AS n FROM national_inspections i
     JOIN national_open_deadlines d ON d.inspection_id = i.inspection_id AND d.deadline < ?
     WHERE i.round = ?${scoped} GROUP BY 1`,
    at,
  )) {
    tally(r.province).overdue = r.n;
  }
  for (const r of rows<{ province: string; n: number }>(
    `SELECT i.province, SUM(t.value) AS n FROM national_inspections i
     JOIN complaint_totals t ON t.inspection_id = i.inspection_id AND t.key = 'cases'
     WHERE i.round = ?${scoped} GROUP BY 1`,
  )) {
    tally(r.province).complaints = r.n;
  }
  for (const r of rows<{ province: string; n: number }>(
    `SELECT i.province, SUM(h.n) AS n FROM national_inspections i
     JOIN national_held_counts h ON h.inspection_id = i.inspection_id
     WHERE i.round = ?${scoped} GROUP BY 1`,
  )) {
    tally(r.province).held = r.n;
  }
  return summaryOf(round, at, tallies);
}

/** As of a moment: each inspection's own summaries then, added up by province. */
function nationalSummaryAsOf(
  db: DatabaseSync,
  round: number,
  asOf: string,
  scope: string | null,
): NationalSummary {
  const tallies = new Map<string, Tally>();
  for (const i of selectInspections(db, { round }, scope)) {
    if (!tallies.has(i.provinceCode)) tallies.set(i.provinceCode, newTally(i.provinceName));
    const t = tallies.get(i.provinceCode)!;
    t.inspections += 1;
    const board = boardCounts(db, i.inspectionId, 'STATUS', asOf, asOf);
    for (const g of board.groups) {
      const s = g.key as TaskStatus;
      t.statuses.set(s, (t.statuses.get(s) ?? 0) + g.total);
    }
    t.overdue += board.totals.overdue;
    t.complaints += complaintSummary(db, i.inspectionId, asOf).handedOver;
    t.held += accountabilitySummary(db, i.inspectionId, asOf).people;
  }
  return summaryOf(round, asOf, tallies);
}
