import { hasRole, type Actor, type Role } from '../../common/actor.js';
import { ForbiddenError } from '../../common/errors.js';
import { INSPECTION_OFFICE } from '../../common/policy.js';
import { sameUnit } from '../../common/units/units.js';
import { MUTATION_OF, type TaskCommand, type TaskCommandType } from './task.commands.js';
import type { SignOffLevel, TaskState } from './task.state.js';

/**
 * Who may do what to a task, as one table. Called from decide, so every caller (GraphQL, CLI, demo,
 * imports) meets the same rules. ADMIN may act for the inspection office (administrative work) but
 * not in place of an implementing entity, an acceptance unit or a city: those acts carry the unit's
 * own accountability (谁验收谁负责). AUDITOR, INTEGRATION and DISCLOSURE_OFFICER write nothing.
 *
 * Each rule has two parts, checked at different times: the roles, which need only the actor and
 * are checked before anything about the task (so a reader learns nothing of a task's existence or
 * status from a refusal), and the scope (which unit, which region), which needs the task on record.
 */
interface Rule {
  readonly zh: string;
  readonly en: string;
  readonly roles: readonly Role[];
  /** Whether an actor with one of the roles acts within this task; only asked of a listed task. */
  inScope(actor: Actor, task: TaskState): boolean;
}

const inspectionOffice: Rule = { ...INSPECTION_OFFICE, inScope: () => true };

/**
 * The units that carry out a task: its lead unit and its supporting units (整改实施主体). A token may
 * name its unit by any registered alias (省住建厅 for 江西省住房和城乡建设厅).
 */
export const isImplementingUnit = (task: TaskState, organisation: string): boolean =>
  sameUnit(organisation, task.leadUnit, task.regionCode) ||
  task.supportingUnits.some((u) => sameUnit(organisation, u, task.regionCode));

const implementingEntity: Rule = {
  zh: '本任务的牵头单位或配合单位（整改实施主体）',
  en: "the task's lead unit or a supporting unit (implementing entity)",
  roles: ['IMPLEMENTING_ENTITY'],
  inScope: (actor, task) => isImplementingUnit(task, actor.organisation),
};

const acceptanceUnit: Rule = {
  zh: '本任务的验收单位（谁验收谁负责）',
  en: "the task's acceptance unit",
  roles: ['ACCEPTANCE_UNIT'],
  inScope: (actor, task) =>
    task.acceptanceUnit !== null &&
    sameUnit(actor.organisation, task.acceptanceUnit, task.regionCode),
};

/** A city's code is XXYY00; its counties share the XXYY prefix. */
export const inRegion = (cityRegion: string | undefined, taskRegion: string | null): boolean => {
  if (!cityRegion || !taskRegion) return false;
  if (cityRegion === taskRegion) return true;
  const prefix = cityRegion.replace(/(00)+$/, '');
  return prefix.length >= 4 && taskRegion.startsWith(prefix);
};

/** A city's own code (XXYY00), not the province's or a county's. */
const isCityCode = (code: string | undefined): boolean =>
  !!code && /^\d{4}00$/.test(code) && !code.endsWith('0000');

/**
 * The city signs city- and county-led tasks in its region (a county's after the county); never a
 * department-led or province-wide task, which its provincial department signs.
 */
const cityGovernment: Rule = {
  zh: '任务所在地区的市级人民政府（市县牵头的任务）',
  en: "the city government of the task's region (on a city- or county-led task)",
  roles: ['CITY_GOVERNMENT'],
  inScope: (actor, task) =>
    task.signOffPath !== 'DEPARTMENT' &&
    (task.signOffPath === null
      ? inRegion(actor.region, task.regionCode)
      : isCityCode(actor.region) && inRegion(actor.region, task.regionCode)),
};

/** A county government holds a local-government token whose region is the county itself. */
const countyGovernment: Rule = {
  zh: '牵头本任务的县级人民政府（其区划即任务所在县）',
  en: 'the county government leading the task (its region is the task’s county)',
  roles: ['CITY_GOVERNMENT'],
  inScope: (actor, task) =>
    task.signOffPath === 'COUNTY' && !!actor.region && actor.region === task.regionCode,
};

const provincialDepartment: Rule = {
  zh: '本任务的省直责任部门',
  en: "the task's responsible provincial department",
  roles: ['PROVINCIAL_DEPARTMENT'],
  inScope: (actor, task) =>
    task.signOffPath === 'DEPARTMENT' &&
    sameUnit(actor.organisation, task.signOffDepartment, task.regionCode),
};

/** Each step of the sign-off chain, and who may give it; the office gives the final 销号. */
const SIGN_OFF_POLICY: { readonly [L in SignOffLevel]: Rule } = {
  COUNTY: countyGovernment,
  CITY: cityGovernment,
  DEPARTMENT: provincialDepartment,
  PROVINCIAL: inspectionOffice,
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
  SignOff: (c) =>
    (c.type === 'SignOff' && SIGN_OFF_POLICY[c.level as SignOffLevel]) || inspectionOffice,
  MarkSpotCheckDrawn: () => inspectionOffice,
  RecordSpotCheck: () => inspectionOffice,
  // The office that draws the checks may waive one (the draw's own unit answers for the waiver).
  WaiveSpotCheck: () => inspectionOffice,
  ReopenTask: () => inspectionOffice,
  RecordChildItem: () => inspectionOffice,
  // The lead unit applies; the leading group decides through its office, which also files.
  ApplyDeadlineChange: () => implementingEntity,
  DecideDeadlineChange: () => inspectionOffice,
  ReconcileTask: () => inspectionOffice,
  FileDeadlineChange: () => inspectionOffice,
};

/**
 * Throws FORBIDDEN, saying who may, unless the actor has a role that may send this command: asked
 * before the task is even looked at.
 */
export function authoriseRole(command: TaskCommand, task: TaskState, actor: Actor): void {
  const rule = TASK_POLICY[command.type](command);
  if (!hasRole(actor, ...rule.roles)) throw forbidden(command, task, actor, rule.zh, rule.en);
}

/**
 * Throws FORBIDDEN unless the actor's unit or region is the one this task names (see Rule), and
 * keeps duties apart: a unit that carries out the task does not accept it, even where an older
 * record names it as both (assignTask and amendTask refuse to make one so).
 */
export function authoriseScope(command: TaskCommand, task: TaskState, actor: Actor): void {
  // A task not yet assigned names no unit or region to be in; the lifecycle admits no unit's or
  // city's act before assignment, so task.transitions refuses it, saying what comes first.
  if (task.assignedAt === null) return;
  const rule = TASK_POLICY[command.type](command);
  if (!rule.inScope(actor, task)) throw forbidden(command, task, actor, rule.zh, rule.en);
  if (command.type === 'RecordAcceptance' && isImplementingUnit(task, actor.organisation)) {
    throw forbidden(
      command,
      task,
      actor,
      '不是本任务牵头单位或配合单位的验收单位（实施单位不得验收自己的整改）',
      'an acceptance unit that is not one of its implementing units (no unit accepts its own work)',
    );
  }
}

function forbidden(
  command: TaskCommand,
  task: TaskState,
  actor: Actor,
  zh: string,
  en: string,
): ForbiddenError {
  const action = MUTATION_OF[command.type];
  return new ForbiddenError(
    `无权执行 ${action}：任务 ${task.taskId || '（新）'} 的此项操作只能由${zh}进行（当前用户：${actor.name}，${actor.organisation}）`,
    `Not allowed: ${action} on task ${task.taskId || '(new)'} may be done only by ${en} (you are ${actor.name}, ${actor.organisation})`,
    { action, taskId: task.taskId, actorId: actor.id },
  );
}
