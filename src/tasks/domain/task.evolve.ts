import { assertNever } from '../../common/decider.js';
import type { TaskEvent } from './task.events.js';
import { SIGNED_STATUS } from './task.sign-off.js';
import { PROGRESS_REPORTS_INLINE, type TaskState } from './task.state.js';
import { upcastTaskEvent } from './task.upcast.js';

/** Folds one event (as recorded, any version: see task.upcast.ts) into the task's whole record. */
export function evolveTask(task: TaskState, recorded: TaskEvent): TaskState {
  const event = upcastTaskEvent(recorded);
  // A state kept before a field existed (a read model's row) has it as in a new task.
  const s: TaskState = {
    ...task,
    signOffs: task.signOffs ?? [],
    signOffPath: task.signOffPath ?? null,
    signOffDepartment: task.signOffDepartment ?? null,
    parentId: task.parentId ?? null,
    children: task.children ?? [],
    deadlineChange: task.deadlineChange ?? null,
    reconciliation:
      task.reconciliation && !task.reconciliation.changedSince
        ? { ...task.reconciliation, changedSince: true, changedAt: event.data.at }
        : (task.reconciliation ?? null),
    updatedAt: event.data.at,
  };
  switch (event.type) {
    case 'TaskListed': {
      const { taskId, inspectionId, number, title, problem, at } = event.data;
      const parentId = event.data.parentId ?? null;
      return {
        ...s,
        taskId,
        inspectionId,
        number,
        title,
        problem,
        parentId,
        status: 'LISTED',
        listedAt: at,
      };
    }
    case 'TaskAssigned': {
      const { at, ...assignment } = event.data;
      return { ...s, ...assignment, status: 'ASSIGNED', assignedAt: at };
    }
    case 'TaskAmended':
      return { ...s, ...event.data.changes, amendmentCount: s.amendmentCount + 1 };
    case 'ProgressReported': {
      const { at, scheduleStatus, summary, evidence } = event.data;
      return {
        ...s,
        status: s.status === 'LONG_TERM' ? 'LONG_TERM' : 'IN_PROGRESS',
        scheduleStatus,
        lastProgressAt: at,
        progressReports: [...s.progressReports, { at, scheduleStatus, summary, evidence }].slice(
          -PROGRESS_REPORTS_INLINE,
        ),
        progressReportCount: s.progressReportCount + 1,
        evidence: [
          ...s.evidence,
          ...evidence.map((e) => ({ ...e, attachedAt: at, note: summary.slice(0, 200) })),
        ],
      };
    }
    case 'EvidenceAttached': {
      const { at, note, evidence } = event.data;
      return {
        ...s,
        evidence: [...s.evidence, ...evidence.map((e) => ({ ...e, attachedAt: at, note }))],
      };
    }
    case 'TaskSupervised':
      return { ...s, supervisions: [...s.supervisions, event.data] };
    case 'DeadlineAdjusted':
      return {
        ...s,
        deadline: event.data.to,
        deadlineAdjustments: [...s.deadlineAdjustments, event.data],
      };
    case 'AcceptanceRequested': {
      const { at, selfCheck, evidence } = event.data;
      return {
        ...s,
        status: 'ACCEPTANCE_REQUESTED',
        acceptanceRequestedAt: at,
        evidence: [
          ...s.evidence,
          ...evidence.map((e) => ({ ...e, attachedAt: at, note: selfCheck.slice(0, 200) })),
        ],
      };
    }
    case 'AcceptanceGranted':
    case 'AcceptanceRejected':
      return {
        ...s,
        status: event.type === 'AcceptanceGranted' ? 'ACCEPTED' : 'IN_PROGRESS',
        acceptanceDecisions: [...s.acceptanceDecisions, event.data],
      };
    case 'PublicNoticeStarted':
      return {
        ...s,
        status: 'PUBLIC_NOTICE',
        publicNotice: { start: event.data.start, end: event.data.end },
      };
    case 'ObjectionRecorded':
      return {
        ...s,
        status: 'VERIFYING',
        objections: [...s.objections, event.data],
      };
    case 'TaskSignedOff': {
      const { level, signer, closes, unit, at } = event.data;
      const signOff = { signer, at };
      return {
        ...s,
        status: closes
          ? s.longTerm
            ? 'LONG_TERM'
            : 'SIGNED_OFF'
          : SIGNED_STATUS[level === 'PROVINCIAL' ? 'CITY' : level],
        signOffs: [...s.signOffs, { level, signer, unit, at }],
        citySignOff: level === 'CITY' ? signOff : s.citySignOff,
        provincialSignOff: level === 'PROVINCIAL' ? signOff : s.provincialSignOff,
        signedOffAt: closes ? at : s.signedOffAt,
      };
    }
    case 'SpotCheckDrawn':
      return {
        ...s,
        spotCheck: {
          drawId: event.data.drawId,
          seed: event.data.seed,
          drawnAt: event.data.at,
          result: null,
          findings: null,
          checkedAt: null,
        },
        spotCheckCount: s.spotCheckCount + 1,
      };
    case 'SpotCheckRecorded':
      return {
        ...s,
        spotCheck: s.spotCheck && {
          ...s.spotCheck,
          result: event.data.result,
          findings: event.data.findings,
          checkedAt: event.data.at,
        },
      };
    case 'SpotCheckWaived':
      return {
        ...s,
        spotCheck: s.spotCheck && {
          ...s.spotCheck,
          waiver: { reason: event.data.reason, by: event.data.by, at: event.data.at },
        },
      };
    case 'TaskReopened': {
      const { source, reason, at } = event.data;
      // A reopening recorded without a finding keeps the shape it had (no finding field).
      const finding = event.data.finding ? { finding: event.data.finding } : {};
      // A reopened task goes round the whole cycle again: sign-offs and notices are of the past round.
      return {
        ...s,
        status: 'REOPENED',
        reopenedCount: s.reopenedCount + 1,
        reopenings: [...s.reopenings, { source, reason, at, ...finding }],
        acceptanceRequestedAt: null,
        publicNotice: null,
        citySignOff: null,
        provincialSignOff: null,
        signOffs: [],
        signedOffAt: null,
      };
    }
    case 'DeadlineChangeApplied': {
      const { from, to, reason, applicant, at } = event.data;
      return {
        ...s,
        deadlineChange: {
          status: 'APPLIED',
          from,
          to,
          reason,
          appliedBy: applicant,
          appliedAt: at,
          decidedBy: null,
          decidedAt: null,
          filingReference: null,
          filedAt: null,
        },
      };
    }
    case 'DeadlineChangeApproved': {
      const { from, to, approver, reason, at } = event.data;
      return {
        ...s,
        deadline: to,
        deadlineAdjustments: [...s.deadlineAdjustments, { from, to, reason, approver, at }],
        deadlineChange: s.deadlineChange && {
          ...s.deadlineChange,
          status: 'APPROVED',
          decidedBy: approver,
          decidedAt: at,
        },
      };
    }
    case 'DeadlineChangeRefused':
      return {
        ...s,
        deadlineChange: s.deadlineChange && {
          ...s.deadlineChange,
          status: 'REFUSED',
          decidedBy: event.data.approver,
          decidedAt: event.data.at,
        },
      };
    case 'DeadlineChangeFiled':
      return {
        ...s,
        deadlineChange: s.deadlineChange && {
          ...s.deadlineChange,
          status: 'FILED',
          filingReference: event.data.reference,
          filedAt: event.data.at,
        },
      };
    case 'TaskReconciled':
      return {
        ...s,
        reconciliation: {
          by: event.data.by,
          at: event.data.at,
          position: event.data.position,
          changedSince: false,
          changedAt: null,
        },
      };
    case 'ChildItemRecorded': {
      const { childId, status, open, at } = event.data;
      const child = { taskId: childId, status, open, at };
      const known = s.children.some((c) => c.taskId === childId);
      return {
        ...s,
        children: known
          ? s.children.map((c) => (c.taskId === childId ? child : c))
          : [...s.children, child],
      };
    }
    default:
      return assertNever(event);
  }
}
