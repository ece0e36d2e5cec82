import { InvalidTransitionError } from '../../common/errors.js';
import { MUTATION_OF, type TaskCommand, type TaskCommandType } from './task.commands.js';
import { dueSignOff } from './task.sign-off.js';
import { STATUS_LABELS, type TaskState, type TaskStatus } from './task.state.js';

/** Which commands each status admits: the lifecycle of DOMAIN.md as one table. */
const WORKING: TaskCommandType[] = [
  'ReportProgress',
  'AttachEvidence',
  'SuperviseTask',
  'AdjustDeadline',
  'ApplyDeadlineChange',
  'DecideDeadlineChange',
  'FileDeadlineChange',
  'AmendTask',
];
const SIGNED: TaskCommandType[] = [
  'MarkSpotCheckDrawn',
  'RecordSpotCheck',
  'WaiveSpotCheck',
  'ReopenTask',
  'AmendTask',
];

export const ALLOWED: { readonly [S in TaskStatus | 'NONE']: readonly TaskCommandType[] } = {
  NONE: ['ListTask'],
  LISTED: ['AssignTask', 'AmendTask'],
  ASSIGNED: WORKING,
  IN_PROGRESS: [...WORKING, 'RequestAcceptance'],
  REOPENED: WORKING,
  ACCEPTANCE_REQUESTED: ['RecordAcceptance', 'AttachEvidence', 'SuperviseTask', 'AmendTask'],
  VERIFYING: ['RecordAcceptance', 'AttachEvidence', 'SuperviseTask', 'AmendTask'],
  ACCEPTED: ['StartPublicNotice', 'AmendTask'],
  PUBLIC_NOTICE: ['RecordObjection', 'SignOff', 'AmendTask'],
  COUNTY_SIGNED_OFF: ['SignOff', 'ReopenTask', 'AmendTask'],
  CITY_SIGNED_OFF: ['SignOff', 'ReopenTask', 'AmendTask'],
  DEPARTMENT_SIGNED_OFF: ['SignOff', 'ReopenTask', 'AmendTask'],
  SIGNED_OFF: SIGNED,
  LONG_TERM: ['ReportProgress', 'AttachEvidence', ...SIGNED],
};

/** A drawn spot check neither recorded nor waived. */
export const spotCheckPending = (task: Pick<TaskState, 'spotCheck'>): boolean =>
  task.spotCheck !== null && task.spotCheck.result === null && !task.spotCheck.waiver;

/** Conditions beyond the status: which sign-off level is due, whether a spot check is pending. */
function fits(type: TaskCommandType, task: TaskState, command?: TaskCommand): boolean {
  const pending = spotCheckPending(task);
  switch (type) {
    case 'SignOff': {
      const due = dueSignOff(task);
      return due !== null && (command?.type !== 'SignOff' || command.level === due);
    }
    case 'ApplyDeadlineChange':
      // One application at a time: a new one once the last is refused or filed.
      return !task.deadlineChange || ['REFUSED', 'FILED'].includes(task.deadlineChange.status);
    case 'DecideDeadlineChange':
      return task.deadlineChange?.status === 'APPLIED';
    case 'FileDeadlineChange':
      return task.deadlineChange?.status === 'APPROVED';
    case 'MarkSpotCheckDrawn':
      return !pending;
    case 'RecordSpotCheck':
    case 'WaiveSpotCheck':
      return pending;
    default:
      return true;
  }
}

export const allowedNext = (task: TaskState): string[] =>
  ALLOWED[task.status]
    .filter((t) => fits(t, task))
    .map((t) => (t === 'SignOff' ? `signOff(${dueSignOff(task)})` : MUTATION_OF[t]));

export function invalidTransition(task: TaskState, action: string, why?: [string, string]) {
  const allowed = allowedNext(task);
  const label = STATUS_LABELS[task.status];
  const zhWhy = why ? `（${why[0]}）` : '';
  const enWhy = why ? ` (${why[1]})` : '';
  return new InvalidTransitionError(
    `任务 ${task.taskId} 当前状态为「${label}」(${task.status})，不能执行 ${action}${zhWhy}；当前可执行：${allowed.join('、') || '无'}`,
    `Task ${task.taskId} is ${task.status}; ${action} is not allowed${enWhy}; allowed next: ${allowed.join(', ') || 'nothing'}`,
    { status: task.status, action, allowed },
  );
}

/** Throws INVALID_TRANSITION naming the current status and what is allowed next. */
export function assertTransition(task: TaskState, command: TaskCommand): void {
  if (ALLOWED[task.status].includes(command.type) && fits(command.type, task, command)) return;
  const action =
    command.type === 'SignOff' ? `signOff(${command.level})` : MUTATION_OF[command.type];
  throw invalidTransition(task, action);
}
