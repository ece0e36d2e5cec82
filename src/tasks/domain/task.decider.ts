import { assertNever, type CommandMeta, type Decider } from '../../common/decider.js';
import { BadInputError, NotFoundError } from '../../common/errors.js';
import {
  TEXT_MAX,
  integerIn,
  isoTime,
  oneOf,
  optionalText,
  ordered,
  recordId,
  requiredText,
} from '../../common/validation.js';
import type { TaskCommand } from './task.commands.js';
import { markPersonalData, type TaskEvent } from './task.events.js';
import { evolveTask } from './task.evolve.js';
import { amendment } from './task.amendment.js';
import { authoriseRole, authoriseScope } from './task.policy.js';
import {
  ACCEPTANCE_DECISIONS,
  REOPEN_FINDINGS,
  REOPEN_SOURCES,
  SCHEDULE_STATUSES,
  SIGN_OFF_LEVELS,
  SPOT_CHECK_RESULTS,
  SUPERVISION_KINDS,
  initialTaskState,
  type TaskState,
} from './task.state.js';
import { assertTransition, invalidTransition } from './task.transitions.js';
import { signOffChain, signOffPathFor } from './task.sign-off.js';
import { GAP_LABELS, reconciliationGaps } from './task.reconciliation.js';
import { findUnit } from '../../common/units/units.js';
import {
  PROGRESS_SUMMARY_MAX,
  SUPERVISIONS_PER_TASK_MAX,
  UNIT_FIELDS,
  assignment,
  dutiesApart,
  taskEvidence,
  withinTaskLimit,
} from './task.validation.js';

/** A sub-item names its parent, which is another task. */
function parentOf(taskId: string, parentId: string | null | undefined): { parentId?: string } {
  if (parentId === undefined || parentId === null || parentId === '') return {};
  const id = recordId('parentId', parentId);
  if (id === taskId) {
    throw new BadInputError(
      'parentId：子项不能以自身为上级',
      'parentId: a task cannot be its own parent',
      {
        field: 'parentId',
      },
    );
  }
  return { parentId: id };
}

const reasonRequired = (meta: CommandMeta, action: string): string => {
  if (!meta.reason?.trim()) {
    throw new BadInputError(`${action} 须说明原因（reason）`, `${action} needs a reason`, {
      field: 'reason',
    });
  }
  return requiredText('reason', meta.reason, 2000);
};

/**
 * Every step of a rectification task. Order of checks, so that a refusal tells nobody more than
 * they may know: the actor's role may send the command at all (task.policy: an AUDITOR's signOff is
 * FORBIDDEN whether or not the task exists or is due for it); the task exists; the actor's unit or
 * region is the task's (the scope part of the policy needs the record, so it comes only now); the
 * status admits the command (task.transitions); the input is clean; then events.
 */
function decide(command: TaskCommand, task: TaskState, meta: CommandMeta): TaskEvent[] {
  authoriseRole(command, task, meta.actor);
  if (task.status === 'NONE' && command.type !== 'ListTask') {
    throw new NotFoundError('整改任务不存在', 'No such rectification task', {
      action: command.type,
    });
  }
  authoriseScope(command, task, meta.actor);
  if (command.type === 'MarkSpotCheckDrawn' && task.spotCheck?.drawId === command.drawId) {
    // A draw marks a task once, whoever sends the mark (the draw's reactor, the demo, a retry).
    return [];
  }
  // A sub-item's change is recorded on its parent whatever the parent's status: it is a fact.
  // A reconciliation is judged by what the record holds (task.reconciliation), in any status.
  if (command.type !== 'RecordChildItem' && command.type !== 'ReconcileTask') {
    assertTransition(task, command);
  }
  const at = meta.at;
  switch (command.type) {
    case 'ListTask': {
      const number =
        command.number == null ? null : integerIn('number', command.number, 1, 1_000_000);
      return [
        {
          type: 'TaskListed',
          data: {
            taskId: recordId('taskId', command.taskId),
            inspectionId: recordId('inspectionId', command.inspectionId),
            number,
            title: requiredText('title', command.title),
            problem: requiredText('problem', command.problem, TEXT_MAX),
            ...parentOf(command.taskId, command.parentId),
            at,
          },
        },
      ];
    }
    case 'AssignTask':
      return [
        markPersonalData({
          type: 'TaskAssigned',
          data: { ...dutiesApart(assignment(command)), at },
        }),
      ];
    case 'AmendTask': {
      reasonRequired(meta, 'amendTask');
      const changes = amendment(task, command.changes);
      // Only an amendment of the units meets the rule: an older record naming a unit as both still
      // takes other corrections, and is put right by amending its units.
      if (UNIT_FIELDS.some((f) => f in changes)) dutiesApart({ ...task, ...changes });
      // Who leads decides who signs: a new lead unit or region moves the task to its path (a task
      // assigned before sign-off paths keeps its tier).
      const after = { ...task, ...changes };
      if (task.signOffPath !== null && after.leadUnit && after.acceptanceUnit && after.regionCode) {
        const path = signOffPathFor({
          leadUnit: after.leadUnit,
          acceptanceUnit: after.acceptanceUnit,
          regionCode: after.regionCode,
        });
        if (path.signOffPath !== task.signOffPath) changes.signOffPath = path.signOffPath;
        if (path.signOffDepartment !== task.signOffDepartment) {
          changes.signOffDepartment = path.signOffDepartment;
        }
      }
      return [markPersonalData({ type: 'TaskAmended', data: { changes, at } })];
    }
    case 'ReportProgress':
      return [
        {
          type: 'ProgressReported',
          data: {
            scheduleStatus: oneOf('scheduleStatus', command.scheduleStatus, SCHEDULE_STATUSES),
            summary: requiredText('summary', command.summary, PROGRESS_SUMMARY_MAX),
            evidence: taskEvidence(task, 'evidence', command.evidence),
            at,
          },
        },
      ];
    case 'AttachEvidence': {
      const evidence = taskEvidence(task, 'evidence', command.evidence);
      if (!evidence.length) requiredText('evidence', '', 1);
      const note = optionalText('note', command.note);
      return [{ type: 'EvidenceAttached', data: { evidence, note, at } }];
    }
    case 'SuperviseTask':
      withinTaskLimit('supervisions', task.supervisions.length, 1, SUPERVISIONS_PER_TASK_MAX);
      return [
        {
          type: 'TaskSupervised',
          data: {
            kind: oneOf('kind', command.kind, SUPERVISION_KINDS),
            note: requiredText('note', command.note, TEXT_MAX),
            at,
          },
        },
      ];
    case 'AdjustDeadline': {
      const reason = reasonRequired(meta, 'adjustDeadline');
      return [
        {
          type: 'DeadlineAdjusted',
          data: {
            from: task.deadline,
            to: isoTime('newDeadline', command.newDeadline),
            reason,
            approver: requiredText('approver', command.approver, 200),
            at,
          },
        },
      ];
    }
    case 'RequestAcceptance':
      return [
        {
          type: 'AcceptanceRequested',
          data: {
            selfCheck: requiredText('selfCheck', command.selfCheck, TEXT_MAX),
            evidence: taskEvidence(task, 'evidence', command.evidence),
            at,
          },
        },
      ];
    case 'RecordAcceptance': {
      const decision = oneOf('decision', command.decision, ACCEPTANCE_DECISIONS);
      const accepted = decision === 'ACCEPTED';
      return [
        {
          type: accepted ? 'AcceptanceGranted' : 'AcceptanceRejected',
          data: {
            decision,
            opinion: accepted
              ? requiredText('opinion', command.opinion, TEXT_MAX)
              : optionalText('opinion', command.opinion),
            findings: accepted
              ? optionalText('findings', command.findings)
              : requiredText('findings', command.findings, TEXT_MAX),
            decidedBy: meta.actor.organisation,
            at,
          },
        },
      ];
    }
    case 'StartPublicNotice': {
      const start = isoTime('start', command.start);
      const end = isoTime('end', command.end);
      ordered('end', start, end);
      return [{ type: 'PublicNoticeStarted', data: { start, end, at } }];
    }
    case 'RecordObjection':
      return [
        {
          type: 'ObjectionRecorded',
          data: { summary: requiredText('summary', command.summary, TEXT_MAX), at },
        },
      ];
    case 'SignOff': {
      const level = oneOf('level', command.level, SIGN_OFF_LEVELS);
      // The first step of the chain waits for the public notice to end, whoever gives it.
      if (task.status === 'PUBLIC_NOTICE' && task.publicNotice && at < task.publicNotice.end) {
        throw invalidTransition(task, `signOff(${level})`, [
          `公示期至 ${task.publicNotice.end} 方满`,
          `the public notice runs until ${task.publicNotice.end}`,
        ]);
      }
      const chain = signOffChain(task);
      const closes = task.signOffs.length + 1 === chain.length;
      // The steps before may be given; the closing one waits for every sub-item to close.
      const open = task.children.filter((c) => c.open);
      if (closes && open.length) {
        throw invalidTransition(task, `signOff(${level})`, [
          `子项 ${open.map((c) => c.taskId).join('、')} 尚未销号`,
          `sub-items ${open.map((c) => c.taskId).join(', ')} are still open`,
        ]);
      }

      const signer = requiredText('signer', command.signer, 200);
      // The signing unit under its registered name, whichever alias its token gives.
      const unit =
        findUnit(meta.actor.organisation, task.regionCode)?.name ?? meta.actor.organisation;
      return [{ type: 'TaskSignedOff', data: { level, signer, closes, unit, at } }];
    }
    case 'MarkSpotCheckDrawn':
      return [
        {
          type: 'SpotCheckDrawn',
          data: {
            drawId: recordId('drawId', command.drawId),
            seed: integerIn('seed', command.seed, 0, 0xffffffff),
            at,
          },
        },
      ];
    case 'RecordSpotCheck': {
      const result = oneOf('result', command.result, SPOT_CHECK_RESULTS);
      const findings =
        result === 'FAILED'
          ? requiredText('findings', command.findings, TEXT_MAX)
          : optionalText('findings', command.findings);
      const drawId = task.spotCheck!.drawId;
      const recorded: TaskEvent = {
        type: 'SpotCheckRecorded',
        data: { drawId, result, findings, at },
      };
      if (result === 'PASSED') return [recorded];
      // A failed spot check reopens the task: the finding is the reason.
      return [
        recorded,
        { type: 'TaskReopened', data: { source: 'SPOT_CHECK', reason: findings!, at } },
      ];
    }
    case 'WaiveSpotCheck': {
      const reason = reasonRequired(meta, 'waiveSpotCheck');
      const by = `${meta.actor.name}（${meta.actor.organisation}）`;
      return [
        { type: 'SpotCheckWaived', data: { drawId: task.spotCheck!.drawId, reason, by, at } },
      ];
    }
    case 'ReopenTask': {
      const reason = reasonRequired(meta, 'reopenTask');
      const source = oneOf('source', command.source, REOPEN_SOURCES);
      const finding =
        command.finding == null ? null : oneOf('finding', command.finding, REOPEN_FINDINGS);
      return [
        {
          type: 'TaskReopened',
          data: finding ? { source, reason, finding, at } : { source, reason, at },
        },
      ];
    }
    case 'ApplyDeadlineChange': {
      const reason = reasonRequired(meta, 'applyDeadlineChange');
      const to = isoTime('newDeadline', command.newDeadline);
      if (to === task.deadline) {
        throw new BadInputError(
          'newDeadline：与现有时限相同',
          'newDeadline: same as the deadline now',
          {
            field: 'newDeadline',
          },
        );
      }
      return [
        {
          type: 'DeadlineChangeApplied',
          data: { from: task.deadline, to, reason, applicant: meta.actor.organisation, at },
        },
      ];
    }
    case 'DecideDeadlineChange': {
      const reason = reasonRequired(meta, 'decideDeadlineChange');
      const approver = requiredText('approver', command.approver, 200);
      const change = task.deadlineChange!;
      if (command.approved === true) {
        return [
          {
            type: 'DeadlineChangeApproved',
            data: { from: task.deadline, to: change.to, approver, reason, at },
          },
        ];
      }
      return [{ type: 'DeadlineChangeRefused', data: { to: change.to, approver, reason, at } }];
    }
    case 'ReconcileTask': {
      const gaps = reconciliationGaps(task, at);
      if (gaps.length) {
        throw invalidTransition(task, 'reconcileTask', [
          `尚缺：${gaps.map((g) => GAP_LABELS[g].zh).join('、')}`,
          `still lacking: ${gaps.map((g) => GAP_LABELS[g].en).join(', ')}`,
        ]);
      }
      const position = requiredText('position', command.position, 30);
      const by = `${meta.actor.name}（${meta.actor.organisation}）`;
      return [{ type: 'TaskReconciled', data: { position, by, at } }];
    }
    case 'FileDeadlineChange':
      return [
        {
          type: 'DeadlineChangeFiled',
          data: {
            to: task.deadlineChange!.to,
            reference: requiredText('reference', command.reference, 200),
            at,
          },
        },
      ];
    case 'RecordChildItem':
      if (task.taskId === command.childId) return [];
      return [
        {
          type: 'ChildItemRecorded',
          data: {
            childId: recordId('childId', command.childId),
            status: requiredText('status', command.status, 40),
            open: command.open === true,
            at,
          },
        },
      ];
    default:
      return assertNever(command);
  }
}

export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent> = {
  streamPrefix: 'task-',
  initialState: initialTaskState,
  decide,
  evolve: evolveTask,
};
