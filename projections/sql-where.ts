import type { SQLInputValue } from 'node:sqlite';

export interface Where {
  /** The conditions joined by AND, or `1` (everything) when there are none. */
  readonly sql: string;
  readonly params: SQLInputValue[];
}

/**
 * Collects a filter's conditions for a read model's WHERE clause, each with its own parameters, so
 * the same clause serves a page query and its count.
 */
export function whereBuilder() {
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  return {
    add(clause: string, ...values: SQLInputValue[]): void {
      clauses.push(clause);
      params.push(...values);
    },
    build: (): Where => ({ sql: clauses.length ? clauses.join(' AND ') : '1', params }),
  };
}
