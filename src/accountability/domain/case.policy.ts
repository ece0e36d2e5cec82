import { hasRole, type Actor, type Role } from '../../common/actor.js';
import { ForbiddenError } from '../../common/errors.js';
import { sanctionInfo } from './case.catalogue.js';
import type { CaseCommand } from './case.commands.js';
import type { CaseState } from './case.state.js';

const COMMISSION: readonly Role[] = ['DISCIPLINE_AUTHORITY', 'ADMIN'];
const SANCTIONS: readonly Role[] = [...COMMISSION, 'ORGANISATION_DEPARTMENT'];
const CLAIMANT: readonly Role[] = ['DAMAGE_COMPENSATION_CLAIMANT', 'ADMIN'];
const PROCURATORATE: readonly Role[] = ['PROCURATORATE', 'ADMIN'];

/**
 * Who may do what to an accountability case. The discipline authority (纪委监委) investigates and
 * decides; the inspection office may also open a case, because the referral is its act. Since
 * issue 14 the other parties write their own parts: the organisation department (组织部) records the
 * 诫勉 and organisational handling it decided; damage-compensation claims are brought by the
 * departments the government designates (赔偿权利人), public-interest suits by the procuratorate.
 * Everyone else (auditors, integrators, disclosure officers, implementing entities...) only reads.
 */
export const CASE_POLICY: Readonly<Record<CaseCommand['type'], readonly Role[]>> = {
  OpenAccountabilityCase: ['INSPECTION_OFFICE', ...COMMISSION],
  RecordInvestigation: COMMISSION,
  AddAccountablePerson: COMMISSION,
  RecordSanction: SANCTIONS,
  CorrectSanction: SANCTIONS,
  WithdrawSanction: SANCTIONS,
  ExemptAccountablePerson: COMMISSION,
  HoldUnitAccountable: COMMISSION,
  WithdrawUnitAccountability: COMMISSION,
  RecordDamageCompensation: CLAIMANT,
  RecordDamageCompensationOutcome: CLAIMANT,
  RecordPublicInterestLitigation: PROCURATORATE,
  RecordPublicInterestLitigationOutcome: PROCURATORATE,
  CloseAccountabilityCase: COMMISSION,
  ReopenAccountabilityCase: COMMISSION,
};

const refuse = (command: string, zh: string, en: string, details: Record<string, unknown>) =>
  new ForbiddenError(`无权执行 ${command}：${zh}`, `Not allowed to ${command}: ${en}`, {
    command,
    ...details,
  });

/**
 * Role first, then scope: each party writes only its own part. A discipline authority writes the
 * cases it investigates; an organisation department only decisions of the organisational kinds that
 * it made itself (the decision's deciding body); a claimant only its own claims; a procuratorate
 * only its own suits.
 */
export function authorise(command: CaseCommand, state: CaseState, actor: Actor): void {
  const allowed = CASE_POLICY[command.type];
  if (!hasRole(actor, ...allowed)) {
    throw refuse(
      command.type,
      `问责记录的这一部分仅由 ${allowed.join('、')} 写入`,
      `this part of an accountability record is written only by ${allowed.join(', ')}`,
      { allowedRoles: [...allowed], actorRoles: [...actor.roles] },
    );
  }
  if (hasRole(actor, 'ADMIN')) return;
  const referral = command.type === 'OpenAccountabilityCase' && hasRole(actor, 'INSPECTION_OFFICE');
  if (referral) return;
  if (hasRole(actor, 'DISCIPLINE_AUTHORITY') && commissionMayWrite(command, state, actor)) return;
  if (hasRole(actor, 'ORGANISATION_DEPARTMENT') && organisationMayWrite(command, state, actor)) {
    return;
  }
  switch (command.type) {
    case 'RecordDamageCompensation':
    case 'RecordDamageCompensationOutcome': {
      const claimant =
        command.type === 'RecordDamageCompensation'
          ? command.claimant
          : ownValue(state.compensationClaims, command.claimId)?.claimant;
      if (claimant === undefined || claimant === actor.organisation) return;
      throw refuse(
        command.type,
        `赔偿权利人为${claimant}，只能由其记录（当前单位：${actor.organisation}）`,
        `the claim is brought by ${claimant} and only it records it (you are ${actor.organisation})`,
        { claimant, actorOrganisation: actor.organisation },
      );
    }
    case 'RecordPublicInterestLitigation':
    case 'RecordPublicInterestLitigationOutcome': {
      const court =
        command.type === 'RecordPublicInterestLitigation'
          ? command.referredTo
          : ownValue(state.litigations, command.litigationId)?.referredTo;
      if (court === undefined || court === actor.organisation) return;
      throw refuse(
        command.type,
        `公益诉讼由${court}办理，只能由其记录（当前单位：${actor.organisation}）`,
        `the suit is brought by ${court} and only it records it (you are ${actor.organisation})`,
        { referredTo: court, actorOrganisation: actor.organisation },
      );
    }
    default:
      break;
  }
  if (hasRole(actor, 'ORGANISATION_DEPARTMENT') && !hasRole(actor, 'DISCIPLINE_AUTHORITY')) {
    throw refuse(
      command.type,
      `组织部只记录本部门作出的诫勉和组织处理决定（当前单位：${actor.organisation}）`,
      `an organisation department records only admonishments and organisational handling it decided itself (you are ${actor.organisation})`,
      { actorOrganisation: actor.organisation },
    );
  }
  const body =
    command.type === 'OpenAccountabilityCase' ? command.investigatingBody : state.investigatingBody;
  throw refuse(
    command.type,
    `本案由${body}调查，只能由其写入（当前单位：${actor.organisation}）`,
    `this case is investigated by ${body} and only it writes to it (you are ${actor.organisation})`,
    { investigatingBody: body, actorOrganisation: actor.organisation },
  );
}

/** A commission writes the cases it investigates; the inspection office refers to any body. */
function commissionMayWrite(command: CaseCommand, state: CaseState, actor: Actor): boolean {
  if (!CASE_POLICY[command.type].includes('DISCIPLINE_AUTHORITY')) return false;
  const body =
    command.type === 'OpenAccountabilityCase' ? command.investigatingBody : state.investigatingBody;
  return !body || actor.organisation === body;
}

/** An organisation department: organisational kinds only, and only decisions it made itself. */
function organisationMayWrite(command: CaseCommand, state: CaseState, actor: Actor): boolean {
  if (
    command.type !== 'RecordSanction' &&
    command.type !== 'CorrectSanction' &&
    command.type !== 'WithdrawSanction'
  ) {
    return false;
  }
  const person = ownValue(state.persons, command.personId);
  const existing = person && ownValue(person.sanctions, command.sanctionId);
  if (command.type !== 'RecordSanction' && !existing) return true; // NOT_FOUND comes from decide
  const mine = (s: { kind: string; decidingBody: string }) =>
    sanctionInfo(s.kind)?.organisational === true && s.decidingBody === actor.organisation;
  if (existing && !mine(existing)) return false;
  return command.type === 'WithdrawSanction' || mine(command);
}

const ownValue = <T>(record: Record<string, T>, id: unknown): T | undefined =>
  typeof id === 'string' && Object.hasOwn(record, id) ? record[id] : undefined;
