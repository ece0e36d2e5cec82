import { recordKindOf } from '../../projections/ledger.projection.js';
import { inspectionDecider } from './inspection.decider.js';

/** How the ledger keeps every state of every inspection round. */
export const inspectionRecordKind = recordKindOf('Inspection', inspectionDecider);
