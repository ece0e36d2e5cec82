import type { DatabaseSync } from 'node:sqlite';
import type { CaseState } from '../../src/accountability/domain/case.state.js';
import {
  addSummaries,
  summariseCases,
  type SummaryOfSeveral,
} from '../../src/accountability/domain/case.summary.js';
import { caseIdsOfInspection } from './cases.queries.js';
import { recordStateAsOf } from '../ledger/ledger.queries.js';
import { caseDecider } from '../../src/accountability/domain/case.decider.js';
import {
  announcementDecider,
  tableInForce,
  type AnnouncementState,
} from '../../src/accountability/domain/announcement.decider.js';
import type { AnnouncementTable } from '../../src/accountability/domain/announcement.table.js';

/** The announcement table in force for an inspection at `asOf` (or now): the default when none was set. */
export function announcementTableAsOf(
  db: DatabaseSync,
  inspectionId: string,
  asOf?: string,
): { table: AnnouncementTable; isDefault: boolean; version: number; setAt: string | null } {
  const record = recordStateAsOf(db, announcementDecider.streamPrefix + inspectionId, asOf);
  const state = record?.state as AnnouncementState | undefined;
  return {
    table: tableInForce(state),
    isDefault: !state?.table,
    version: record?.version ?? 0,
    setAt: state?.setAt ?? null,
  };
}

/**
 * The states of an inspection's cases as the ledger held them at `asOf` (or now). Cases referred
 * after that moment have no state then and drop out.
 */
export function caseStatesAsOf(db: DatabaseSync, inspectionId: string, asOf?: string): CaseState[] {
  const states: CaseState[] = [];
  for (const caseId of caseIdsOfInspection(db, inspectionId)) {
    const record = recordStateAsOf(db, caseDecider.streamPrefix + caseId, asOf);
    if (record) states.push(record.state as CaseState);
  }
  return states;
}

/**
 * One code path for now and `asOf`: sum the whole case states the ledger holds for that moment, so
 * the totals always equal the sums of the individual records as `accountabilityCase(id, asOf)` shows
 * them. Several inspections (a roll-up) add up their own summaries, each under its own table
 * (addSummaries: no paragraph over several).
 */
export function accountabilitySummary(
  db: DatabaseSync,
  inspections: string | readonly string[],
  asOf?: string,
): SummaryOfSeveral {
  const ids = typeof inspections === 'string' ? [inspections] : inspections;
  return addSummaries(
    ids.map((id) =>
      summariseCases(caseStatesAsOf(db, id, asOf), announcementTableAsOf(db, id, asOf).table),
    ),
  );
}
