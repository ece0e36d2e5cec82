import { findUnit, signOffPathOf } from '../../common/units/units.js';
import type { SignOffLevel, SignOffPath, TaskState, TaskStatus } from './task.state.js';

/**
 * 分级销号 and 集中统一销号: the chain of sign-offs a task needs. Every task assigned since sign-off
 * paths ends with the office's final sign-off (PROVINCIAL). A task assigned before them (no path)
 * keeps the chain its tier gave it then: CITY closes at the city, PROVINCIAL needs the office too.
 */
export function signOffChain(
  task: Pick<TaskState, 'signOffPath' | 'signOffTier'>,
): readonly SignOffLevel[] {
  switch (task.signOffPath) {
    case 'CITY':
      return ['CITY', 'PROVINCIAL'];
    case 'COUNTY':
      return ['COUNTY', 'CITY', 'PROVINCIAL'];
    case 'DEPARTMENT':
      return ['DEPARTMENT', 'PROVINCIAL'];
    default:
      return task.signOffTier === 'CITY' ? ['CITY'] : ['CITY', 'PROVINCIAL'];
  }
}

/** The statuses in which a sign-off may be given: after the public notice, between the steps. */
export const SIGNING_STATUSES: readonly TaskStatus[] = [
  'PUBLIC_NOTICE',
  'COUNTY_SIGNED_OFF',
  'CITY_SIGNED_OFF',
  'DEPARTMENT_SIGNED_OFF',
];

/** The sign-off due next, or null when none is (not yet through the notice, or closed). */
export function dueSignOff(task: TaskState): SignOffLevel | null {
  if (!SIGNING_STATUSES.includes(task.status as TaskStatus)) return null;
  return signOffChain(task)[task.signOffs.length] ?? null;
}

/** The status a task holds after a step that does not close it. */
export const SIGNED_STATUS: Record<Exclude<SignOffLevel, 'PROVINCIAL'>, TaskStatus> = {
  COUNTY: 'COUNTY_SIGNED_OFF',
  CITY: 'CITY_SIGNED_OFF',
  DEPARTMENT: 'DEPARTMENT_SIGNED_OFF',
};

/**
 * The path and, for a department's path, the department that signs: the lead unit when it is a
 * provincial department; otherwise (an enterprise, another body, a province-wide task led by a
 * government) the acceptance unit when that is one; else the lead unit.
 */
export function signOffPathFor(a: {
  readonly leadUnit: string;
  readonly acceptanceUnit: string;
  readonly regionCode: string;
}): { signOffPath: SignOffPath; signOffDepartment: string | null } {
  const lead = findUnit(a.leadUnit, a.regionCode);
  const path = signOffPathOf(lead, a.regionCode);
  if (path !== 'DEPARTMENT') return { signOffPath: path, signOffDepartment: null };
  const acceptance = findUnit(a.acceptanceUnit, a.regionCode);
  const department =
    lead?.kind === 'PROVINCIAL_DEPARTMENT'
      ? lead.name
      : acceptance?.kind === 'PROVINCIAL_DEPARTMENT'
        ? acceptance.name
        : a.leadUnit;
  return { signOffPath: path, signOffDepartment: department };
}
