import { assertNever, type CommandMeta } from '../../common/decider.js';
import { BadInputError, InvalidTransitionError, NotFoundError } from '../../common/errors.js';
import {
  count,
  integerIn,
  isoDate,
  oneOf,
  optionalAmount,
  optionalText,
  recordId,
  regionCode,
  requiredText,
  TEXT_MAX,
} from '../../common/validation.js';
import {
  CHANNELS,
  POLLUTION_TYPES,
  STATUS_LABELS,
  VERIFICATION_RESULTS,
  type ComplaintStatus,
  type PollutionType,
} from './complaint.catalogue.js';
import type {
  ComplaintCommand,
  HandOverComplaint,
  RecordComplaintEnforcement,
} from './complaint.commands.js';
import type { ComplaintEvent } from './complaint.events.js';
import { complaintIdOf } from './complaint.ids.js';
import { authoriseComplaint } from './complaint.policy.js';
import type { ComplaintState, Enforcement } from './complaint.state.js';

/** A tracking number is text as the team wrote it, within reason for one line. */
const TRACKING_MAX = 64;
const LINKED_TASKS_MAX = 200;
const BATCH_MAX = 10_000;

const statusLabel = (s: ComplaintState): string =>
  s.status ? `${STATUS_LABELS[s.status]} ${s.status}` : '未交办 NONE';

/** Refuses a command the case's status does not allow, naming the statuses that would. */
function requireStatus(
  state: ComplaintState,
  command: string,
  allowed: readonly ComplaintStatus[],
  zh: string,
  en: string,
): void {
  if (state.status && allowed.includes(state.status)) return;
  throw new InvalidTransitionError(
    `信访件当前为 ${statusLabel(state)}，不能执行 ${command}：${zh}`,
    `The complaint case is ${state.status ?? 'NONE'}: ${command} is not allowed: ${en}`,
    { status: state.status, command, allowedFrom: [...allowed] },
  );
}

function requiredReason(meta: CommandMeta, command: string, why: string): string {
  if (!meta.reason?.trim()) {
    throw new BadInputError(
      `${command} 须说明原因（reason）：${why}`,
      `${command} needs a reason (the input's reason field)`,
      { field: 'reason' },
    );
  }
  return requiredText('reason', meta.reason, TEXT_MAX);
}

/**
 * The pure decision: authorise, check the input, check the case's state, answer with events. The
 * lifecycle: handed over → investigating → verified (result and findings) → handled (handling and
 * rectification) → closed, or closed in stages and finally closed later; a closed case is reopened
 * with a reason and goes through verification and handling again.
 */
export function decideComplaint(
  command: ComplaintCommand,
  state: ComplaintState,
  meta: CommandMeta,
): ComplaintEvent[] {
  authoriseComplaint(command, state, meta.actor);
  const at = meta.at;
  if (command.type === 'HandOverComplaint') return [handedOver(command, state, at)];
  if (state.status === null) {
    throw new NotFoundError(
      '信访件不存在：请先交办（handOverComplaint）',
      `No such complaint case: hand it over first (handOverComplaint) before ${command.type}`,
      { command: command.type },
    );
  }
  switch (command.type) {
    case 'StartComplaintInvestigation':
      requireStatus(
        state,
        command.type,
        ['HANDED_OVER'],
        '只有刚交办的信访件才开始调查',
        'only a case just handed over starts its investigation',
      );
      return [{ type: 'ComplaintInvestigationStarted', data: { at } }];
    case 'RecordComplaintVerification': {
      const result = oneOf('result', command.result, VERIFICATION_RESULTS);
      const findings = requiredText('findings', command.findings, TEXT_MAX);
      requireStatus(
        state,
        command.type,
        ['INVESTIGATING', 'VERIFIED', 'HANDLED'],
        '须先开始调查核实（startComplaintInvestigation）',
        'start the investigation first (startComplaintInvestigation)',
      );
      // A result already on record (and not superseded by a reopening) is corrected, with a reason.
      if (state.verification && state.status !== 'INVESTIGATING') {
        requiredReason(meta, command.type, '更正已记录的核实结果');
      }
      return [{ type: 'ComplaintVerificationRecorded', data: { result, findings, at } }];
    }
    case 'RecordComplaintHandling': {
      const handling = requiredText('handling', command.handling, TEXT_MAX);
      const accountability = optionalText('accountability', command.accountability, TEXT_MAX);
      requireStatus(
        state,
        command.type,
        ['VERIFIED', 'HANDLED'],
        '须先记录核实结果（recordComplaintVerification）',
        'record the verification result first (recordComplaintVerification)',
      );
      return [{ type: 'ComplaintHandlingRecorded', data: { handling, accountability, at } }];
    }
    case 'RecordComplaintEnforcement': {
      const figures = enforcement(command);
      requireStatus(
        state,
        command.type,
        ['VERIFIED', 'HANDLED', 'CLOSED_IN_STAGES'],
        '须先记录核实结果，且信访件未最终办结',
        'record the verification result first; a closed case is reopened before it changes',
      );
      return [{ type: 'ComplaintEnforcementRecorded', data: { ...figures, at } }];
    }
    case 'LinkComplaintTasks': {
      const taskIds = [...new Set(command.taskIds.map((id) => recordId('taskIds', id)))];
      if (!taskIds.length) {
        throw new BadInputError('taskIds：至少给一项整改任务', 'taskIds: give at least one task', {
          field: 'taskIds',
        });
      }
      const fresh = taskIds.filter((id) => !state.linkedTaskIds.includes(id));
      if (state.linkedTaskIds.length + fresh.length > LINKED_TASKS_MAX) {
        throw new BadInputError(
          `taskIds：每件信访件至多关联 ${LINKED_TASKS_MAX} 项整改任务`,
          `taskIds: a complaint case links at most ${LINKED_TASKS_MAX} tasks`,
          { field: 'taskIds', max: LINKED_TASKS_MAX },
        );
      }
      if (!fresh.length) {
        throw new InvalidTransitionError(
          '这些整改任务已关联，无需重复关联',
          'These tasks are already linked',
          { taskIds },
        );
      }
      return [{ type: 'ComplaintTasksLinked', data: { taskIds: fresh, at } }];
    }
    case 'CloseComplaintInStages': {
      const remaining = requiredText('remaining', command.remaining, TEXT_MAX);
      const remainingDueOn = isoDate('remainingDueOn', command.remainingDueOn);
      requireStatus(
        state,
        command.type,
        ['HANDLED'],
        '须先记录处理和整改情况（recordComplaintHandling）',
        'record the handling and rectification first (recordComplaintHandling)',
      );
      return [{ type: 'ComplaintClosedInStages', data: { remaining, remainingDueOn, at } }];
    }
    case 'CloseComplaint': {
      const summary = optionalText('summary', command.summary, TEXT_MAX);
      requireStatus(
        state,
        command.type,
        ['HANDLED', 'CLOSED_IN_STAGES'],
        '须先记录核实结果和处理整改情况',
        'record the verification result and the handling and rectification first',
      );
      return [{ type: 'ComplaintClosed', data: { summary, at } }];
    }
    case 'ReopenComplaint': {
      requireStatus(
        state,
        command.type,
        ['CLOSED', 'CLOSED_IN_STAGES'],
        '只有已办结或阶段性办结的信访件才能重新办理',
        'only a CLOSED or CLOSED_IN_STAGES case is reopened',
      );
      const reason = requiredReason(meta, command.type, '如重复举报、核查未通过');
      return [{ type: 'ComplaintReopened', data: { reason, at } }];
    }
    default:
      return assertNever(command);
  }
}

function handedOver(command: HandOverComplaint, state: ComplaintState, at: string): ComplaintEvent {
  const inspectionId = recordId('inspectionId', command.inspectionId);
  const trackingNumber = requiredText('trackingNumber', command.trackingNumber, TRACKING_MAX);
  if (/\s/.test(trackingNumber)) {
    throw new BadInputError(
      'trackingNumber：受理编号不能含空白',
      'trackingNumber: a tracking number holds no spaces',
      { field: 'trackingNumber' },
    );
  }
  const complaintId = recordId('complaintId', command.complaintId);
  if (complaintId !== complaintIdOf(inspectionId, trackingNumber)) {
    throw new BadInputError(
      'complaintId：信访件编号由督察轮次和受理编号派生（complaintIdOf）',
      'complaintId: a complaint id is derived from the inspection and the tracking number (complaintIdOf)',
      { field: 'complaintId' },
    );
  }
  let duplicateOf = null;
  const earlier = optionalText('duplicateOf', command.duplicateOf, TRACKING_MAX);
  if (earlier) {
    if (earlier.toUpperCase() === trackingNumber.toUpperCase()) {
      throw new BadInputError(
        'duplicateOf：重复件不能指向自身',
        'duplicateOf: a case cannot be a duplicate of itself',
        { field: 'duplicateOf' },
      );
    }
    duplicateOf = { complaintId: complaintIdOf(inspectionId, earlier), trackingNumber: earlier };
  }
  const types = command.pollutionTypes.map((t) => oneOf('pollutionTypes', t, POLLUTION_TYPES));
  if (!types.length) {
    throw new BadInputError(
      'pollutionTypes：至少一种污染类型',
      'pollutionTypes: give at least one pollution type',
      { field: 'pollutionTypes' },
    );
  }
  const data = {
    complaintId,
    inspectionId,
    batch: integerIn('batch', command.batch, 1, BATCH_MAX),
    handedOverOn: isoDate('handedOverOn', command.handedOverOn),
    trackingNumber,
    channel: oneOf('channel', command.channel, CHANNELS),
    keyAttention: command.keyAttention === true,
    duplicateOf,
    regionCode: regionCode('regionCode', command.regionCode),
    regionName: requiredText('regionName', command.regionName, 100),
    // In catalogue order, once each: the same set reads the same way everywhere.
    pollutionTypes: POLLUTION_TYPES.filter((t) => types.includes(t)) as PollutionType[],
    description: requiredText('description', command.description, TEXT_MAX),
    handedTo: requiredText('handedTo', command.handedTo),
    replyDueOn: isoDate('replyDueOn', command.replyDueOn),
    at,
  };
  if (data.replyDueOn < data.handedOverOn) {
    throw new BadInputError(
      'replyDueOn：答复期限早于交办日期',
      'replyDueOn: the reply is due before the case was handed over',
      { field: 'replyDueOn' },
    );
  }
  if (state.status !== null) {
    throw new InvalidTransitionError(
      `受理编号 ${trackingNumber} 已在本轮督察中交办（${statusLabel(state)}，第 ${state.batch} 批），受理编号在一轮督察中不能重复`,
      `Tracking number ${trackingNumber} was already handed over in this inspection (${state.status}, batch ${state.batch}); it is unique per inspection`,
      { trackingNumber, status: state.status, batch: state.batch },
    );
  }
  return { type: 'ComplaintHandedOver', data };
}

function enforcement(command: RecordComplaintEnforcement): Enforcement {
  const ids = (command.accountabilityCaseIds ?? []).map((id) =>
    recordId('accountabilityCaseIds', id),
  );
  const fine = optionalAmount('fineYuan', command.fineYuan);
  if (fine === null) {
    throw new BadInputError(
      'fineYuan：须为非负金额（元）',
      'fineYuan: an amount in yuan is required',
      {
        field: 'fineYuan',
      },
    );
  }
  const figures: Enforcement = {
    orderedToRectify: count('orderedToRectify', command.orderedToRectify),
    penaltyCases: count('penaltyCases', command.penaltyCases),
    fineYuan: fine,
    criminalCases: count('criminalCases', command.criminalCases),
    administrativeDetentions: count('administrativeDetentions', command.administrativeDetentions),
    criminalDetentions: count('criminalDetentions', command.criminalDetentions),
    summonedTalks: count('summonedTalks', command.summonedTalks),
    peopleHeldAccountable: count('peopleHeldAccountable', command.peopleHeldAccountable),
    accountabilityCaseIds: [...new Set(ids)],
  };
  if (figures.accountabilityCaseIds.length > figures.peopleHeldAccountable) {
    throw new BadInputError(
      'accountabilityCaseIds：关联的问责案件多于问责人数',
      'accountabilityCaseIds: more accountability cases than people held accountable',
      { field: 'accountabilityCaseIds' },
    );
  }
  return figures;
}
