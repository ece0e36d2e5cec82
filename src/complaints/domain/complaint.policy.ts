import { hasRole, type Actor, type Role } from '../../common/actor.js';
import { ForbiddenError } from '../../common/errors.js';
import type { ComplaintCommand } from './complaint.commands.js';
import type { ComplaintState } from './complaint.state.js';

const OFFICE: readonly Role[] = ['INSPECTION_OFFICE', 'ADMIN'];
/** The unit a case was handed to investigates and reports; the office may enter it for them. */
const HANDLERS: readonly Role[] = [...OFFICE, 'IMPLEMENTING_ENTITY', 'CITY_GOVERNMENT'];

/**
 * Who may do what to a complaint case. The provincial inspection office receives the team's
 * batches and decides when a case is closed; the unit it was handed to investigates, verifies and
 * records its handling and enforcement. Everyone else only reads.
 */
export const COMPLAINT_POLICY: Readonly<Record<ComplaintCommand['type'], readonly Role[]>> = {
  HandOverComplaint: OFFICE,
  StartComplaintInvestigation: HANDLERS,
  RecordComplaintVerification: HANDLERS,
  RecordComplaintHandling: HANDLERS,
  RecordComplaintEnforcement: HANDLERS,
  LinkComplaintTasks: OFFICE,
  CloseComplaintInStages: OFFICE,
  CloseComplaint: OFFICE,
  ReopenComplaint: OFFICE,
};

/** Role first, then scope: a unit writes only the cases handed to it. */
export function authoriseComplaint(
  command: ComplaintCommand,
  state: ComplaintState,
  actor: Actor,
): void {
  const allowed = COMPLAINT_POLICY[command.type];
  if (!hasRole(actor, ...allowed)) {
    throw new ForbiddenError(
      `无权执行 ${command.type}：只能由 ${allowed.join('、')} 进行`,
      `Not allowed to ${command.type}: only ${allowed.join(', ')} may`,
      { command: command.type, allowedRoles: [...allowed], actorRoles: [...actor.roles] },
    );
  }
  if (hasRole(actor, ...OFFICE) || !state.handedTo) return;
  if (actor.organisation === state.handedTo) return;
  throw new ForbiddenError(
    `无权执行 ${command.type}：本件交办给${state.handedTo}，只能由其或省督察办写入（当前单位：${actor.organisation}）`,
    `Not allowed to ${command.type}: this case was handed to ${state.handedTo}; only it or the inspection office writes to it (you are ${actor.organisation})`,
    { command: command.type, handedTo: state.handedTo, actorOrganisation: actor.organisation },
  );
}
