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

export type EntryStatus = 'REPORTED' | 'LATE' | 'PENDING' | 'MISSING';

/**
 * A task's standing in the round at time `at`: reported in time, reported late, not yet reported
 * while the round is open and not past due (PENDING), or missing (past due, frozen or cancelled).
 */
export function entryStatus(state: CollectionRoundState, taskId: string, at: string): EntryStatus {
  const report = state.reports[taskId];
  if (report) return report.late ? 'LATE' : 'REPORTED';
  const waiting = state.status === 'OPEN' && state.dueAt !== null && at <= state.dueAt;
  return waiting ? 'PENDING' : 'MISSING';
}

export type UnitSummary = {
  unit: string;
  tasks: number;
  reported: number;
  late: number;
  pending: number;
  missing: number;
};

/** Per lead unit, in the order units first appear on the roster: who to chase (催报). */
export function unitsOf(state: CollectionRoundState, at: string): UnitSummary[] {
  const units = new Map<string, UnitSummary>();
  for (const task of rosterOf(state)) {
    const u = units.get(task.leadUnit) ?? {
      unit: task.leadUnit,
      tasks: 0,
      reported: 0,
      late: 0,
      pending: 0,
      missing: 0,
    };
    u.tasks++;
    const status = entryStatus(state, task.taskId, at);
    if (status === 'REPORTED') u.reported++;
    else if (status === 'LATE') u.late++;
    else if (status === 'PENDING') u.pending++;
    else u.missing++;
    units.set(task.leadUnit, u);
  }
  return [...units.values()];
}
