import type { DatabaseSync } from 'node:sqlite';
import { bindQueries } from '../bind.js';
import { complaintSummary, complaintsPage } from './complaints.queries.js';

export { complaintsProjection } from './complaints.projection.js';

/** Complaint case lists and the summary a province publishes. */
export const complaintQueries = (db: DatabaseSync) =>
  bindQueries(db, {
    page: complaintsPage,
    summary: complaintSummary,
  });
export type ComplaintQueries = ReturnType<typeof complaintQueries>;
