import { hasRole, type Actor } from '../../common/actor.js';
import { ForbiddenError } from '../../common/errors.js';
import { INSPECTION_OFFICE } from '../../common/policy.js';
import { MUTATION_OF, type TaskCommand, type TaskCommandType } from './task.commands.js';
import type { TaskState } from './task.state.js';

/**
 * Who may do what to a task, as one table. Called from decide, so every caller (GraphQL, CLI, demo,
 * imports) meets the same rules. ADMIN may act for the inspection office (administrative work) but
 * not in place of an implementing entity, an acceptance unit or a city: those acts carry the unit's
 * own accountability (谁验收谁负责). AUDITOR, INTEGRATION and DISCLOSURE_OFFICER write nothing.
 */
interface Rule {
  readonly zh: string;
  readonly en: string;
  allows(actor: Actor, task: TaskState): boolean;
}

const inspectionOffice: Rule = {
  ...INSPECTION_OFFICE,
  allows: (actor) => hasRole(actor, ...INSPECTION_OFFICE.roles),
};

const implementingEntity: Rule = {
  zh: '本任务的牵头单位或配合单位（整改实施主体）',
  en: "the task's lead unit or a supporting unit (implementing entity)",
  allows: (actor, task) =>
    hasRole(actor, 'IMPLEMENTING_ENTITY') &&
    (actor.organisation === task.leadUnit || task.supportingUnits.includes(actor.organisation)),
};

const acceptanceUnit: Rule = {
  zh: '本任务的验收单位（谁验收谁负责）',
  en: "the task's acceptance unit",
  allows: (actor, task) =>
    hasRole(actor, 'ACCEPTANCE_UNIT') &&
    task.acceptanceUnit !== null &&
    actor.organisation === task.acceptanceUnit,
};

/** A city's code is XXYY00; its counties share the XXYY prefix. */
export const inRegion = (cityRegion: string | undefined, taskRegion: string | null): boolean => {
  if (!cityRegion || !taskRegion) return false;
  if (cityRegion === taskRegion) return true;
  const prefix = cityRegion.replace(/(00)+$/, '');
  return prefix.length >= 4 && taskRegion.startsWith(prefix);
};

const cityGovernment: Rule = {
  zh: '任务所在地区的市级人民政府',
  en: "the city government of the task's region",
  allows: (actor, task) =>
    hasRole(actor, 'CITY_GOVERNMENT') && inRegion(actor.region, task.regionCode),
};

export const TASK_POLICY: { readonly [K in TaskCommandType]: (c: TaskCommand) => Rule } = {
  ListTask: () => inspectionOffice,
  AssignTask: () => inspectionOffice,
  AmendTask: () => inspectionOffice,
  ReportProgress: () => implementingEntity,
  AttachEvidence: () => implementingEntity,
  SuperviseTask: () => inspectionOffice,
  AdjustDeadline: () => inspectionOffice,
  RequestAcceptance: () => implementingEntity,
  RecordAcceptance: () => acceptanceUnit,
  StartPublicNotice: () => acceptanceUnit,
  RecordObjection: () => acceptanceUnit,
  SignOff: (c) => (c.type === 'SignOff' && c.level === 'CITY' ? cityGovernment : inspectionOffice),
  MarkSpotCheckDrawn: () => inspectionOffice,
  RecordSpotCheck: () => inspectionOffice,
  ReopenTask: () => inspectionOffice,
};

/** Throws FORBIDDEN, saying who may, unless the actor may send this command to this task. */
export function authorise(command: TaskCommand, task: TaskState, actor: Actor): void {
  const rule = TASK_POLICY[command.type](command);
  if (rule.allows(actor, task)) return;
  const action = MUTATION_OF[command.type];
  throw new ForbiddenError(
    `无权执行 ${action}：任务 ${task.taskId || '（新）'} 的此项操作只能由${rule.zh}进行（当前用户：${actor.name}，${actor.organisation}）`,
    `Not allowed: ${action} on task ${task.taskId || '(new)'} may be done only by ${rule.en} (you are ${actor.name}, ${actor.organisation})`,
    { action, taskId: task.taskId, actorId: actor.id },
  );
}
