import type { JsonObject, JsonValue } from '../src/common/json.js';

export interface FieldChange {
  readonly field: string;
  readonly before: JsonValue | null;
  readonly after: JsonValue | null;
}

const isPlainObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Field-level before/after between two record states. Nested objects are compared field by field
 * (`assignment.leadUnit`); arrays and scalars as whole values, which is how auditors read them.
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
    } else if (JSON.stringify(b) !== JSON.stringify(a)) {
      changes.push({ field, before: b ?? null, after: a ?? null });
    }
  }
  return changes;
}
