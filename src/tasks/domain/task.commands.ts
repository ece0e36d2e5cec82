import type {
  AcceptanceDecision,
  EvidenceRef,
  ReopenFinding,
  ReopenSource,
  ScheduleStatus,
  SignOffLevel,
  SpotCheckResult,
  SupervisionKind,
} from './task.state.js';

/** Commands on one task (imperative names). Inputs arrive unvalidated: decide checks them. */

export interface AssignmentInput {
  readonly leadUnit: string;
  readonly supportingUnits?: readonly string[] | null;
  /** Optional: a published list often names no leader. */
  readonly responsibleLeader?: {
    readonly name: string;
    readonly position: string;
    readonly phone?: string | null;
  } | null;
  readonly acceptanceUnit: string;
  readonly target: string;
  readonly measures: string;
  readonly deadline?: string | null;
  readonly longTerm?: boolean | null;
  /** The rest is optional: the unit registry gives the region and the tier from the lead unit. */
  readonly category?: string | null;
  readonly regionCode?: string | null;
  readonly regionName?: string | null;
  readonly signOffTier?: SignOffLevel | null;
}

/** List fields an amendment may change; the deadline changes only through AdjustDeadline. */
export const AMENDABLE_FIELDS = [
  'number',
  'title',
  'problem',
  'category',
  'regionCode',
  'regionName',
  'leadUnit',
  'supportingUnits',
  'responsibleLeader',
  'acceptanceUnit',
  'target',
  'measures',
  'longTerm',
  'signOffTier',
] as const;
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];

export type TaskCommand =
  | {
      readonly type: 'ListTask';
      readonly taskId: string;
      readonly inspectionId: string;
      readonly number?: number | null;
      readonly title: string;
      readonly problem: string;
      /** A sub-item (per city, county, site or measure) of this task. */
      readonly parentId?: string | null;
    }
  | ({ readonly type: 'AssignTask' } & AssignmentInput)
  | {
      readonly type: 'AmendTask';
      readonly changes: Partial<Record<AmendableField, unknown>>;
    }
  | {
      readonly type: 'ReportProgress';
      readonly scheduleStatus: ScheduleStatus;
      readonly summary: string;
      readonly evidence?: readonly EvidenceRef[] | null;
    }
  | {
      readonly type: 'AttachEvidence';
      readonly evidence: readonly EvidenceRef[];
      readonly note?: string | null;
    }
  | { readonly type: 'SuperviseTask'; readonly kind: SupervisionKind; readonly note: string }
  | {
      readonly type: 'AdjustDeadline';
      readonly newDeadline: string;
      readonly approver: string;
    }
  | {
      readonly type: 'RequestAcceptance';
      readonly selfCheck: string;
      readonly evidence?: readonly EvidenceRef[] | null;
    }
  | {
      readonly type: 'RecordAcceptance';
      readonly decision: AcceptanceDecision;
      readonly opinion?: string | null;
      readonly findings?: string | null;
    }
  | { readonly type: 'StartPublicNotice'; readonly start: string; readonly end: string }
  | { readonly type: 'RecordObjection'; readonly summary: string }
  | { readonly type: 'SignOff'; readonly level: SignOffLevel; readonly signer: string }
  | { readonly type: 'MarkSpotCheckDrawn'; readonly drawId: string; readonly seed: number }
  | {
      readonly type: 'RecordSpotCheck';
      readonly result: SpotCheckResult;
      readonly findings?: string | null;
    }
  /** The office waives a drawn, unrecorded spot check; the reason (meta.reason) is required. */
  | { readonly type: 'WaiveSpotCheck' }
  | {
      readonly type: 'ReopenTask';
      readonly source: ReopenSource;
      readonly finding?: ReopenFinding | null;
    }
  | { readonly type: 'ApplyDeadlineChange'; readonly newDeadline: string }
  /** `position`: the ledger position the office checked the record at (the API supplies it). */
  | { readonly type: 'ReconcileTask'; readonly position: string }
  | { readonly type: 'DecideDeadlineChange'; readonly approved: boolean; readonly approver: string }
  | { readonly type: 'FileDeadlineChange'; readonly reference: string }
  /** Sent by the roll-up workflow: a sub-item was added, closed or reopened. */
  | {
      readonly type: 'RecordChildItem';
      readonly childId: string;
      readonly status: string;
      readonly open: boolean;
    };

export type TaskCommandType = TaskCommand['type'];

/** The GraphQL mutation that sends each command: what error messages tell people to call. */
export const MUTATION_OF: Record<TaskCommandType, string> = {
  ListTask: 'listTask',
  AssignTask: 'assignTask',
  AmendTask: 'amendTask',
  ReportProgress: 'reportProgress',
  AttachEvidence: 'attachEvidence',
  SuperviseTask: 'superviseTask',
  AdjustDeadline: 'adjustDeadline',
  RequestAcceptance: 'requestAcceptance',
  RecordAcceptance: 'recordAcceptance',
  StartPublicNotice: 'startPublicNotice',
  RecordObjection: 'recordObjection',
  SignOff: 'signOff',
  MarkSpotCheckDrawn: 'drawSpotChecks',
  RecordSpotCheck: 'recordSpotCheck',
  WaiveSpotCheck: 'waiveSpotCheck',
  ReopenTask: 'reopenTask',
  ApplyDeadlineChange: 'applyDeadlineChange',
  ReconcileTask: 'reconcileTask',
  DecideDeadlineChange: 'decideDeadlineChange',
  FileDeadlineChange: 'fileDeadlineChange',
  RecordChildItem: 'listTask(parentId)',
};
