import { ForbiddenError } from '../common/errors.js';
import { hasRole, type Actor, type Role } from '../common/actor.js';
import { requireActor, type RequestContext } from './request-context.js';

/**
 * Who may read what (writing is decided inside each domain's decider policy).
 *
 * - Records, history, the ledger, verifyStream, the SDL and introspection: every authenticated role.
 *   The ledger exists so that everyone in the chain sees the same facts; what is published to the
 *   public is a separate, recorded disclosure.
 * - The live feed (`ledgerEntries` subscription): integrations, auditors, the inspection office, admins.
 * - The access log: auditors and admins only (it names people and their refused attempts).
 */
export const SUBSCRIBERS: readonly Role[] = [
  'INTEGRATION',
  'AUDITOR',
  'INSPECTION_OFFICE',
  'ADMIN',
];
export const ACCESS_LOG_READERS: readonly Role[] = ['AUDITOR', 'ADMIN'];

export function requireRole(
  context: RequestContext,
  roles: readonly Role[],
  what: { zh: string; en: string },
): Actor {
  const actor = requireActor(context);
  if (!hasRole(actor, ...roles)) {
    throw new ForbiddenError(
      `无权${what.zh}：需要角色 ${roles.join('、')}`,
      `Not allowed to ${what.en}: needs one of the roles ${roles.join(', ')}`,
      { requiredRoles: [...roles] },
    );
  }
  return actor;
}
