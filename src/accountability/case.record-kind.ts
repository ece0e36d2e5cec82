import { recordKindOf } from '../../projections/ledger.projection.js';
import { caseDecider } from './case.decider.js';

/** How the ledger keeps every state of every accountability case (history and `asOf`). */
export const caseRecordKind = recordKindOf('AccountabilityCase', caseDecider);
