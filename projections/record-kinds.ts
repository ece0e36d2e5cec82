import type { RecordKind } from './ledger.projection.js';

/**
 * Records whose every state the ledger keeps: each entry is a domain's decider fold, so history and
 * `asOf` work the same way for tasks, cases and whatever comes next.
 */
export const RECORD_KINDS: readonly RecordKind[] = [];
