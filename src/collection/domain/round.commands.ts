import type { CollectionFigures } from './round.figures.js';

/**
 * What users ask of a collection round (调度). The edge resolves what the pure decider cannot read:
 * which tasks the round covers and who leads each (from the tasks read model, at opening), and the
 * published figures with the ledger position they were counted at (at freezing).
 */

/** One task a round asks about, as the task stood when the round was opened. */
export type RosterTask = {
  readonly taskId: string;
  readonly number?: number | null;
  readonly title: string;
  /** The unit that must report (牵头单位). */
  readonly leadUnit: string;
  readonly deadline?: string | null;
  readonly longTerm?: boolean | null;
};

export type OpenCollectionRound = {
  readonly type: 'OpenCollectionRound';
  readonly roundId: string;
  readonly inspectionId: string;
  readonly name: string;
  /** Reports recorded after this moment are late (逾期报送). */
  readonly dueAt: string;
  readonly tasks: readonly RosterTask[];
};

export type ReportCollectionProgress = {
  readonly type: 'ReportCollectionProgress';
  readonly taskId: string;
  /** Share of the rectification done, 0 to 100 (整改进度). */
  readonly progressPercent: number;
  readonly summary: string;
};

/** A unit's second word on the same task in the same round: a correction, with a reason. */
export type CorrectCollectionReport = {
  readonly type: 'CorrectCollectionReport';
  readonly taskId: string;
  readonly progressPercent: number;
  readonly summary: string;
};

export type FreezeCollectionRound = {
  readonly type: 'FreezeCollectionRound';
  /** The ledger position the figures were counted at (decimal: positions are 64-bit). */
  readonly asOfPosition: string;
  /** The time of the ledger entry at asOfPosition: the report's "as of" and the deadline test. */
  readonly asOfTime: string;
  readonly figures: CollectionFigures;
};

export type CancelCollectionRound = { readonly type: 'CancelCollectionRound' };

export type CollectionCommand =
  | OpenCollectionRound
  | ReportCollectionProgress
  | CorrectCollectionReport
  | FreezeCollectionRound
  | CancelCollectionRound;

export type CollectionCommandType = CollectionCommand['type'];

/** The GraphQL mutation each command is sent by, for refusals a person reads. */
export const COLLECTION_MUTATION_OF: Record<CollectionCommandType, string> = {
  OpenCollectionRound: 'openCollectionRound',
  ReportCollectionProgress: 'reportCollectionProgress',
  CorrectCollectionReport: 'correctCollectionReport',
  FreezeCollectionRound: 'freezeCollectionRound',
  CancelCollectionRound: 'cancelCollectionRound',
};
