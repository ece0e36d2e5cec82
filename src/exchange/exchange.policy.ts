import { hasRole, type Actor } from '../common/actor.js';
import { ForbiddenError } from '../common/errors.js';

/**
 * Importing a list lists records in the inspection office's name (a rectification list's tasks, a
 * handover sheet's complaint cases): the office's work.
 */
export function authoriseImport(
  actor: Actor,
  what: { zh: string; en: string } = { zh: '整改清单', en: 'a rectification list' },
): void {
  if (hasRole(actor, 'INSPECTION_OFFICE', 'ADMIN')) return;
  throw new ForbiddenError(
    `无权导入${what.zh}：只能由省督察办进行（当前用户：${actor.name}，${actor.organisation}）`,
    `Not allowed: importing ${what.en} may be done only by the provincial inspection office (you are ${actor.name}, ${actor.organisation})`,
    { action: 'import', actorId: actor.id },
  );
}
