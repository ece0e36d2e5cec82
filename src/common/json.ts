/** JSON values as stored in events: what survives a JSON round trip unchanged, nothing else. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Returns a path to the first value that is not plain JSON, or null when all of it is. */
export function findNonJson(value: unknown, path = '$', depth = 0): string | null {
  if (depth > 64) return `${path} (nested deeper than 64 levels)`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findNonJson(value[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return path;
    for (const [k, v] of Object.entries(value)) {
      const bad = findNonJson(v, `${path}.${k}`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  return path;
}

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  findNonJson(value) === null;
