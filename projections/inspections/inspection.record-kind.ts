import { recordKindOf } from '../ledger/ledger.projection.js';
import { inspectionDecider } from '../../src/inspections/domain/inspection.decider.js';

/** How the ledger keeps every state of every inspection round. */
export const inspectionRecordKind = recordKindOf('Inspection', inspectionDecider);
