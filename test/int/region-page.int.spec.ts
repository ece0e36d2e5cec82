import type { DatabaseSync } from 'node:sqlite';
import { tasksPage, OVERDUE_SQL, type TaskFilter } from '../../projections/tasks/tasks.queries.js';
import { mulberry32 } from '../../src/common/seeded-sample.js';
import { project, randomStore } from '../support/random-tasks.js';

/**
 * A region's pages (a city or a province from its own index, tasks_by_city / tasks_by_province)
 * against the range of codes they were read from before, over random stores with tasks in several
 * cities of two provinces: every page of each region, alone and with overdue or a status.
 */

const NOW = '2024-09-01T00:00:00.000Z';

function reference(db: DatabaseSync, prefix: string, extra: TaskFilter): string[] {
  const where = ['region_code >= ? AND region_code < ?'];
  const params: string[] = [prefix, `${prefix}:`];
  if (extra.overdue) {
    where.push(OVERDUE_SQL);
    params.push(NOW);
  }
  if (extra.status?.length) {
    where.push(`status IN (${extra.status.map(() => '?').join(', ')})`);
    params.push(...extra.status);
  }
  return (
    db
      .prepare(`SELECT id FROM tasks WHERE ${where.join(' AND ')} ORDER BY number_key, id`)
      .all(...params) as { id: string }[]
  ).map((r) => r.id);
}

function walk(db: DatabaseSync, filter: TaskFilter, size: number): string[] {
  const ids: string[] = [];
  let after: [string, string] | undefined;
  for (let pages = 0; pages < 500; pages++) {
    const page = tasksPage(db, filter, 'NUMBER', size, after, NOW);
    ids.push(...page.rows.map((r) => r.key[1]));
    if (!page.hasNext) return ids;
    after = page.rows[page.rows.length - 1].key;
  }
  throw new Error('the pages never ended');
}

describe('tasks {regionCode} of a city or a province', () => {
  it.each([1, 2, 3])('store %i: every page equals the range of codes', (seed) => {
    const db = project(randomStore(seed).events, mulberry32(seed));
    let compared = 0;
    for (const [code, prefix] of [
      ['360100', '3601'],
      ['110100', '1101'],
      ['360000', '36'],
      ['110000', '11'],
      ['440300', '4403'],
      ['360102', '360102'],
    ]) {
      for (const extra of [{}, { overdue: true }, { status: ['IN_PROGRESS' as const] }]) {
        const expected = reference(db, prefix, extra);
        const filter = { regionCode: code, ...extra };
        for (const size of [1, 7, 50]) expect(walk(db, filter, size)).toEqual(expected);
        expect(tasksPage(db, filter, 'NUMBER', 3, undefined, NOW).totalCount()).toBe(
          expected.length,
        );
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('a city and a province are read from their own index in list order, without a sort', () => {
    const db = project(randomStore(1).events, mulberry32(1));
    const plan = (code: string, filter: string) =>
      (
        db
          .prepare(
            `EXPLAIN QUERY PLAN SELECT seq, version, number_key, id FROM tasks
             WHERE substr(region_code, 1, ${code.length}) = ? ${filter} ORDER BY number_key, id LIMIT 21`,
          )
          .all(code) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join('; ');
    for (const [code, index] of [
      ['3601', 'tasks_by_city'],
      ['36', 'tasks_by_province'],
    ]) {
      const overdue = plan(code, `AND ${OVERDUE_SQL.replace('?', "'2024-09-01'")}`);
      expect(overdue).toContain(`COVERING INDEX ${index}`);
      expect(overdue).not.toContain('TEMP B-TREE');
    }
  });
});
