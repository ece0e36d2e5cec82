import { hasRole, type Actor, type Role } from '../../common/actor.js';
import { ForbiddenError } from '../../common/errors.js';
import type { CaseCommand } from './case.commands.js';
import type { CaseState } from './case.state.js';

const WRITERS: readonly Role[] = ['DISCIPLINE_AUTHORITY', 'ADMIN'];

/**
 * Who may do what to an accountability case. Only the discipline authority (纪委监委) writes
 * accountability records; the inspection office may also open one, because the referral is its act.
 * Everyone else (auditors, integrators, disclosure officers, implementing entities...) only reads.
 */
export const CASE_POLICY: Readonly<Record<CaseCommand['type'], readonly Role[]>> = {
  OpenAccountabilityCase: ['INSPECTION_OFFICE', ...WRITERS],
  RecordInvestigation: WRITERS,
  AddAccountablePerson: WRITERS,
  RecordSanction: WRITERS,
  CorrectSanction: WRITERS,
  WithdrawSanction: WRITERS,
  ExemptAccountablePerson: WRITERS,
  RecordDamageCompensation: WRITERS,
  RecordDamageCompensationOutcome: WRITERS,
  RecordPublicInterestLitigation: WRITERS,
  RecordPublicInterestLitigationOutcome: WRITERS,
  CloseAccountabilityCase: WRITERS,
  ReopenAccountabilityCase: WRITERS,
};

/**
 * Role first, then scope: a discipline authority writes only the cases it investigates, so one
 * city's commission cannot record sanctions in another's case.
 */
export function authorise(command: CaseCommand, state: CaseState, actor: Actor): void {
  const allowed = CASE_POLICY[command.type];
  if (!hasRole(actor, ...allowed)) {
    throw new ForbiddenError(
      `无权执行 ${command.type}：问责记录仅由 ${allowed.join('、')} 写入`,
      `Not allowed to ${command.type}: accountability records are written only by ${allowed.join(', ')}`,
      { command: command.type, allowedRoles: [...allowed], actorRoles: [...actor.roles] },
    );
  }

  if (hasRole(actor, 'ADMIN')) return;
  // Whose case it is: for an opening, the body it names; after that, the body on record.
  const body =
    command.type === 'OpenAccountabilityCase' ? command.investigatingBody : state.investigatingBody;
  // The inspection office refers a case to any body; a commission writes only its own cases.
  const referral = command.type === 'OpenAccountabilityCase' && hasRole(actor, 'INSPECTION_OFFICE');
  if (referral || !body || actor.organisation === body) return;
  throw new ForbiddenError(
    `无权执行 ${command.type}：本案由${body}调查，只能由其写入（当前单位：${actor.organisation}）`,
    `Not allowed to ${command.type}: this case is investigated by ${body} and only it writes to it (you are ${actor.organisation})`,
    { command: command.type, investigatingBody: body, actorOrganisation: actor.organisation },
  );
}
