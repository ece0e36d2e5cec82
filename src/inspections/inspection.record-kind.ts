import type { RecordKind } from '../../projections/ledger.projection.js';
import type { DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';
import { inspectionDecider } from './inspection.decider.js';
import type { InspectionEvent } from './inspection.events.js';
import type { InspectionState } from './inspection.state.js';

/** How the ledger keeps every state of every inspection round. */
export const inspectionRecordKind: RecordKind = {
  kind: 'Inspection',
  streamPrefix: inspectionDecider.streamPrefix,
  initialState: () => inspectionDecider.initialState(),
  evolve: (state: JsonObject, event: DomainEvent) =>
    inspectionDecider.evolve(state as InspectionState, event as InspectionEvent),
};
