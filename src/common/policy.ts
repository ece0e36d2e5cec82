import { hasRole, type Actor, type Role } from './actor.js';
import { ForbiddenError } from './errors.js';

/** Who may act, as a person reads it in a refusal, and the roles that make one so. */
export interface Party {
  readonly zh: string;
  readonly en: string;
  readonly roles: readonly Role[];
}

/** The provincial inspection office (ADMIN may do its administrative work). */
export const INSPECTION_OFFICE: Party = {
  zh: '省督察办',
  en: 'the provincial inspection office',
  roles: ['INSPECTION_OFFICE', 'ADMIN'],
};

/** Throws FORBIDDEN naming the action and who may do it, unless the actor has one of the roles. */
export function requireParty(action: string, party: Party, actor: Actor): void {
  if (hasRole(actor, ...party.roles)) return;
  throw new ForbiddenError(
    `无权执行 ${action}：只能由${party.zh}进行（当前用户：${actor.name}，${actor.organisation}）`,
    `Not allowed: ${action} may be done only by ${party.en} (you are ${actor.name}, ${actor.organisation})`,
    { action, actorId: actor.id },
  );
}
