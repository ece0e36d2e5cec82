import type { DomainEvent } from '../../common/decider.js';
import type { CollectionFigures } from './round.figures.js';

/** Who did it, as the round keeps it (the event metadata has the full actor too). */
export type CollectionParty = { id: string; name: string; organisation: string };

export type RosterEntry = {
  taskId: string;
  number: number | null;
  title: string;
  leadUnit: string;
  deadline: string | null;
  longTerm: boolean;
};

export type CollectionRoundOpened = DomainEvent<
  'CollectionRoundOpened',
  {
    roundId: string;
    inspectionId: string;
    name: string;
    dueAt: string;
    tasks: RosterEntry[];
    openedBy: CollectionParty;
    at: string;
  }
>;

export type CollectionProgressReported = DomainEvent<
  'CollectionProgressReported',
  {
    taskId: string;
    unit: string;
    reportedBy: CollectionParty;
    progressPercent: number;
    summary: string;
    /** Recorded after the round's due time. */
    late: boolean;
    at: string;
  }
>;

export type CollectionReportCorrected = DomainEvent<
  'CollectionReportCorrected',
  {
    taskId: string;
    correctedBy: CollectionParty;
    progressPercent: number;
    summary: string;
    reason: string;
    at: string;
  }
>;

export type CollectionRoundFrozen = DomainEvent<
  'CollectionRoundFrozen',
  {
    asOfPosition: string;
    asOfTime: string;
    figures: CollectionFigures;
    frozenBy: CollectionParty;
    at: string;
  }
>;

export type CollectionRoundCancelled = DomainEvent<
  'CollectionRoundCancelled',
  { reason: string; cancelledBy: CollectionParty; at: string }
>;

export type CollectionEvent =
  | CollectionRoundOpened
  | CollectionProgressReported
  | CollectionReportCorrected
  | CollectionRoundFrozen
  | CollectionRoundCancelled;
