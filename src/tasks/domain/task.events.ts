import type { DomainEvent } from '../../common/decider.js';
import { COMMITTED_PERSONAL_DATA_VERSION } from '../../common/personal-data.js';
import type {
  AcceptanceDecision,
  EvidenceRef,
  ReopenFinding,
  ReopenSource,
  ResponsibleLeader,
  ScheduleStatus,
  SignOffLevel,
  SignOffPath,
  SpotCheckResult,
  SupervisionKind,
  TaskState,
} from './task.state.js';

/** Facts about a task, past tense. Every event carries the times its state needs (`at`). */

export type Assignment = {
  leadUnit: string;
  supportingUnits: string[];
  responsibleLeader: ResponsibleLeader | null;
  acceptanceUnit: string;
  target: string;
  measures: string;
  deadline: string | null;
  longTerm: boolean;
  category: string | null;
  regionCode: string;
  regionName: string;
  signOffTier: SignOffLevel;
  /** Null only on events written before sign-off paths (read through task.upcast.ts). */
  signOffPath: SignOffPath | null;
  signOffDepartment: string | null;
};

type E<T extends string, D> = DomainEvent<T, D & { at: string }>;

/**
 * The personal data in task events: the responsible leader's phone, for the offices that chase the
 * work and those that audit it. The store hashes it as a salted commitment and keeps the value
 * beside the event (src/event-store/personal-data.ts). Events carrying it are schemaVersion 2;
 * version 1 events (before commitments) hold it in clear inside their hash and are read as they are.
 */
export const TASK_PERSONAL_DATA = {
  TaskAssigned: 'data.responsibleLeader.phone',
  TaskAmended: 'data.changes.responsibleLeader.phone',
} as const;

/** The event with its personal path marked when it carries a value there (and only then). */
export function markPersonalData<T extends TaskEvent>(event: T): T {
  const path = TASK_PERSONAL_DATA[event.type as keyof typeof TASK_PERSONAL_DATA];
  if (path === undefined) return event;
  let node: unknown = event;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | null)?.[key];
  if (node === undefined || node === null) return event;
  return { ...event, schemaVersion: COMMITTED_PERSONAL_DATA_VERSION, personal: [path] };
}

export type TaskEvent =
  | E<
      'TaskListed',
      {
        taskId: string;
        inspectionId: string;
        number: number | null;
        title: string;
        problem: string;
        /** Only on a sub-item's listing. */
        parentId?: string;
      }
    >
  | E<'TaskAssigned', Assignment>
  | E<'TaskAmended', { changes: Partial<Pick<TaskState, AmendedKey>> }>
  | E<
      'ProgressReported',
      { scheduleStatus: ScheduleStatus; summary: string; evidence: EvidenceRef[] }
    >
  | E<'EvidenceAttached', { evidence: EvidenceRef[]; note: string | null }>
  | E<'TaskSupervised', { kind: SupervisionKind; note: string }>
  | E<'DeadlineAdjusted', { from: string | null; to: string; reason: string; approver: string }>
  | E<'AcceptanceRequested', { selfCheck: string; evidence: EvidenceRef[] }>
  | E<
      'AcceptanceGranted' | 'AcceptanceRejected',
      {
        decision: AcceptanceDecision;
        opinion: string | null;
        findings: string | null;
        decidedBy: string;
      }
    >
  | E<'PublicNoticeStarted', { start: string; end: string }>
  | E<'ObjectionRecorded', { summary: string }>
  | E<
      'TaskSignedOff',
      { level: SignOffLevel; signer: string; closes: boolean; unit: string | null }
    >
  | E<'SpotCheckDrawn', { drawId: string; seed: number }>
  | E<'SpotCheckRecorded', { drawId: string; result: SpotCheckResult; findings: string | null }>
  | E<'SpotCheckWaived', { drawId: string; reason: string; by: string }>
  | E<'TaskReopened', { source: ReopenSource; reason: string; finding?: ReopenFinding | null }>
  | E<
      'DeadlineChangeApplied',
      { from: string | null; to: string; reason: string; applicant: string }
    >
  | E<
      'DeadlineChangeApproved',
      { from: string | null; to: string; approver: string; reason: string }
    >
  | E<'DeadlineChangeRefused', { to: string; approver: string; reason: string }>
  | E<'DeadlineChangeFiled', { to: string; reference: string }>
  | E<'TaskReconciled', { position: string; by: string }>
  | E<'ChildItemRecorded', { childId: string; status: string; open: boolean }>;

export type AmendedKey =
  | 'number'
  | 'title'
  | 'problem'
  | 'category'
  | 'regionCode'
  | 'regionName'
  | 'leadUnit'
  | 'supportingUnits'
  | 'responsibleLeader'
  | 'acceptanceUnit'
  | 'target'
  | 'measures'
  | 'longTerm'
  | 'signOffTier'
  | 'signOffPath'
  | 'signOffDepartment';

export type TaskEventType = TaskEvent['type'];
