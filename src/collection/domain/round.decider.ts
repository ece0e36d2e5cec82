import { assertNever, type CommandMeta, type Decider } from '../../common/decider.js';
import type { Actor } from '../../common/actor.js';
import { BadInputError, InvalidTransitionError, NotFoundError } from '../../common/errors.js';
import {
  TEXT_MAX,
  integerIn,
  isoTime,
  reasonFor,
  recordId,
  requiredText,
} from '../../common/validation.js';
import type { CollectionCommand, OpenCollectionRound, RosterTask } from './round.commands.js';
import type { CollectionEvent, CollectionParty, RosterEntry } from './round.events.js';
import { validFigures } from './round.figures.js';
import { authoriseReporter, authoriseRole } from './round.policy.js';
import { initialRoundState, type CollectionRoundState } from './round.state.js';

/** A round asks about at most this many tasks (a whole national round is about 2,200). */
export const ROSTER_MAX = 5000;

const STATUS_ZH = { OPEN: '进行中', FROZEN: '已冻结上报', CANCELLED: '已撤销' } as const;

const party = (actor: Actor): CollectionParty => ({
  id: actor.id,
  name: actor.name,
  organisation: actor.organisation,
});

function rosterEntry(task: RosterTask, i: number): RosterEntry {
  const at = `tasks[${i}]`;
  const deadline = task.deadline == null ? null : isoTime(`${at}.deadline`, task.deadline);
  return {
    taskId: recordId(`${at}.taskId`, task.taskId),
    number: task.number == null ? null : integerIn(`${at}.number`, task.number, 0, 99_999_999),
    title: requiredText(`${at}.title`, task.title),
    leadUnit: requiredText(`${at}.leadUnit`, task.leadUnit, 200),
    deadline,
    longTerm: task.longTerm === true,
  };
}

function open(command: OpenCollectionRound, meta: CommandMeta): CollectionEvent[] {
  const dueAt = isoTime('dueAt', command.dueAt);
  if (dueAt <= meta.at) {
    throw new BadInputError(
      `dueAt：报送截止时间 ${dueAt} 须晚于开启时间 ${meta.at}`,
      `dueAt: the due time ${dueAt} must be after the opening time ${meta.at}`,
      { field: 'dueAt' },
    );
  }
  const tasks = Array.isArray(command.tasks) ? command.tasks : [];
  if (tasks.length === 0 || tasks.length > ROSTER_MAX) {
    throw new BadInputError(
      `tasks：一轮调度须包含 1 至 ${ROSTER_MAX} 项任务（所选范围内没有未完成且已交办的任务？）`,
      `tasks: a round covers 1 to ${ROSTER_MAX} tasks (none open and assigned in the chosen scope?)`,
      { field: 'tasks' },
    );
  }
  const roster = tasks.map(rosterEntry);
  const seen = new Set<string>();
  for (const t of roster) {
    if (seen.has(t.taskId)) {
      throw new BadInputError(`tasks：任务 ${t.taskId} 重复`, `tasks: ${t.taskId} is repeated`, {
        field: 'tasks',
        taskId: t.taskId,
      });
    }
    seen.add(t.taskId);
  }
  return [
    {
      type: 'CollectionRoundOpened',
      data: {
        roundId: recordId('roundId', command.roundId),
        inspectionId: recordId('inspectionId', command.inspectionId),
        name: requiredText('name', command.name),
        dueAt,
        tasks: roster,
        openedBy: party(meta.actor),
        at: meta.at,
      },
    },
  ];
}

/** Reports, corrections, freezing and cancelling all need a round still open. */
function requireOpen(state: CollectionRoundState, command: CollectionCommand): void {
  if (state.status === 'OPEN') return;
  const status = state.status ?? 'OPEN';
  const hint =
    status === 'FROZEN'
      ? {
          zh: '已冻结上报的调度不再接收报送或更改',
          en: 'a frozen round takes no more reports or changes',
        }
      : {
          zh: '已撤销的调度不再接收报送或更改',
          en: 'a cancelled round takes no more reports or changes',
        };
  throw new InvalidTransitionError(
    `调度 ${state.roundId}（${state.name}）${STATUS_ZH[status]}：${hint.zh}`,
    `Collection round ${state.roundId} is ${status}: ${hint.en} (${command.type})`,
    { roundId: state.roundId, status, command: command.type },
  );
}

function rosterTask(state: CollectionRoundState, taskId: string): RosterEntry {
  const task = Object.hasOwn(state.tasks, taskId) ? state.tasks[taskId] : undefined;
  if (!task) {
    throw new NotFoundError(
      `任务 ${taskId} 不在调度 ${state.roundId}（${state.name}）的范围内`,
      `Task ${taskId} is not in collection round ${state.roundId}`,
      { roundId: state.roundId, taskId },
    );
  }
  return task;
}

/** Role first, then the round on record, then its state, then the unit's scope, then the input. */
function decide(
  command: CollectionCommand,
  state: CollectionRoundState,
  meta: CommandMeta,
): CollectionEvent[] {
  authoriseRole(command.type, meta.actor);
  if (command.type === 'OpenCollectionRound') {
    if (state.status !== null) {
      throw new InvalidTransitionError(
        `调度 ${state.roundId}（${state.name}）已于 ${state.openedAt} 开启`,
        `Collection round ${state.roundId} was already opened at ${state.openedAt}`,
        { roundId: state.roundId, status: state.status },
      );
    }
    return open(command, meta);
  }
  if (state.status === null) {
    throw new NotFoundError('调度轮次不存在', 'No such collection round', {
      command: command.type,
    });
  }
  requireOpen(state, command);
  const by = party(meta.actor);
  switch (command.type) {
    case 'ReportCollectionProgress': {
      const task = rosterTask(state, command.taskId);
      authoriseReporter(command, meta.actor, task.leadUnit);
      const first = state.reports[task.taskId];
      if (first) {
        throw new InvalidTransitionError(
          `${first.unit} 已于 ${first.at} 报送任务 ${task.taskId} 本轮进度，每轮只报一次；如需更正请用 correctCollectionReport 并说明原因`,
          `${first.unit} already reported task ${task.taskId} in this round at ${first.at}; a unit reports once per round: use correctCollectionReport with a reason`,
          { roundId: state.roundId, taskId: task.taskId, reportedAt: first.at },
        );
      }
      return [
        {
          type: 'CollectionProgressReported',
          data: {
            taskId: task.taskId,
            unit: task.leadUnit,
            reportedBy: by,
            progressPercent: integerIn('progressPercent', command.progressPercent, 0, 100),
            summary: requiredText('summary', command.summary, TEXT_MAX),
            late: state.dueAt !== null && meta.at > state.dueAt,
            at: meta.at,
          },
        },
      ];
    }
    case 'CorrectCollectionReport': {
      const task = rosterTask(state, command.taskId);
      authoriseReporter(command, meta.actor, task.leadUnit);
      if (!state.reports[task.taskId]) {
        throw new InvalidTransitionError(
          `任务 ${task.taskId} 本轮尚未报送，无可更正；请用 reportCollectionProgress 报送`,
          `Task ${task.taskId} has no report in this round to correct: use reportCollectionProgress`,
          { roundId: state.roundId, taskId: task.taskId },
        );
      }
      return [
        {
          type: 'CollectionReportCorrected',
          data: {
            taskId: task.taskId,
            correctedBy: by,
            progressPercent: integerIn('progressPercent', command.progressPercent, 0, 100),
            summary: requiredText('summary', command.summary, TEXT_MAX),
            reason: reasonFor('correctCollectionReport', meta.reason),
            at: meta.at,
          },
        },
      ];
    }
    case 'FreezeCollectionRound':
      if (!/^\d{1,19}$/.test(command.asOfPosition)) {
        throw new BadInputError(
          'asOfPosition 须为非负整数',
          'asOfPosition must be a non-negative integer',
          { field: 'asOfPosition' },
        );
      }
      return [
        {
          type: 'CollectionRoundFrozen',
          data: {
            asOfPosition: command.asOfPosition,
            asOfTime: isoTime('asOfTime', command.asOfTime),
            figures: validFigures(command.figures),
            frozenBy: by,
            at: meta.at,
          },
        },
      ];
    case 'CancelCollectionRound':
      return [
        {
          type: 'CollectionRoundCancelled',
          data: {
            reason: reasonFor('cancelCollectionRound', meta.reason),
            cancelledBy: by,
            at: meta.at,
          },
        },
      ];
    default:
      return assertNever(command);
  }
}

function evolve(state: CollectionRoundState, event: CollectionEvent): CollectionRoundState {
  switch (event.type) {
    case 'CollectionRoundOpened': {
      const { tasks, openedBy, at, ...rest } = event.data;
      return {
        ...state,
        ...rest,
        status: 'OPEN',
        openedAt: at,
        openedBy,
        tasks: Object.fromEntries(tasks.map((t, order) => [t.taskId, { ...t, order }])),
      };
    }
    case 'CollectionProgressReported': {
      const { taskId, ...report } = event.data;
      return { ...state, reports: { ...state.reports, [taskId]: { ...report, corrections: [] } } };
    }
    case 'CollectionReportCorrected': {
      const { taskId, progressPercent, summary, reason, correctedBy, at } = event.data;
      const before = state.reports[taskId];
      const correction = {
        at,
        reason,
        by: correctedBy,
        before: { progressPercent: before.progressPercent, summary: before.summary },
      };
      const corrected = {
        ...before,
        progressPercent,
        summary,
        corrections: [...before.corrections, correction],
      };
      return { ...state, reports: { ...state.reports, [taskId]: corrected } };
    }
    case 'CollectionRoundFrozen': {
      const { frozenBy, at, ...report } = event.data;
      return { ...state, status: 'FROZEN', report: { ...report, frozenBy, frozenAt: at } };
    }
    case 'CollectionRoundCancelled': {
      const { reason, cancelledBy, at } = event.data;
      return { ...state, status: 'CANCELLED', cancellation: { at, reason, by: cancelledBy } };
    }
    default:
      return assertNever(event);
  }
}

/** One collection round (调度) per stream, `collection-<roundId>`. */
export const collectionDecider: Decider<CollectionRoundState, CollectionCommand, CollectionEvent> =
  {
    streamPrefix: 'collection-',
    initialState: initialRoundState,
    decide,
    evolve,
  };
