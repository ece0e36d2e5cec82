import type { JsonObject, JsonValue } from '../../src/common/json.js';

export interface FieldChange {
  readonly field: string;
  readonly before: JsonValue | null;
  readonly after: JsonValue | null;
}

const isPlainObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Equal as JSON. States folded by an evolve share every value it did not replace, so most fields
 * and list items are the very same value either side and need no serialising.
 */
const same = (x: JsonValue | undefined, y: JsonValue | undefined): boolean => {
  if (x === y) return true;
  // A list an evolve extended is new, its items mostly not: item by item, as its JSON would be.
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameItem(x[i], y[i])) return false;
    return true;
  }
  return JSON.stringify(x) === JSON.stringify(y);
};

/** Equal as items of a JSON list (where a missing value is written null). */
const sameItem = (x: JsonValue | undefined, y: JsonValue | undefined): boolean =>
  x === y || (JSON.stringify(x) ?? 'null') === (JSON.stringify(y) ?? 'null');

const NO_WINDOWS: ReadonlySet<string> = new Set();

/**
 * Where `after`'s new items start, if `after` is `before` with items added at the end and, for a
 * window of the latest (a task's inline progress reports), perhaps some dropped from the front:
 * the first d with before[d..] a prefix of after and something added. Undefined for any other change.
 */
const appendedFrom = (
  b: JsonValue | undefined,
  a: JsonValue | undefined,
  window: boolean,
): number | undefined => {
  if (!Array.isArray(b) || !Array.isArray(a)) return undefined;
  const keptFrom = (d: number): boolean => {
    for (let i = d; i < b.length; i++) if (!same(b[i], a[i - d])) return false;
    return true;
  };
  // Candidates: before's items from d on start after; the first that matches keeps the most.
  const last = window ? b.length : 0;
  for (let d = Math.max(0, b.length - a.length + 1); d <= last; d++) {
    if ((d === b.length || same(b[d], a[0])) && keptFrom(d)) return b.length - d;
  }
  return undefined;
};

/**
 * Field-level before/after between two record states. Nested objects are compared field by field
 * (`assignment.leadUnit`). A list that only grew shows just its new items (`progressReports[3]`), so
 * the tenth report does not repeat the nine before it; a list the record kind names as a window of
 * the latest (`windows`), which drops its oldest as it grows, shows its new items at their place in
 * the new list; any other change to a list, and scalars, show
 * the whole value, which is how auditors read them.
 */
export function fieldChanges(
  before: JsonObject,
  after: JsonObject,
  prefix = '',
  windows: ReadonlySet<string> = NO_WINDOWS,
): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const b = before[key];
    const a = after[key];
    if (b === a) continue;
    const field = prefix + key;
    if (isPlainObject(b) && isPlainObject(a)) {
      changes.push(...fieldChanges(b, a, field + '.', windows));
      continue;
    }
    if (same(b, a)) continue;
    const start = appendedFrom(b, a, windows.has(field));
    if (Array.isArray(a) && start !== undefined) {
      a.slice(start).forEach((item, i) => {
        changes.push({ field: `${field}[${start + i}]`, before: null, after: item });
      });
    } else {
      changes.push({ field, before: b ?? null, after: a ?? null });
    }
  }
  return changes;
}
