import { ENUM_VALUES } from '../../generated/graphql.js';
import type { Personal } from '../../common/personal-data.js';
/** The whole record of one rectification task, as users see it and as the ledger keeps every version. */

export const TASK_STATUSES = ENUM_VALUES.TaskStatus;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Counted complete (已完成 / 已完成长期坚持). */
export const DONE_STATUSES: readonly TaskStatus[] = ['SIGNED_OFF', 'LONG_TERM'];

export const STATUS_LABELS: Record<TaskStatus | 'NONE', string> = {
  NONE: '不存在',
  LISTED: '列入清单',
  ASSIGNED: '已交办',
  IN_PROGRESS: '整改中',
  ACCEPTANCE_REQUESTED: '已申请验收',
  VERIFYING: '现场核查',
  ACCEPTED: '验收通过',
  PUBLIC_NOTICE: '公示中',
  COUNTY_SIGNED_OFF: '县级已销号',
  CITY_SIGNED_OFF: '市级已销号',
  DEPARTMENT_SIGNED_OFF: '省直部门已销号',
  SIGNED_OFF: '已销号',
  LONG_TERM: '已完成，长期坚持',
  REOPENED: '已重新打开',
};

export const SCHEDULE_STATUSES = ENUM_VALUES.ScheduleStatus;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

export const SUPERVISION_KINDS = ENUM_VALUES.SupervisionKind;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];

export const SIGN_OFF_LEVELS = ENUM_VALUES.SignOffLevel;
export type SignOffLevel = (typeof SIGN_OFF_LEVELS)[number];
/** The tier an assignment states (分级销号 before sign-off paths): a city or the province. */
export const SIGN_OFF_TIERS = ['CITY', 'PROVINCIAL'] as const satisfies readonly SignOffLevel[];
export type SignOffTier = (typeof SIGN_OFF_TIERS)[number];

export const SIGN_OFF_PATHS = ENUM_VALUES.SignOffPath;
export type SignOffPath = (typeof SIGN_OFF_PATHS)[number];

/** One sign-off given: which step, who signed, for which unit. */
export type SignOffStep = { level: SignOffLevel; signer: string; unit: string | null; at: string };

export const ACCEPTANCE_DECISIONS = ENUM_VALUES.AcceptanceDecision;
export type AcceptanceDecision = (typeof ACCEPTANCE_DECISIONS)[number];

export const SPOT_CHECK_RESULTS = ENUM_VALUES.SpotCheckResult;
export type SpotCheckResult = (typeof SPOT_CHECK_RESULTS)[number];

export const REOPEN_FINDINGS = ENUM_VALUES.ReopenFinding;
export type ReopenFinding = (typeof REOPEN_FINDINGS)[number];

export const DEADLINE_CHANGE_STATUSES = ENUM_VALUES.DeadlineChangeStatus;
export type DeadlineChangeStatus = (typeof DEADLINE_CHANGE_STATUSES)[number];

/** The latest application for a new deadline (整改时限调整), and where it stands. */
export type DeadlineChange = {
  status: DeadlineChangeStatus;
  from: string | null;
  to: string;
  reason: string;
  appliedBy: string;
  appliedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  filingReference: string | null;
  filedAt: string | null;
};

export const REOPEN_SOURCES = ENUM_VALUES.ReopenSource;
export type ReopenSource = (typeof REOPEN_SOURCES)[number];

/** A reference to a file of evidence (佐证材料); the bytes live elsewhere, the hash pins them. */
export type EvidenceRef = {
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
};

export type ResponsibleLeader = {
  name: string;
  position: string;
  /**
   * Internal contact, never served on the public Task type. Personal data: in state folded from
   * the store it is the salted commitment (or, from events before commitments, the value).
   */
  phone: Personal<string> | null;
};

export type ProgressReport = {
  at: string;
  scheduleStatus: ScheduleStatus;
  summary: string;
  evidence: EvidenceRef[];
};

/**
 * Progress reports kept inline in the record: the latest ones, with the count of all. Every report
 * stays in the ledger (its event and its history entry); the record stays bounded however many come.
 */
export const PROGRESS_REPORTS_INLINE = 20;

export type TaskState = {
  taskId: string;
  status: TaskStatus | 'NONE';
  inspectionId: string;
  number: number | null;
  title: string;
  problem: string;
  category: string | null;
  regionCode: string | null;
  regionName: string | null;
  leadUnit: string | null;
  supportingUnits: string[];
  responsibleLeader: ResponsibleLeader | null;
  acceptanceUnit: string | null;
  target: string | null;
  measures: string | null;
  deadline: string | null;
  longTerm: boolean;
  signOffTier: SignOffLevel | null;
  /** Null for tasks assigned before sign-off paths: they follow their tier (task.sign-off.ts). */
  signOffPath: SignOffPath | null;
  signOffDepartment: string | null;
  /** The sign-offs of the current round, in order. */
  signOffs: SignOffStep[];
  listedAt: string | null;
  assignedAt: string | null;
  updatedAt: string | null;
  scheduleStatus: ScheduleStatus | null;
  lastProgressAt: string | null;
  /** The latest PROGRESS_REPORTS_INLINE reports, oldest first. */
  progressReports: ProgressReport[];
  /** Every report the task has had, inline or not. */
  progressReportCount: number;
  evidence: (EvidenceRef & { attachedAt: string; note: string | null })[];
  supervisions: { kind: SupervisionKind; note: string; at: string }[];
  deadlineAdjustments: {
    from: string | null;
    to: string;
    reason: string;
    approver: string;
    at: string;
  }[];
  acceptanceRequestedAt: string | null;
  acceptanceDecisions: {
    decision: AcceptanceDecision;
    opinion: string | null;
    findings: string | null;
    decidedBy: string;
    at: string;
  }[];
  publicNotice: { start: string; end: string } | null;
  objections: { summary: string; at: string }[];
  citySignOff: { signer: string; at: string } | null;
  provincialSignOff: { signer: string; at: string } | null;
  signedOffAt: string | null;
  spotCheck: {
    drawId: string;
    seed: number;
    drawnAt: string;
    result: SpotCheckResult | null;
    findings: string | null;
    checkedAt: string | null;
    /** The office waived this draw's check (absent on records before waivers: none). */
    waiver?: { reason: string; by: string; at: string } | null;
  } | null;
  spotCheckCount: number;
  reopenedCount: number;
  reopenings: {
    source: ReopenSource;
    reason: string;
    at: string;
    finding?: ReopenFinding | null;
  }[];
  deadlineChange: DeadlineChange | null;
  /** The office's latest reconciliation (对账销号), and whether the task changed after it. */
  reconciliation: {
    by: string;
    at: string;
    position: string;
    changedSince: boolean;
    changedAt: string | null;
  } | null;
  amendmentCount: number;
  /** The task this one is a sub-item of (null: a problem of the list itself). */
  parentId: string | null;
  /** Sub-items, as the roll-up workflow recorded them: the parent closes only when none is open. */
  children: ChildItem[];
};

export type ChildItem = { taskId: string; status: string; open: boolean; at: string };

export const initialTaskState = (): TaskState => ({
  taskId: '',
  status: 'NONE',
  inspectionId: '',
  number: null,
  title: '',
  problem: '',
  category: null,
  regionCode: null,
  regionName: null,
  leadUnit: null,
  supportingUnits: [],
  responsibleLeader: null,
  acceptanceUnit: null,
  target: null,
  measures: null,
  deadline: null,
  longTerm: false,
  signOffTier: null,
  signOffPath: null,
  signOffDepartment: null,
  signOffs: [],
  listedAt: null,
  assignedAt: null,
  updatedAt: null,
  scheduleStatus: null,
  lastProgressAt: null,
  progressReports: [],
  progressReportCount: 0,
  evidence: [],
  supervisions: [],
  deadlineAdjustments: [],
  acceptanceRequestedAt: null,
  acceptanceDecisions: [],
  publicNotice: null,
  objections: [],
  citySignOff: null,
  provincialSignOff: null,
  signedOffAt: null,
  spotCheck: null,
  spotCheckCount: 0,
  reopenedCount: 0,
  reopenings: [],
  amendmentCount: 0,
  parentId: null,
  children: [],
  deadlineChange: null,
  reconciliation: null,
});
