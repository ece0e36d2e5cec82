import type { CollectionFigures } from './round.figures.js';
import type { CollectionParty, RosterEntry } from './round.events.js';

/** null until opened; OPEN takes reports; FROZEN is reported upward; CANCELLED is void. */
export type RoundStatus = 'OPEN' | 'FROZEN' | 'CANCELLED';

export type ReportCorrection = {
  at: string;
  reason: string;
  by: CollectionParty;
  before: { progressPercent: number; summary: string };
};

/** A unit's report on one task in this round. `late` and `at` are the first report's. */
export type UnitReport = {
  unit: string;
  reportedBy: CollectionParty;
  progressPercent: number;
  summary: string;
  late: boolean;
  at: string;
  corrections: ReportCorrection[];
};

export type FrozenReport = {
  asOfPosition: string;
  asOfTime: string;
  figures: CollectionFigures;
  frozenBy: CollectionParty;
  frozenAt: string;
};

/**
 * One collection round (调度), stream `collection-<roundId>`, plain JSON: the ledger keeps every
 * past state, so who had reported by any moment is `collectionRound(id, asOf)`. The roster and the
 * reports are keyed by task id, so the ledger's field-level changes name the task that changed.
 */
export type CollectionRoundState = {
  roundId: string;
  status: RoundStatus | null;
  inspectionId: string;
  name: string;
  dueAt: string | null;
  openedAt: string | null;
  openedBy: CollectionParty | null;
  tasks: Record<string, RosterEntry & { order: number }>;
  reports: Record<string, UnitReport>;
  report: FrozenReport | null;
  cancellation: { at: string; reason: string; by: CollectionParty } | null;
};

export const initialRoundState = (): CollectionRoundState => ({
  roundId: '',
  status: null,
  inspectionId: '',
  name: '',
  dueAt: null,
  openedAt: null,
  openedBy: null,
  tasks: {},
  reports: {},
  report: null,
  cancellation: null,
});

/** The roster in the order the round listed it. */
export const rosterOf = (state: CollectionRoundState): (RosterEntry & { order: number })[] =>
  Object.values(state.tasks).sort((a, b) => a.order - b.order);
