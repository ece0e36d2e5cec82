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
export function canonicalJson(value: unknown, path = '$', depth = 0): string {
  if (depth > MAX_DEPTH) throw new NotJsonError(`${path} (nested deeper than ${MAX_DEPTH} levels)`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(path);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i) out += ',';
          out += canonicalJson(value[i], `${path}[${i}]`, depth + 1);
        }
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new NotJsonError(path);
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        if (i) out += ',';
        out += `${JSON.stringify(keys[i])}:${canonicalJson(record[keys[i]], `${path}.${keys[i]}`, depth + 1)}`;
      }
      return out + '}';
    }
    default:
      throw new NotJsonError(path);
  }
}
