import { BadInputError } from './errors.js';
import { isAdministrativeDivision } from './divisions/administrative-divisions.js';

/**
 * Input checks shared by every domain's deciders: bad input is BAD_USER_INPUT, names the field
 * (Chinese first, English after), and writes nothing. Limits: titles and names 500 characters, long
 * text 10,000.
 */
export const TITLE_MAX = 500;
export const TEXT_MAX = 10_000;

/** Record ids become stream names (`task-<id>`, `case-<id>`), so they stay short and plain. */
const ID_MAX = 64;
const ID = /^[A-Za-z0-9]+(?:[-._:][A-Za-z0-9]+)*$/;

const bad = (
  field: string,
  zh: string,
  en: string,
  details: Record<string, unknown> = {},
): never => {
  throw new BadInputError(`${field}：${zh}`, `${field}: ${en}`, { field, ...details });
};

/** A caller's value as it may be quoted back in a message: short, and never undefined. */
const shown = (value: unknown): string => String(JSON.stringify(value) ?? value).slice(0, 60);

/**
 * Characters no stored text may hold: control characters (Unicode Cc) other than tab, line feed and
 * carriage return, and unpaired surrogates (Cs; with the `u` flag a well-formed pair is one code
 * point and does not match). An unpaired surrogate has no UTF-8 form: the store would keep U+FFFD in
 * its place and the served text would no longer hash to what was recorded.
 */
const FORBIDDEN = /(?![\t\n\r])[\p{Cc}\p{Cs}]/u;
/** The same for one-line values (names, codes, token claims): no tab or line break either. */
const FORBIDDEN_ONE_LINE = /[\p{Cc}\p{Cs}]/u;

/** The first character `text` may not hold, as U+XXXX with its 1-based position; null if none. */
export function forbiddenCharacter(
  text: string,
  oneLine = false,
): { readonly codePoint: string; readonly position: number } | null {
  const found = (oneLine ? FORBIDDEN_ONE_LINE : FORBIDDEN).exec(text);
  if (!found) return null;
  const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return { codePoint: `U+${code}`, position: found.index + 1 };
}

/** Throws BAD_USER_INPUT naming the field and the character unless the text is clean. */
export function cleanText(field: string, text: string, oneLine = false): string {
  const found = forbiddenCharacter(text, oneLine);
  if (found) {
    const allowed = oneLine ? '' : '（文本中只可含制表符和换行）';
    bad(
      field,
      `第 ${found.position} 个字符 ${found.codePoint} 不允许：控制字符与不成对的代理项一律拒收${allowed}`,
      `character ${found.position} (${found.codePoint}) is not allowed: control characters and unpaired surrogates are refused${oneLine ? '' : ' (only tab and line breaks may appear)'}`,
      { character: found.codePoint, position: found.position },
    );
  }
  return text;
}

/** CRLF (Windows, spreadsheet cells) and lone CR become LF, so a text is stored one way. */
export const normaliseLineBreaks = (text: string): string => text.replace(/\r\n?/g, '\n');

/** Walk depth past which a command is not a command (GraphQL inputs nest a few levels). */
const MAX_DEPTH = 16;

/**
 * Every string anywhere in `value` (a command, its options) is clean text; the refusal names the
 * path, e.g. `evidence[0].fileName`. Object keys count as text too.
 */
export function cleanStrings(field: string, value: unknown, depth = 0): void {
  if (typeof value === 'string') {
    cleanText(field, value);
  } else if (Array.isArray(value)) {
    if (depth > MAX_DEPTH) bad(field, '嵌套过深', 'is nested too deeply');
    value.forEach((item, i) => cleanStrings(`${field}[${i}]`, item, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    if (depth > MAX_DEPTH) bad(field, '嵌套过深', 'is nested too deeply');
    for (const [key, item] of Object.entries(value)) {
      const path = field ? `${field}.${key}` : key;
      cleanText(path, key, true);
      cleanStrings(path, item, depth + 1);
    }
  }
}

/**
 * Non-empty after trimming, clean (see FORBIDDEN) and at most `max` characters; returns the trimmed
 * text with its line breaks as LF.
 */
export function requiredText(field: string, value: unknown, max = TITLE_MAX): string {
  if (typeof value !== 'string' || value.trim() === '') bad(field, '不能为空', 'must not be empty');
  const text = normaliseLineBreaks(cleanText(field, (value as string).trim()));
  if (text.length > max) {
    bad(field, `过长（上限 ${max} 字）`, `is longer than ${max} characters`, { max });
  }
  return text;
}

/** Absent (null) or a text within `max`; blank text counts as absent. */
export function optionalText(field: string, value: unknown, max = TEXT_MAX): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') bad(field, '须为文本', 'must be text');
  if ((value as string).trim() === '') return null;
  return requiredText(field, value, max);
}

/** A record id that fits in a stream name (`task-<id>`): letters, digits and . _ : - between them. */
export function recordId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > ID_MAX || !ID.test(value)) {
    bad(
      field,
      `编号须为 1 至 ${ID_MAX} 位字母、数字，可用 . _ : - 连接`,
      `must be 1-${ID_MAX} letters or digits, joined by . _ : -`,
    );
  }
  return value as string;
}

/** An ISO-8601 date or date-time; returns it normalised to UTC. */
export function isoTime(field: string, value: unknown): string {
  const ok =
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) &&
    !Number.isNaN(Date.parse(value));
  if (!ok) bad(field, '日期格式无效（应为 ISO-8601）', 'must be an ISO-8601 date or date-time');
  return new Date(Date.parse(value as string)).toISOString();
}

export function optionalIsoTime(field: string, value: unknown): string | null {
  return value === undefined || value === null ? null : isoTime(field, value);
}

/**
 * A calendar date (a decision, referral or filing date) as YYYY-MM-DD, one that exists: kept as the
 * day itself, with no time zone to shift it.
 */
export function isoDate(field: string, value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00.000Z`) : NaN;
  // Date.parse accepts 2024-02-30 as 1 March: the round trip is what rejects days that do not exist.
  const valid = !Number.isNaN(day) && new Date(day).toISOString().slice(0, 10) === text;
  if (!valid) bad(field, '须为 YYYY-MM-DD 格式的日期', 'must be a date as YYYY-MM-DD');
  return text;
}

/** Absent (null or empty) or a calendar date as YYYY-MM-DD. */
export const optionalIsoDate = (field: string, value: unknown): string | null =>
  value === undefined || value === null || value === '' ? null : isoDate(field, value);

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    bad(
      field,
      `取值 ${shown(value)} 无效，可选：${allowed.join('、')}`,
      `has no value ${shown(value)}; must be one of ${allowed.join(', ')}`,
      { allowed: [...allowed] },
    );
  }
  return value as T;
}

export function integerIn(field: string, value: unknown, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    bad(field, `须为 ${min} 至 ${max} 的整数`, `must be an integer from ${min} to ${max}`);
  }
  return value as number;
}

/** A count of things (teams, interviews): a whole number from 0 to `max`. */
export const count = (field: string, value: unknown, max = 1_000_000): number =>
  integerIn(field, value, 0, max);

/** Absent (null) or money in yuan: finite, not negative. */
export function optionalAmount(field: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    bad(field, '须为非负金额（元）', 'must be a non-negative amount in yuan');
  }
  return value as number;
}

/** `to` must not be before `from`. */
export function ordered(field: string, from: string, to: string): void {
  if (to < from) bad(field, '结束时间早于开始时间', 'ends before it starts');
}

/**
 * An administrative-division code (行政区划代码) on the list the project ships
 * (src/common/divisions): 6 digits for a province, city or county, or 9 for a township, which is
 * checked by its county's 6 digits. Only new input meets the list: stored events keep any code.
 */
export const regionCode = (field: string, value: unknown): string => {
  const code = requiredText(field, value, 12);
  if (!/^\d{6}(\d{3})?$/.test(code)) {
    bad(
      field,
      '须为 6 位或 9 位行政区划代码',
      'must be a 6- or 9-digit administrative-division code',
    );
  }
  if (!isAdministrativeDivision(code.slice(0, 6))) {
    bad(
      field,
      `${shown(code)} 不在行政区划代码表中`,
      `${shown(code)} is not an administrative-division code on the list`,
    );
  }
  return code;
};

/** The reason a command must carry (a correction, a cancellation), from its metadata. */
export function reasonFor(action: string, reason: string | undefined): string {
  if (!reason?.trim()) bad('reason', `${action} 须说明原因`, `${action} needs a reason`);
  return requiredText('reason', reason, TEXT_MAX);
}
