import { BadInputError } from '../common/errors.js';

/**
 * Input checks `decide` runs before anything else: a bad command gets BAD_USER_INPUT naming the
 * field and writes nothing. (Generic enough for src/common/ once another domain needs the same.)
 */
export const SHORT_TEXT = 500;
export const LONG_TEXT = 10_000;

export function requiredText(field: string, value: unknown, max = SHORT_TEXT): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadInputError(`${field} 不能为空`, `${field} is required`, { field });
  }
  return checkedLength(field, value.trim(), max);
}

export function optionalText(field: string, value: unknown, max = SHORT_TEXT): string | null {
  if (value == null) return null;
  if (typeof value !== 'string') {
    throw new BadInputError(`${field} 须为文本`, `${field} must be text`, { field });
  }
  return value.trim() === '' ? null : checkedLength(field, value.trim(), max);
}

function checkedLength(field: string, value: string, max: number): string {
  if (value.length > max) {
    throw new BadInputError(
      `${field} 过长（上限 ${max} 字）`,
      `${field} is longer than ${max} characters`,
      { field, max },
    );
  }
  return value;
}

/** Calendar dates (decision, referral, filing): YYYY-MM-DD, a date that exists. */
export function isoDate(field: string, value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(`${text}T00:00:00.000Z`) : undefined;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new BadInputError(
      `${field} 须为 YYYY-MM-DD 格式的日期`,
      `${field} must be a date as YYYY-MM-DD`,
      { field, value: String(value).slice(0, 40) },
    );
  }
  return text;
}

export const optionalIsoDate = (field: string, value: unknown): string | null =>
  value == null || value === '' ? null : isoDate(field, value);

export function count(field: string, value: unknown, max = 1_000_000): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new BadInputError(
      `${field} 须为 0 至 ${max} 的整数`,
      `${field} must be a whole number from 0 to ${max}`,
      { field },
    );
  }
  return value;
}

/** Money in yuan: finite, not negative. */
export function optionalAmount(field: string, value: unknown): number | null {
  if (value == null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new BadInputError(
      `${field} 须为非负金额（元）`,
      `${field} must be a non-negative amount in yuan`,
      {
        field,
      },
    );
  }
  return value;
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new BadInputError(
      `${field} 取值无效：${String(value).slice(0, 60)}；可选 ${allowed.join('、')}`,
      `${field} has no value ${JSON.stringify(value)?.slice(0, 60)}; use one of ${allowed.join(', ')}`,
      { field, allowed: [...allowed] },
    );
  }
  return value as T;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function recordId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ID.test(value)) {
    throw new BadInputError(
      `${field} 格式无效（1-128 位字母、数字或 . _ : -）`,
      `${field} must be 1-128 letters, digits, . _ : -`,
      { field },
    );
  }
  return value;
}
