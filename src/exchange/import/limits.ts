import { BadInputError } from '../../common/errors.js';
import { IMPORT_LIMIT_VARIABLES, type ImportLimitsConfig } from '../../config/config.js';

export type ImportLimits = ImportLimitsConfig;
export type ImportLimitName = keyof ImportLimitsConfig;

/** Excel's own last column (XFD); empty cells up to it are tolerated, nothing past it is a sheet. */
export const EXCEL_MAX_COLUMNS = 16_384;

/** Spreadsheet column letters of a 1-based column number: 1 -> A, 100 -> CV, 16384 -> XFD. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * A file past one of the import limits: BAD_USER_INPUT naming the limit, its value and the variable
 * that sets it, so the clerk knows what is wrong and the operator what to raise.
 */
export function limitExceeded(
  limit: ImportLimitName,
  max: number,
  what: { zh: string; en: string },
  where: { row?: number; column?: string } = {},
): BadInputError {
  const variable = IMPORT_LIMIT_VARIABLES[limit];
  return new BadInputError(
    `${what.zh}（上限 ${max}，${variable}）`,
    `${what.en} (limit ${max}, ${variable})`,
    { field: 'file', limit: variable, max, ...where },
  );
}
