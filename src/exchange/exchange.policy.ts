import { hasRole, type Actor } from '../common/actor.js';
import { ForbiddenError } from '../common/errors.js';

/** Importing a rectification list lists and assigns tasks: the inspection office's work. */
export function authoriseImport(actor: Actor): void {
  if (hasRole(actor, 'INSPECTION_OFFICE', 'ADMIN')) return;
  throw new ForbiddenError(
    `无权导入整改清单：只能由省督察办进行（当前用户：${actor.name}，${actor.organisation}）`,
    `Not allowed: importing a rectification list may be done only by the provincial inspection office (you are ${actor.name}, ${actor.organisation})`,
    { action: 'import', actorId: actor.id },
  );
}
