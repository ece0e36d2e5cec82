import type { DatabaseSync } from 'node:sqlite';
import type { CaseState } from '../../src/accountability/domain/case.state.js';
import { whereBuilder, type Where } from '../sql-where.js';
import { inspectionInProvinceSql } from '../national/scope-sql.js';

export interface CaseFilter {
  readonly inspectionId?: string | null;
  readonly status?: string | null;
  readonly investigatingBody?: string | null;
  /** Cases with at least one person of this rank. */
  readonly rank?: string | null;
  /** Cases with at least one sanction of this kind that is not withdrawn. */
  readonly sanctionKind?: string | null;
  /** The caller's province (region scoping; never client input): its inspections' records only. */
  readonly scopeProvince?: string | null;
}

export interface CaseRow {
  readonly state: CaseState;
  readonly version: number;
  readonly updatedAt: string;
  readonly openedPosition: bigint;
}

interface Row {
  opened_position: number;
  version: number;
  updated_at: string;
  state: string;
}

function where(filter: CaseFilter): Where {
  const { add, build } = whereBuilder();
  if (filter.inspectionId) add('c.inspection_id = ?', filter.inspectionId);
  if (filter.scopeProvince) add(inspectionInProvinceSql('c.inspection_id'), filter.scopeProvince);
  if (filter.status) add('c.status = ?', filter.status);
  if (filter.investigatingBody) add('c.investigating_body = ?', filter.investigatingBody);
  if (filter.rank) {
    add(
      'EXISTS (SELECT 1 FROM accountability_persons p WHERE p.case_id = c.case_id AND p.rank = ?)',
      filter.rank,
    );
  }
  if (filter.sanctionKind) {
    add(
      `EXISTS (SELECT 1 FROM accountability_sanctions s WHERE s.case_id = c.case_id
        AND s.kind = ? AND s.status <> 'WITHDRAWN')`,
      filter.sanctionKind,
    );
  }
  return build();
}

/** A page of current cases in referral order, after an exclusive opening position. */
export function casesPage(
  db: DatabaseSync,
  filter: CaseFilter,
  first: number,
  after = 0n,
): { rows: CaseRow[]; hasNext: boolean; totalCount: () => number } {
  const { sql, params } = where(filter);
  const rows = db
    .prepare(
      `SELECT c.opened_position, c.version, c.updated_at, c.state FROM accountability_cases c
       WHERE ${sql} AND c.opened_position > ? ORDER BY c.opened_position LIMIT ?`,
    )
    .all(...params, after, first + 1) as unknown as Row[];
  return {
    rows: rows.slice(0, first).map((r) => ({
      state: JSON.parse(r.state) as CaseState,
      version: r.version,
      updatedAt: r.updated_at,
      openedPosition: BigInt(r.opened_position),
    })),
    hasNext: rows.length > first,
    totalCount: () =>
      (
        db
          .prepare(`SELECT COUNT(*) AS n FROM accountability_cases c WHERE ${sql}`)
          .get(...params) as { n: number }
      ).n,
  };
}

/** Ids of every case referred under an inspection (an inspection id never changes once opened). */
export function caseIdsOfInspection(db: DatabaseSync, inspectionId: string): string[] {
  return (
    db
      .prepare(
        'SELECT case_id FROM accountability_cases WHERE inspection_id = ? ORDER BY opened_position',
      )
      .all(inspectionId) as { case_id: string }[]
  ).map((r) => r.case_id);
}
