import type { LedgerQueries } from '../../projections/ledger/index.js';
import type { LedgerEntryRow, LedgerFilter } from '../../projections/ledger/ledger.queries.js';
import {
  decodePositionCursor,
  encodeCursor,
  pageSize,
  toConnection,
  type Connection,
} from './connection.js';

/**
 * Ledger entries as a connection, in ledger order: every record's `history` field reads its stream
 * through this, so a task's or a case's history pages exactly like `history(streamId:)`.
 */
export function ledgerConnection(
  ledger: LedgerQueries,
  filter: LedgerFilter,
  first?: number | null,
  after?: string | null,
): Connection<LedgerEntryRow> {
  const size = pageSize(first);
  const page = ledger.page(filter, size, decodePositionCursor('ledger', after));
  return toConnection(page.entries, page.hasNext, page.totalCount(), (e) =>
    encodeCursor('ledger', e.position),
  );
}
