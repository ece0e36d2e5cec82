import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** A table of names numbered once: `(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`. */
export const nameTableSql = (table: string): string =>
  `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);`;

export interface NameNumbers {
  /** The name's number in the table, added when new. */
  numberOf(db: DatabaseSync, name: string): number;
  /** Forgets the numbers seen: after a rolled-back batch (its new names are gone) or a drop. */
  forget(): void;
}

/**
 * Names that repeat on many rows (actors, organisations, units, ...) kept once in `table`, the rows
 * holding their numbers. The numbers seen are kept in memory, so most rows look up none; a
 * projection forgets them with a rolled-back batch and when its tables are dropped.
 */
export function nameNumbers(table: string): NameNumbers {
  const seen = new Map<string, number>();
  let statements: { db: DatabaseSync; find: StatementSync; add: StatementSync } | undefined;
  return {
    numberOf(db, name) {
      if (statements?.db !== db) {
        seen.clear();
        statements = {
          db,
          find: db.prepare(`SELECT id FROM ${table} WHERE name = ?`),
          add: db.prepare(`INSERT INTO ${table} (name) VALUES (?)`),
        };
      }
      let id = seen.get(name);
      if (id === undefined) {
        const row = statements.find.get(name) as { id: number } | undefined;
        id = row ? row.id : Number(statements.add.run(name).lastInsertRowid);
        seen.set(name, id);
      }
      return id;
    },
    forget() {
      seen.clear();
      // A dropped table takes its statements with it: prepared again on the next use.
      statements = undefined;
    },
  };
}
