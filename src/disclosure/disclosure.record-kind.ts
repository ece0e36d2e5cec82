import type { RecordKind } from '../../projections/ledger.projection.js';
import type { DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';
import { disclosureDecider } from './disclosure.decider.js';
import type { DisclosureEvent } from './disclosure.events.js';
import type { DisclosureState } from './disclosure.state.js';

/** How the ledger keeps every state of every disclosure record (history and `asOf`). */
export const disclosureRecordKind: RecordKind = {
  kind: 'Disclosure',
  streamPrefix: disclosureDecider.streamPrefix,
  initialState: () => disclosureDecider.initialState(),
  evolve: (state: JsonObject, event: DomainEvent) =>
    disclosureDecider.evolve(state as DisclosureState, event as DisclosureEvent) as JsonObject,
};
