import { recordKindOf } from '../ledger/ledger.projection.js';
import { caseDecider } from '../../src/accountability/domain/case.decider.js';

/** How the ledger keeps every state of every accountability case (history and `asOf`). */
export const caseRecordKind = recordKindOf('AccountabilityCase', caseDecider);
