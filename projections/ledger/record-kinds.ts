import type { RecordKind } from './ledger.projection.js';
import { caseRecordKind } from '../accountability/case.record-kind.js';
import { disclosureRecordKind } from '../disclosure/disclosure.record-kind.js';
import { inspectionRecordKind } from '../inspections/inspection.record-kind.js';
import { taskRecordKind } from '../tasks/task.record-kind.js';

/**
 * Records whose every state the ledger keeps: each entry is a domain's decider fold, so history and
 * `asOf` work the same way for tasks, cases and whatever comes next.
 */
export const RECORD_KINDS: readonly RecordKind[] = [
  caseRecordKind,
  taskRecordKind,
  inspectionRecordKind,
  disclosureRecordKind,
];
