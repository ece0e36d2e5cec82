import type { RecordKind } from '../../projections/ledger.projection.js';
import type { DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';
import { caseDecider } from './case.decider.js';
import type { CaseEvent } from './case.events.js';
import type { CaseState } from './case.state.js';

/** How the ledger keeps every state of every accountability case (history and `asOf`). */
export const caseRecordKind: RecordKind = {
  kind: 'AccountabilityCase',
  streamPrefix: caseDecider.streamPrefix,
  initialState: () => caseDecider.initialState(),
  evolve: (state: JsonObject, event: DomainEvent) =>
    caseDecider.evolve(state as CaseState, event as CaseEvent),
};
