import type { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import {
  CITY_OVERDUE_SORT_MAX,
  cityOverdueIndex,
  tasksPage,
  OVERDUE_SQL,
  type TaskFilter,
} from '../../projections/tasks/tasks.queries.js';
import { mulberry32 } from '../../src/common/seeded-sample.js';
import { project, randomStore, recordedLog, walkPages } from '../support/random-tasks.js';

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

/** A city with more overdue tasks than a page sorts (and others in a second city), listed in random order. */
function crowdedCity(tasks: number): RecordedEvent[] {
  const rnd = mulberry32(42);
  const made: { streamId: string; type: string; data: Record<string, unknown> }[] = [];
  const at = '2024-01-01T00:00:00.000Z';
  const push = (streamId: string, type: string, data: Record<string, unknown>) =>
    made.push({ streamId, type, data });
  for (let i = 0; i < tasks; i++) {
    const id = `c${i}`;
    push(`task-${id}`, 'TaskListed', {
      taskId: id,
      inspectionId: rnd() < 0.5 ? 'P' : 'Q',
      number: 1 + Math.floor(rnd() * tasks),
      title: 't',
      problem: 'p',
      at,
    });
    push(`task-${id}`, 'TaskAssigned', {
      leadUnit: '单位甲',
      supportingUnits: [],
      responsibleLeader: null,
      acceptanceUnit: 'a',
      target: 't',
      measures: 'm',
      deadline: rnd() < 0.7 ? '2024-06-01T00:00:00.000Z' : '2025-06-01T00:00:00.000Z',
      longTerm: false,
      category: null,
      regionCode: rnd() < 0.95 ? pickOf(rnd, ['110101', '110105']) : '360100',
      regionName: '东城',
      signOffTier: 'CITY',
      signOffPath: null,
      signOffDepartment: null,
      at,
    });
  }
  return recordedLog(made);
}

const pickOf = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

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
        for (const size of [1, 7, 50]) expect(walkPages(db, filter, size, NOW)).toEqual(expected);
        expect(tasksPage(db, filter, 'NUMBER', 3, undefined, NOW).totalCount()).toBe(
          expected.length,
        );
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('a city overdue past the bound walks its list order, under it sorts its overdue range: the same pages', () => {
    const db = project(crowdedCity(2_400), mulberry32(7));
    const filter = { regionCode: '110100', overdue: true };
    const expected = reference(db, '1101', { overdue: true });
    expect(expected.length).toBeGreaterThan(CITY_OVERDUE_SORT_MAX);
    expect(cityOverdueIndex(db, filter, 'NUMBER', NOW)).toBe('tasks_by_city');
    expect(cityOverdueIndex(db, filter, 'NUMBER', NOW, expected.length)).toBe(
      'tasks_by_city_overdue',
    );
    const few = reference(db, '3601', { overdue: true });
    expect(few.length).toBeLessThan(CITY_OVERDUE_SORT_MAX);
    expect(cityOverdueIndex(db, { regionCode: '360100', overdue: true }, 'NUMBER', NOW)).toBe(
      'tasks_by_city_overdue',
    );
    // Another filter, another order: the planner's choice.
    expect(cityOverdueIndex(db, { ...filter, leadUnit: '单位甲' }, 'NUMBER', NOW)).toBeUndefined();
    expect(cityOverdueIndex(db, filter, 'DEADLINE', NOW)).toBeUndefined();
    expect(walkPages(db, filter, 50, NOW)).toEqual(expected);
    expect(walkPages(db, { regionCode: '360100', overdue: true }, 50, NOW)).toEqual(few);
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
    const overdue = `AND ${OVERDUE_SQL.replace('?', "'2024-09-01'")}`;
    for (const [code, index, filter] of [
      ['3601', 'tasks_by_city', ''],
      ['3601', 'tasks_by_city', "AND status = 'IN_PROGRESS'"],
      ['36', 'tasks_by_province', ''],
      ['36', 'tasks_by_province', overdue],
    ]) {
      const detail = plan(code, filter);
      expect(detail).toContain(`COVERING INDEX ${index}`);
      expect(detail).not.toContain('TEMP B-TREE');
    }
  });
});
