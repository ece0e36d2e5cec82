/**
 * The ledger's field changes as they were computed before issue 16's page work (every value
 * serialised to compare it), frozen here as bench:ledger-pages' baseline. Not used by the server.
 */
import type { JsonObject, JsonValue } from '../src/common/json.js';

export interface FieldChange {
  readonly field: string;
  readonly before: JsonValue | null;
  readonly after: JsonValue | null;
}

const isPlainObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const same = (x: JsonValue | undefined, y: JsonValue | undefined): boolean =>
  JSON.stringify(x) === JSON.stringify(y);

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
  const bs = b.map((item) => JSON.stringify(item));
  const as = a.map((item) => JSON.stringify(item));
  const keptFrom = (d: number): boolean => {
    for (let i = d; i < bs.length; i++) if (bs[i] !== as[i - d]) return false;
    return true;
  };
  // Candidates: before's items from d on start after; the first that matches keeps the most.
  const last = window ? bs.length : 0;
  for (let d = Math.max(0, bs.length - as.length + 1); d <= last; d++) {
    if ((d === bs.length || bs[d] === as[0]) && keptFrom(d)) return bs.length - d;
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
