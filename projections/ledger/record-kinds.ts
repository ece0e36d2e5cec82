import type { JsonObject } from '../../src/common/json.js';
import { fieldChanges, type FieldChange } from './field-changes.js';
import type { RecordKind } from './ledger.projection.js';
import { announcementRecordKind, caseRecordKind } from '../accountability/case.record-kind.js';
import { collectionRecordKind } from '../collection/collection.record-kind.js';
import { complaintRecordKind } from '../complaints/complaint.record-kind.js';
import { disclosureRecordKind } from '../disclosure/disclosure.record-kind.js';
import { inspectionRecordKind } from '../inspections/inspection.record-kind.js';
import { taskRecordKind } from '../tasks/task.record-kind.js';

/**
 * Records whose every state the ledger keeps: each entry is a domain's decider fold, so history and
 * `asOf` work the same way for tasks, cases and whatever comes next.
 */
export const RECORD_KINDS: readonly RecordKind[] = [
  caseRecordKind,
  announcementRecordKind,
  taskRecordKind,
  inspectionRecordKind,
  disclosureRecordKind,
  collectionRecordKind,
  complaintRecordKind,
];

/** The field-level changes between two states of a record, as the ledger records them. */
export function recordChanges(
  streamId: string,
  before: JsonObject,
  after: JsonObject,
): FieldChange[] {
  const kind = RECORD_KINDS.find((k) => streamId.startsWith(k.streamPrefix));
  return fieldChanges(before, after, '', kind?.windows);
}
