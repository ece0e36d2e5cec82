import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { CollectionRoundState } from '../../src/collection/domain/round.state.js';
import { collectionDecider } from '../../src/collection/domain/round.decider.js';
import { recordStateAtVersion } from '../ledger/ledger.queries.js';
import { inspectionInProvinceSql } from '../national/scope-sql.js';

export interface RoundFilter {
  readonly inspectionId?: string | null;
  readonly status?: string | null;
  /** The caller's province (region scoping; never client input): its inspections' records only. */
  readonly scopeProvince?: string | null;
}

export interface RoundRow {
  readonly roundId: string;
  readonly position: bigint;
}

/** Rounds in the order opened, after an exclusive opening position. */
export function roundsPage(
  db: DatabaseSync,
  filter: RoundFilter,
  first: number,
  after = 0n,
): { rows: RoundRow[]; hasNext: boolean; totalCount: number } {
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  if (filter.inspectionId) {
    clauses.push('inspection_id = ?');
    params.push(filter.inspectionId);
  }
  if (filter.status) {
    clauses.push('status = ?');
    params.push(filter.status);
  }
  if (filter.scopeProvince) {
    clauses.push(inspectionInProvinceSql('inspection_id'));
    params.push(filter.scopeProvince);
  }
  const where = clauses.length ? clauses.join(' AND ') : '1';
  const rows = db
    .prepare(
      `SELECT round_id, position FROM collection_rounds WHERE ${where} AND position > ?
       ORDER BY position LIMIT ?`,
    )
    .all(...params, after, first + 1) as { round_id: string; position: number }[];
  const total = db
    .prepare(`SELECT COUNT(*) AS n FROM collection_rounds WHERE ${where}`)
    .get(...params) as { n: number };
  return {
    rows: rows.slice(0, first).map((r) => ({ roundId: r.round_id, position: BigInt(r.position) })),
    hasNext: rows.length > first,
    totalCount: total.n,
  };
}

/** A round as it stood at a ledger position (a document's snapshot); undefined before it opened. */
export function roundStateAt(
  db: DatabaseSync,
  roundId: string,
  position: bigint,
): { state: CollectionRoundState; version: number } | undefined {
  const streamId = collectionDecider.streamPrefix + roundId;
  const row = db
    .prepare(
      'SELECT MAX(version) AS version FROM ledger_entries WHERE stream_id = ? AND position <= ?',
    )
    .get(streamId, position) as { version: number | null } | undefined;
  if (!row?.version) return undefined;
  const state = recordStateAtVersion(db, streamId, row.version);
  return state ? { state: state as CollectionRoundState, version: row.version } : undefined;
}
