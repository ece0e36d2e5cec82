import type { DomainEvent } from '../../common/decider.js';
import type { InspectionState, SpotCheckDraw } from './inspection.state.js';

/** What registering records: the round as the notice gives it, and when it was registered. */
export type InspectionRegisteredData = Omit<
  InspectionState,
  'registered' | 'registeredAt' | 'spotCheckDraws'
> & { at: string };

export type InspectionEvent =
  | DomainEvent<'InspectionRegistered', InspectionRegisteredData>
  | DomainEvent<'SpotChecksDrawn', SpotCheckDraw>;
