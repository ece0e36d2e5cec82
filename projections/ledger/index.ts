import type { DatabaseSync } from 'node:sqlite';
import { bindQueries } from '../bind.js';
import {
  ledgerEntryAt,
  ledgerPage,
  recordStateAsOf,
  recordStateAtVersion,
} from './ledger.queries.js';

export { ledgerProjection } from './ledger.projection.js';

/** The global audit log: pages, one entry, and any record's state at a time or version. */
export const ledgerQueries = (db: DatabaseSync) =>
  bindQueries(db, {
    page: ledgerPage,
    entryAt: ledgerEntryAt,
    stateAsOf: recordStateAsOf,
    stateAtVersion: recordStateAtVersion,
  });
export type LedgerQueries = ReturnType<typeof ledgerQueries>;
