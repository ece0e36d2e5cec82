import divisions from './administrative-divisions.json';

/**
 * China's administrative divisions down to the county (6-digit codes, with their names), as the
 * project ships them; README.md beside this file says where the list comes from and how to renew it.
 */
const NAMES: Readonly<Record<string, string>> = divisions;

/** The division's name (e.g. 360400 → 九江市), or undefined for a code not on the list. */
export const divisionName = (code: string): string | undefined =>
  Object.hasOwn(NAMES, code) ? NAMES[code] : undefined;

/** Whether a 6-digit code is a province, city or county on the list. */
export const isAdministrativeDivision = (code: string): boolean => divisionName(code) !== undefined;
