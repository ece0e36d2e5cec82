/** JSON values as stored in events: what survives a JSON round trip unchanged, nothing else. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const MAX_DEPTH = 64;

/** A value that is not plain JSON, with the path to the first offending part (`$.a[2].b`). */
export class NotJsonError extends Error {
  constructor(readonly path: string) {
    super(`not plain JSON at ${path}`);
  }
}

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a plain JSON value: object keys sorted by UTF-16
 * code units, numbers and strings as ECMAScript's JSON.stringify writes them, no whitespace. It
 * refuses, with the path, anything a JSON round trip would not keep (undefined, NaN, Infinity,
 * functions, BigInt, class instances, nesting deeper than 64), so one walk both checks event data
 * and produces the exact bytes that are hashed and stored.
 */
export function canonicalJson(value: unknown): string {
  const text = canonical(value, 0);
  // The path is only wanted for the error, so it is found by a second, slower walk then.
  if (text === undefined) throw new NotJsonError(pathOfNonJson(value, '$', 0) ?? '$');
  return text;
}

/** Canonical text, or undefined when some part is not plain JSON. Runs for every appended event. */
function canonical(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item = canonical(value[i], depth + 1);
          if (item === undefined) return undefined;
          out += i ? ',' + item : item;
        }
        return out + ']';
      }
      if (!isPlainObject(value)) return undefined;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      // Objects built in key order (metadata, many decider outputs) need no sort.
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1] > keys[i]) {
          keys.sort();
          break;
        }
      }
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const member = canonical(record[keys[i]], depth + 1);
        if (member === undefined) return undefined;
        out += (i ? ',' : '') + keyText(keys[i]) + ':' + member;
      }
      return out + '}';
    }
    default:
      return undefined;
  }
}

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Quoted keys, remembered: events of a type repeat the same few keys millions of times. */
const quotedKeys = new Map<string, string>();
function keyText(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    // Bounded: keys are data too (maps keyed by id), and those must not grow it without end.
    if (quotedKeys.size < 10_000) quotedKeys.set(key, text);
  }
  return text;
}

/** The path (`$.a[2].b`) of the first part of `value` that canonical() refuses. */
function pathOfNonJson(value: unknown, path: string, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return `${path} (nested deeper than ${MAX_DEPTH} levels)`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (typeof value !== 'object') return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = pathOfNonJson(value[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return path;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) {
    const bad = pathOfNonJson(record[key], `${path}.${key}`, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}
