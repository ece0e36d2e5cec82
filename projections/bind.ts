import type { DatabaseSync } from 'node:sqlite';

type Query = (db: DatabaseSync, ...args: never[]) => unknown;
type Bound<F> = F extends (db: DatabaseSync, ...args: infer A) => infer R
  ? (...args: A) => R
  : never;

/**
 * A read model's queries as an object bound to its database: the API calls `tasks.page(...)` and
 * never holds the handle itself.
 */
export function bindQueries<T extends Record<string, Query>>(
  db: DatabaseSync,
  queries: T,
): { readonly [K in keyof T]: Bound<T[K]> } {
  const bound: Record<string, unknown> = {};
  for (const [name, query] of Object.entries(queries)) {
    bound[name] = (...args: never[]) => query(db, ...args);
  }
  return bound as { readonly [K in keyof T]: Bound<T[K]> };
}
