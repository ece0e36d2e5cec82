import { hasRole, type Actor } from '../../common/actor.js';
import { ForbiddenError } from '../../common/errors.js';
import { INSPECTION_OFFICE, type Party } from '../../common/policy.js';
import {
  COLLECTION_MUTATION_OF,
  type CollectionCommand,
  type CollectionCommandType,
} from './round.commands.js';

/**
 * The unit that leads a task reports on it. ADMIN does not report in a unit's place: a report is
 * the unit's own word to the office. A city government leading a task reports as itself.
 */
const RESPONSIBLE_UNIT: Party = {
  zh: '该任务的牵头单位',
  en: "the task's lead unit",
  roles: ['IMPLEMENTING_ENTITY', 'CITY_GOVERNMENT'],
};

/** Who may send each command: the office runs the round, the lead units report. */
export const COLLECTION_POLICY: Readonly<Record<CollectionCommandType, Party>> = {
  OpenCollectionRound: INSPECTION_OFFICE,
  ReportCollectionProgress: RESPONSIBLE_UNIT,
  CorrectCollectionReport: RESPONSIBLE_UNIT,
  FreezeCollectionRound: INSPECTION_OFFICE,
  CancelCollectionRound: INSPECTION_OFFICE,
};

const refusal = (type: CollectionCommandType, actor: Actor, zh: string, en: string) => {
  const action = COLLECTION_MUTATION_OF[type];
  return new ForbiddenError(
    `无权执行 ${action}：只能由${zh}进行（当前用户：${actor.name}，${actor.organisation}）`,
    `Not allowed: ${action} may be done only by ${en} (you are ${actor.name}, ${actor.organisation})`,
    { action, actorId: actor.id },
  );
};

/** The role test, asked before the round is looked at, so a refusal tells nothing about it. */
export function authoriseRole(type: CollectionCommandType, actor: Actor): void {
  const party = COLLECTION_POLICY[type];
  if (!hasRole(actor, ...party.roles)) throw refusal(type, actor, party.zh, party.en);
}

/** The scope test for a report: the actor's unit is the one the round names for the task. */
export function authoriseReporter(
  command: CollectionCommand,
  actor: Actor,
  leadUnit: string,
): void {
  if (actor.organisation === leadUnit) return;
  throw refusal(
    command.type,
    actor,
    `该任务的牵头单位（${leadUnit}）`,
    `the task's lead unit (${leadUnit})`,
  );
}
