import { hasRole, type Actor } from '../auth/actor.js';
import { ForbiddenError } from '../common/errors.js';

/** Publishing belongs to the disclosure team (and administrators). */
export function authorisePublish(actor: Actor): void {
  if (hasRole(actor, 'DISCLOSURE_OFFICER', 'ADMIN')) return;
  throw new ForbiddenError(
    `无权执行 publishDisclosure：信息公开只能由信息公开专员进行（当前用户：${actor.name}，${actor.organisation}）`,
    `Not allowed: publishDisclosure may be done only by a disclosure officer (you are ${actor.name}, ${actor.organisation})`,
    { action: 'publishDisclosure', actorId: actor.id },
  );
}
