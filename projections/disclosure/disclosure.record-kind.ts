import type { RecordKind } from '../ledger/ledger.projection.js';
import type { DomainEvent } from '../../src/common/decider.js';
import type { JsonObject } from '../../src/common/json.js';
import { disclosureDecider } from '../../src/disclosure/domain/disclosure.decider.js';
import type { DisclosureEvent } from '../../src/disclosure/domain/disclosure.events.js';
import type { DisclosureState } from '../../src/disclosure/domain/disclosure.state.js';

/** How the ledger keeps every state of every disclosure record (history and `asOf`). */
export const disclosureRecordKind: RecordKind = {
  kind: 'Disclosure',
  streamPrefix: disclosureDecider.streamPrefix,
  initialState: () => disclosureDecider.initialState(),
  evolve: (state: JsonObject, event: DomainEvent) =>
    disclosureDecider.evolve(state as DisclosureState, event as DisclosureEvent) as JsonObject,
};
