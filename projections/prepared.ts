import type { DatabaseSync, StatementSync } from 'node:sqlite';

const statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/**
 * A statement prepared once per database and text: a page is a handful of statements, and preparing
 * one costs as much as running it (a city's page: 1.2 ms p50 with its statements prepared per call).
 * With `unknownNamed`, named parameters a statement does not read are ignored (a set of parameters
 * shared by several statements). With `arrays`, rows come back as arrays of their columns: for a
 * statement of hundreds of rows a page, an object a row was a sixth of the statement's time.
 */
export function prepared(
  db: DatabaseSync,
  sql: string,
  { unknownNamed = false, arrays = false }: { unknownNamed?: boolean; arrays?: boolean } = {},
): StatementSync {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  const key = arrays ? `[arrays] ${sql}` : sql;
  let st = cache.get(key);
  if (!st) {
    st = db.prepare(sql);
    if (unknownNamed) st.setAllowUnknownNamedParameters(true);
    if (arrays) st.setReturnArrays(true);
    // Filters combine into a bounded number of texts; this only stops a pathological caller.
    if (cache.size < 512) cache.set(key, st);
  }
  return st;
}
