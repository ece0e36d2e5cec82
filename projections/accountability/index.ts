import type { DatabaseSync } from 'node:sqlite';
import { bindQueries } from '../bind.js';
import {
  accountabilitySummary,
  announcementTableAsOf,
  caseStatesAsOf,
} from './accountability-summary.queries.js';
import { caseIdsOfInspection, casesPage } from './cases.queries.js';

export { casesProjection } from './cases.projection.js';

/** Case lists and the accountability summary as announcements count it. */
export const caseQueries = (db: DatabaseSync) =>
  bindQueries(db, {
    page: casesPage,
    idsOfInspection: caseIdsOfInspection,
    statesAsOf: caseStatesAsOf,
    summary: accountabilitySummary,
    announcementTable: announcementTableAsOf,
  });
export type CaseQueries = ReturnType<typeof caseQueries>;
