import type { DatabaseSync } from 'node:sqlite';
import type { CaseState } from '../../src/accountability/domain/case.state.js';
import {
  summariseCases,
  type AccountabilitySummary,
} from '../../src/accountability/domain/case.summary.js';
import { caseIdsOfInspection } from './cases.queries.js';
import { recordStateAsOf } from '../ledger/ledger.queries.js';
import { caseDecider } from '../../src/accountability/domain/case.decider.js';

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
 * them.
 */
export function accountabilitySummary(
  db: DatabaseSync,
  inspectionId: string,
  asOf?: string,
): AccountabilitySummary {
  return summariseCases(caseStatesAsOf(db, inspectionId, asOf));
}
