import { recordKindOf } from '../ledger/ledger.projection.js';
import { complaintDecider } from '../../src/complaints/domain/complaint.decider.js';

/** How the ledger keeps every state of every complaint case (history and `asOf`). */
export const complaintRecordKind = recordKindOf('ComplaintCase', complaintDecider);
