import type { JsonObject, JsonValue } from '../../src/common/json.js';

export interface FieldChange {
  readonly field: string;
  readonly before: JsonValue | null;
  readonly after: JsonValue | null;
}

const isPlainObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const same = (x: JsonValue | undefined, y: JsonValue | undefined): boolean =>
  JSON.stringify(x) === JSON.stringify(y);

/** `after` is `before` with items added at the end (a new progress report, more evidence). */
const appended = (b: JsonValue | undefined, a: JsonValue | undefined): a is JsonValue[] =>
  Array.isArray(b) &&
  Array.isArray(a) &&
  a.length > b.length &&
  b.every((item, i) => same(item, a[i]));

/**
 * Field-level before/after between two record states. Nested objects are compared field by field
 * (`assignment.leadUnit`). A list that only grew shows just its new items (`progressReports[3]`), so
 * the tenth report does not repeat the nine before it; any other change to a list, and scalars, show
 * the whole value, which is how auditors read them.
 */
export function fieldChanges(before: JsonObject, after: JsonObject, prefix = ''): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const b = before[key];
    const a = after[key];
    const field = prefix + key;
    if (isPlainObject(b) && isPlainObject(a)) {
      changes.push(...fieldChanges(b, a, field + '.'));
    } else if (appended(b, a)) {
      const start = (b as JsonValue[]).length;
      a.slice(start).forEach((item, i) => {
        changes.push({ field: `${field}[${start + i}]`, before: null, after: item });
      });
    } else if (!same(b, a)) {
      changes.push({ field, before: b ?? null, after: a ?? null });
    }
  }
  return changes;
}
