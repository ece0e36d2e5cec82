import { BadInputError } from './errors.js';

/**
 * Input checks shared by every domain's deciders: bad input is BAD_USER_INPUT, names the field, and
 * writes nothing. Limits: titles and names 500 characters, long text 10,000.
 */
export const TITLE_MAX = 500;
export const TEXT_MAX = 10_000;

const ID = /^[A-Za-z0-9]+(?:[-._:][A-Za-z0-9]+)*$/;

const bad = (field: string, zh: string, en: string): never => {
  throw new BadInputError(`${field}：${zh}`, `${field}: ${en}`, { field });
};

/** Non-empty after trimming and at most `max` characters; returns the trimmed text. */
export function requiredText(field: string, value: unknown, max = TITLE_MAX): string {
  if (typeof value !== 'string' || value.trim() === '') bad(field, '不能为空', 'must not be empty');
  const text = (value as string).trim();
  if (text.length > max) {
    bad(field, `过长（上限 ${max} 字）`, `is longer than ${max} characters`);
  }
  return text;
}

/** Absent (null) or a text within `max`; blank text counts as absent. */
export function optionalText(field: string, value: unknown, max = TEXT_MAX): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  return requiredText(field, value, max);
}

/** A record id that fits in a stream name (`task-<id>`): letters, digits and . _ : - between them. */
export function recordId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 64 || !ID.test(value)) {
    bad(
      field,
      '编号须为 1 至 64 位字母、数字，可用 . _ : - 连接',
      'must be 1-64 letters or digits, joined by . _ : -',
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

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    bad(field, `取值无效，可选：${allowed.join('、')}`, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function integerIn(field: string, value: unknown, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    bad(field, `须为 ${min} 至 ${max} 的整数`, `must be an integer from ${min} to ${max}`);
  }
  return value as number;
}

/** `to` must not be before `from`. */
export function ordered(field: string, from: string, to: string): void {
  if (to < from) bad(field, '结束时间早于开始时间', 'ends before it starts');
}
