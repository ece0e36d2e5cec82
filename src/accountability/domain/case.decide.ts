import { assertNever, type CommandMeta } from '../../common/decider.js';
import { BadInputError, InvalidTransitionError, NotFoundError } from '../../common/errors.js';
import { withinRecordLimit, type RecordNoun } from '../../common/limits.js';
import {
  count,
  isoDate,
  oneOf,
  optionalAmount,
  optionalIsoDate,
  optionalText,
  recordId,
  requiredText,
  TEXT_MAX,
  TITLE_MAX,
} from '../../common/validation.js';
import {
  COMPENSATION_RESULTS,
  LITIGATION_RESULTS,
  ORGANISATION_TYPES,
  RANKS,
  RESPONSIBILITY_TYPES,
  UNIT_METHODS,
} from './case.catalogue.js';
import type {
  CaseCommand,
  HoldUnitAccountable,
  OpenAccountabilityCase,
  WithdrawUnitAccountability,
} from './case.commands.js';
import { closingBlockers } from './case.closing.js';
import type { CaseEvent } from './case.events.js';
import { authorise } from './case.policy.js';
import { requiredReason, requireNotClosed, requireOpened, statusLabel } from './case.rules.js';
import { decideSanction } from './case.sanctions.js';
import type { CaseState } from './case.state.js';

const MAX_LINKED_TASKS = 500;

/**
 * What may be written to a closed case: its reopening, and claims and suits, which run on for years
 * after the case is concluded (issue 14) and are brought by their own parties.
 */
const RUNS_ON_AFTER_CLOSING: ReadonlySet<CaseCommand['type']> = new Set([
  'ReopenAccountabilityCase',
  'RecordDamageCompensation',
  'RecordDamageCompensationOutcome',
  'RecordPublicInterestLitigation',
  'RecordPublicInterestLitigationOutcome',
]);

/** What one case may hold (issue 19): checked here, never in evolve, so older events still fold. */
export const PERSONS_PER_CASE_MAX = 500;
export const CLAIMS_PER_CASE_MAX = 100;
export const LITIGATIONS_PER_CASE_MAX = 100;
export const UNITS_PER_CASE_MAX = 200;
const A_CASE: RecordNoun = { zh: '每个问责案件', en: 'a case' };
const withinCase = (field: string, held: object, max: number): void =>
  withinRecordLimit(field, A_CASE, Object.keys(held).length, 1, max);

/**
 * The pure decision: authorise, check the input, check the case's state, answer with events.
 * Permission comes before existence and state, so a refusal tells an outsider nothing about the
 * case: the role first (case.policy), then the scope (whose case it is), which needs the case on
 * record and so is passed over for a case not yet opened, whose NOT_FOUND comes after.
 */
export function decideCase(command: CaseCommand, state: CaseState, meta: CommandMeta): CaseEvent[] {
  authorise(command, state, meta.actor);
  const at = meta.at;
  if (command.type === 'OpenAccountabilityCase') return [opened(command, state, at)];
  requireOpened(state, command.type);
  if (!RUNS_ON_AFTER_CLOSING.has(command.type)) requireNotClosed(state, command.type);
  switch (command.type) {
    case 'RecordInvestigation':
      return [
        {
          type: 'InvestigationRecorded',
          data: {
            teams: count('teams', command.teams, 10_000),
            interviews: count('interviews', command.interviews),
            findings: requiredText('findings', command.findings, TEXT_MAX),
            at,
          },
        },
      ];
    case 'AddAccountablePerson': {
      const personId = recordId('personId', command.personId);
      const data = {
        personId,
        name: requiredText('name', command.name, 100),
        positionAtTheTime: requiredText('positionAtTheTime', command.positionAtTheTime),
        currentPosition: optionalText('currentPosition', command.currentPosition, TITLE_MAX),
        rank: oneOf('rank', command.rank, RANKS),
        organisationType: oneOf('organisationType', command.organisationType, ORGANISATION_TYPES),
        responsibilityType: oneOf(
          'responsibilityType',
          command.responsibilityType,
          RESPONSIBILITY_TYPES,
        ),
        at,
      };
      if (Object.hasOwn(state.persons, personId)) {
        throw new InvalidTransitionError(
          `人员 ${personId} 已在本案中；如需更正其处理决定请用 correctSanction`,
          `Person ${personId} is already in this case; use correctSanction to change a decision`,
          { personId },
        );
      }
      withinCase('personId', state.persons, PERSONS_PER_CASE_MAX);
      return [{ type: 'AccountablePersonAdded', data }];
    }
    case 'RecordSanction':
    case 'CorrectSanction':
    case 'WithdrawSanction':
    case 'ExemptAccountablePerson':
      return [decideSanction(command, state, meta)];
    case 'HoldUnitAccountable':
    case 'WithdrawUnitAccountability':
      return [decideUnit(command, state, meta)];
    case 'RecordDamageCompensation': {
      const claimId = recordId('claimId', command.claimId);
      const data = {
        claimId,
        claimant: requiredText('claimant', command.claimant),
        respondent: requiredText('respondent', command.respondent),
        description: requiredText('description', command.description, TEXT_MAX),
        amountClaimed: optionalAmount('amountClaimed', command.amountClaimed),
        filedOn: isoDate('filedOn', command.filedOn),
        at,
      };
      if (Object.hasOwn(state.compensationClaims, claimId)) {
        throw duplicate('损害赔偿磋商/诉讼', 'damage-compensation claim', claimId);
      }
      withinCase('claimId', state.compensationClaims, CLAIMS_PER_CASE_MAX);
      return [{ type: 'DamageCompensationClaimed', data }];
    }
    case 'RecordDamageCompensationOutcome': {
      const data = {
        claimId: recordId('claimId', command.claimId),
        result: oneOf('result', command.result, COMPENSATION_RESULTS),
        amountAgreed: optionalAmount('amountAgreed', command.amountAgreed),
        decidedOn: isoDate('decidedOn', command.decidedOn),
        note: optionalText('note', command.note, TEXT_MAX),
        at,
      };
      const claim = own(state.compensationClaims, data.claimId);
      if (!claim) throw missing('损害赔偿', 'damage-compensation claim', data.claimId);
      if (claim.outcome) throw concluded('损害赔偿', 'damage-compensation claim', data.claimId);
      return [{ type: 'DamageCompensationConcluded', data }];
    }
    case 'RecordPublicInterestLitigation': {
      const litigationId = recordId('litigationId', command.litigationId);
      const data = {
        litigationId,
        referredTo: requiredText('referredTo', command.referredTo),
        description: requiredText('description', command.description, TEXT_MAX),
        referredOn: isoDate('referredOn', command.referredOn),
        at,
      };
      if (Object.hasOwn(state.litigations, litigationId)) {
        throw duplicate('公益诉讼线索', 'public-interest litigation', litigationId);
      }
      withinCase('litigationId', state.litigations, LITIGATIONS_PER_CASE_MAX);
      return [{ type: 'PublicInterestLitigationReferred', data }];
    }
    case 'RecordPublicInterestLitigationOutcome': {
      const data = {
        litigationId: recordId('litigationId', command.litigationId),
        result: oneOf('result', command.result, LITIGATION_RESULTS),
        decidedOn: isoDate('decidedOn', command.decidedOn),
        note: optionalText('note', command.note, TEXT_MAX),
        at,
      };
      const litigation = own(state.litigations, data.litigationId);
      if (!litigation) throw missing('公益诉讼', 'public-interest litigation', data.litigationId);
      if (litigation.outcome) {
        throw concluded('公益诉讼', 'public-interest litigation', data.litigationId);
      }
      return [{ type: 'PublicInterestLitigationConcluded', data }];
    }
    case 'CloseAccountabilityCase': {
      const summary = optionalText('summary', command.summary, TEXT_MAX);
      const blockers = closingBlockers(state);
      if (blockers.length) {
        throw new InvalidTransitionError(
          `案件（${statusLabel(state)}）尚不能办结：${blockers.map((b) => b.zh).join('；')}`,
          `The case (${state.status}) cannot be closed yet: ${blockers.map((b) => b.en).join('; ')}`,
          { status: state.status, blockers: blockers.map((b) => b.code) },
        );
      }
      return [{ type: 'AccountabilityCaseClosed', data: { summary, at } }];
    }
    case 'ReopenAccountabilityCase': {
      if (state.status !== 'CLOSED') {
        throw new InvalidTransitionError(
          `案件当前为 ${statusLabel(state)}，只有已办结的案件才能重新启动`,
          `The case is ${state.status}: only a CLOSED case can be reopened`,
          { status: state.status, allowed: ['CLOSED -> ReopenAccountabilityCase'] },
        );
      }
      const reason = requiredReason(meta, command.type);
      return [{ type: 'AccountabilityCaseReopened', data: { reason, at } }];
    }
    default:
      return assertNever(command);
  }
}

function decideUnit(
  command: HoldUnitAccountable | WithdrawUnitAccountability,
  state: CaseState,
  meta: CommandMeta,
): CaseEvent {
  const at = meta.at;
  const unitId = recordId('unitId', command.unitId);
  const units = state.units ?? {};
  if (command.type === 'WithdrawUnitAccountability') {
    const reason = requiredReason(meta, command.type);
    const unit = own(units, unitId);
    if (!unit) throw missing('单位问责', 'unit held accountable', unitId);
    if (unit.status === 'WITHDRAWN') {
      throw new InvalidTransitionError(
        `单位问责 ${unitId} 已撤销`,
        `The accountability of unit ${unitId} is already withdrawn`,
        { unitId, status: unit.status },
      );
    }
    return { type: 'UnitAccountabilityWithdrawn', data: { unitId, reason, at } };
  }
  const given: readonly unknown[] = Array.isArray(command.methods) ? command.methods : [];
  const methods = [...new Set(given)].map((m) => oneOf('methods', m, UNIT_METHODS));
  if (!methods.length) {
    throw new BadInputError('须给出问责方式（methods）', 'Give at least one method', {
      field: 'methods',
      allowed: [...UNIT_METHODS],
    });
  }
  const data = {
    unitId,
    name: requiredText('name', command.name, TITLE_MAX),
    organisationType: oneOf('organisationType', command.organisationType, ORGANISATION_TYPES),
    methods,
    decidingBody: requiredText('decidingBody', command.decidingBody),
    decidedOn: isoDate('decidedOn', command.decidedOn),
    publishedOn: optionalIsoDate('publishedOn', command.publishedOn),
    publishedIn: optionalText('publishedIn', command.publishedIn, TITLE_MAX),
    note: optionalText('note', command.note, TEXT_MAX),
    at,
  };
  if (Object.hasOwn(units, unitId)) throw duplicate('单位问责', 'unit held accountable', unitId);
  // The same unit twice would count twice in "对 N 个单位" of the announcement.
  if (Object.values(units).some((u) => u.status === 'IN_FORCE' && u.name === data.name)) {
    throw new InvalidTransitionError(
      `${data.name} 在本案已有生效的单位问责决定；如有变化请撤销原决定后重新记录`,
      `${data.name} is already held accountable in this case; withdraw that decision and record a new one`,
      { name: data.name },
    );
  }
  withinCase('unitId', units, UNITS_PER_CASE_MAX);
  return { type: 'UnitHeldAccountable', data };
}

function opened(command: OpenAccountabilityCase, state: CaseState, at: string): CaseEvent {
  const caseId = recordId('caseId', command.caseId);
  const sourceTaskId =
    command.sourceTaskId == null ? null : recordId('sourceTaskId', command.sourceTaskId);
  const linked = (command.linkedTaskIds ?? []).map((id) => recordId('linkedTaskIds', id));
  if (sourceTaskId) linked.push(sourceTaskId);
  const linkedTaskIds = [...new Set(linked)];
  if (linkedTaskIds.length > MAX_LINKED_TASKS) {
    throw new BadInputError(
      `关联整改任务过多（上限 ${MAX_LINKED_TASKS}）`,
      `Too many linked tasks (at most ${MAX_LINKED_TASKS})`,
      { field: 'linkedTaskIds' },
    );
  }
  const data = {
    caseId,
    inspectionId: recordId('inspectionId', command.inspectionId),
    referenceNumber: optionalText('referenceNumber', command.referenceNumber, 100),
    referredProblem: requiredText('referredProblem', command.referredProblem, TEXT_MAX),
    linkedTaskIds,
    sourceTaskId,
    investigatingBody: requiredText('investigatingBody', command.investigatingBody),
    referredOn: isoDate('referredOn', command.referredOn),
    at,
  };
  if (state.status !== null) {
    throw new InvalidTransitionError(
      `问责案件 ${caseId} 已立案（${statusLabel(state)}），不能重复移交`,
      `Accountability case ${caseId} is already open (${state.status}); it cannot be opened twice`,
      { caseId, status: state.status },
    );
  }
  return { type: 'AccountabilityCaseOpened', data };
}

/** Ids are keys of plain objects: look up own keys only (an id may be spelt `constructor`). */
const own = <T>(record: Record<string, T>, id: string): T | undefined =>
  Object.hasOwn(record, id) ? record[id] : undefined;

const duplicate = (zh: string, en: string, id: string) =>
  new InvalidTransitionError(`${zh} ${id} 已记录`, `The ${en} ${id} is already recorded`, { id });

const missing = (zh: string, en: string, id: string) =>
  new NotFoundError(`本案没有${zh}记录 ${id}`, `This case has no ${en} ${id}`, { id });

const concluded = (zh: string, en: string, id: string) =>
  new InvalidTransitionError(
    `${zh} ${id} 的结果已记录，不能重复记录`,
    `The ${en} ${id} already has an outcome recorded`,
    { id },
  );
