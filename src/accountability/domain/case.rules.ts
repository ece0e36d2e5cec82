import { BadInputError, InvalidTransitionError, NotFoundError } from '../../common/errors.js';
import type { CommandMeta } from '../../common/decider.js';
import { CASE_STATUSES } from './case.catalogue.js';
import type { AccountablePerson, CaseState, Sanction } from './case.state.js';
import { TEXT_MAX, requiredText } from '../../common/validation.js';

/** Lookups and guards `decide` shares between commands; each refusal says what is allowed next. */

const STATUS_ZH: Record<(typeof CASE_STATUSES)[number], string> = {
  REFERRED: '已移交',
  INVESTIGATING: '调查中',
  CLOSED: '已办结',
};

export function requireOpened(state: CaseState, command: string): void {
  if (state.status === null) {
    throw new NotFoundError(
      '问责案件不存在：请先移交立案（openAccountabilityCase）',
      `No such accountability case: open it first (openAccountabilityCase) before ${command}`,
      { command },
    );
  }
}

export function requireNotClosed(state: CaseState, command: string): void {
  if (state.status === 'CLOSED') {
    throw new InvalidTransitionError(
      `案件已办结，不能执行 ${command}；如需补正请先重新启动（reopenAccountabilityCase）`,
      `The case is CLOSED: ${command} is not allowed; reopen it first (reopenAccountabilityCase)`,
      { status: state.status, allowed: ['ReopenAccountabilityCase'] },
    );
  }
}

export const statusLabel = (state: CaseState): string =>
  state.status ? `${STATUS_ZH[state.status]} ${state.status}` : '未立案 NONE';

export function findPerson(state: CaseState, personId: string): AccountablePerson {
  const person = Object.hasOwn(state.persons, personId) ? state.persons[personId] : undefined;
  if (!person) {
    throw new NotFoundError(
      `本案没有人员 ${personId}：请先添加问责人员（addAccountablePerson）`,
      `Person ${personId} is not in this case: add them first (addAccountablePerson)`,
      { personId },
    );
  }
  return person;
}

export function findSanction(person: AccountablePerson, sanctionId: string): Sanction {
  const sanction = Object.hasOwn(person.sanctions, sanctionId)
    ? person.sanctions[sanctionId]
    : undefined;
  if (!sanction) {
    throw new NotFoundError(
      `${person.name} 没有处理决定 ${sanctionId}`,
      `${person.name} (${person.personId}) has no sanction ${sanctionId}`,
      { personId: person.personId, sanctionId },
    );
  }
  return sanction;
}

export function requireNotWithdrawn(sanction: Sanction, command: string): void {
  if (sanction.status === 'WITHDRAWN') {
    throw new InvalidTransitionError(
      `处理决定 ${sanction.sanctionId} 已撤销，不能再${command === 'WithdrawSanction' ? '撤销' : '更正'}；如有新决定请另行记录`,
      `Sanction ${sanction.sanctionId} is WITHDRAWN: ${command} is not allowed; record a new sanction instead`,
      { sanctionId: sanction.sanctionId, status: sanction.status, allowed: ['RecordSanction'] },
    );
  }
}

/** Corrections, withdrawals, exemptions and reopenings change the record: they must say why. */
export function requiredReason(meta: CommandMeta, command: string): string {
  if (!meta.reason?.trim()) {
    throw new BadInputError(
      `${command} 须说明原因（reason）`,
      `${command} needs a reason: say why in the input's reason field`,
      { field: 'reason' },
    );
  }
  return requiredText('reason', meta.reason, TEXT_MAX);
}

export function sanctionIdTaken(state: CaseState, sanctionId: string): boolean {
  return Object.values(state.persons).some((p) => Object.hasOwn(p.sanctions, sanctionId));
}
