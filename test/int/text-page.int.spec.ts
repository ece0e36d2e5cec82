import { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { tasksPage, type TaskFilter } from '../../projections/tasks/tasks.queries.js';
import { TEXT_SEQS_SQL, textMatch } from '../../projections/tasks/task-text.js';
import { mulberry32 } from '../../src/common/seeded-sample.js';
import { project, recordedLog, walkPages } from '../support/random-tasks.js';

/**
 * A text search's pages in list order (text-page.ts walks inspection by inspection and stops when a
 * page is full) against one statement over every match (the query before), over random stores:
 * inspections whose ids prefix each other, tasks listed in and out of list order, without numbers,
 * renumbered and retitled, in random batches; every page of every search, one, a province's or all
 * inspections.
 */

const NOW = '2025-01-01T00:00:00.000Z';
const INSPECTIONS = ['a', 'a.b', 'a-1', 'b', 'P'];
const PROVINCES: Record<string, string> = { a: '36', 'a.b': '36', 'a-1': '44', b: '44', P: '36' };
const CHARS = ['赣', '江', '湖', '河', 'X', 'y'];
const AT = '2024-06-01T00:00:00.000Z';

function randomStore(seed: number): RecordedEvent[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const text = () => Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => pick(CHARS)).join('');
  // Some inspections list their tasks in number order, the others at random.
  const inOrder = new Map(INSPECTIONS.map((i) => [i, rnd() < 0.5]));
  const next = new Map(INSPECTIONS.map((i) => [i, 1]));
  const tasks: string[] = [];
  const inspectionOf = new Map<string, string>();
  const made: { streamId: string; type: string; data: Record<string, unknown> }[] = [];
  for (let i = 0; i < 300; i++) {
    if (tasks.length < 5 || rnd() < 0.6) {
      const inspection = pick(INSPECTIONS);
      const n = next.get(inspection)!;
      next.set(inspection, n + 1);
      const number = inOrder.get(inspection) ? n : rnd() < 0.1 ? null : 1 + Math.floor(rnd() * 60);
      const id = `t${String(tasks.length).padStart(3, '0')}${pick(['', 'z', 'a'])}`;
      tasks.push(id);
      inspectionOf.set(id, inspection);
      made.push({
        streamId: `task-${id}`,
        type: 'TaskListed',
        data: {
          taskId: id,
          inspectionId: inspection,
          number,
          title: text(),
          problem: text(),
          at: AT,
        },
      });
      continue;
    }
    const id = pick(tasks);
    // Renumbering puts an inspection out of list order: mostly in those listed out of order already.
    const renumber = !inOrder.get(inspectionOf.get(id)!) || rnd() < 0.03;
    const changes = pick([
      renumber ? { number: 1 + Math.floor(rnd() * 60) } : { title: text() },
      { title: text() },
      { problem: text() },
    ]);
    made.push({ streamId: `task-${id}`, type: 'TaskAmended', data: { changes, at: AT } });
  }
  return recordedLog(made);
}

/** The tasks projection, and the provinces of the inspections (projections/national's table). */
function projectWithProvinces(events: readonly RecordedEvent[], rnd: () => number): DatabaseSync {
  const db = project(events, rnd);
  db.exec(
    `CREATE TABLE national_inspections (inspection_id TEXT PRIMARY KEY, province TEXT NOT NULL)`,
  );
  const put = db.prepare('INSERT INTO national_inspections VALUES (?, ?)');
  for (const [id, province] of Object.entries(PROVINCES)) put.run(id, province);
  return db;
}

/** Every match in list order, by one statement (the query before text-page.ts). */
function reference(db: DatabaseSync, text: string, filter: TaskFilter): string[] {
  const scope = filter.inspectionId
    ? ' AND inspection_id = ?'
    : filter.scopeProvince
      ? ' AND inspection_id IN (SELECT inspection_id FROM national_inspections WHERE province = ?)'
      : '';
  return (
    db
      .prepare(
        `SELECT id FROM tasks WHERE seq IN (${TEXT_SEQS_SQL})${scope} ORDER BY number_key, id`,
      )
      .all(
        textMatch(text),
        ...[filter.inspectionId ?? filter.scopeProvince].filter((x): x is string => !!x),
      ) as {
      id: string;
    }[]
  ).map((r) => r.id);
}

describe('tasks {text} in list order, inspection by inspection', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'store %i: every page equals the one statement over all matches',
    (seed) => {
      const rnd = mulberry32(seed * 7919);
      const db = projectWithProvinces(randomStore(seed), rnd);
      const ranks = db.prepare('SELECT ordered FROM task_text_inspections').all() as {
        ordered: number;
      }[];
      // The stores exercise both walks: inspections still in list order and ones that are not.
      expect(new Set(ranks.map((r) => r.ordered)).size).toBe(2);
      let compared = 0;
      for (const text of ['赣', '江湖', '河X', 'y', 'x', '赣江湖', 'Xy']) {
        for (const scope of [
          {},
          { inspectionId: 'a' },
          { inspectionId: 'a.b' },
          { scopeProvince: '36' },
          { scopeProvince: '44' },
        ]) {
          const filter: TaskFilter = { text, ...scope };
          const expected = reference(db, text, filter);
          for (const size of [1, 3, 20]) {
            expect(walkPages(db, filter, size, NOW)).toEqual(expected);
            compared += expected.length;
          }
          expect(tasksPage(db, filter, 'NUMBER', 5, undefined, NOW).totalCount()).toBe(
            expected.length,
          );
        }
      }
      expect(compared).toBeGreaterThan(500);
    },
  );
});
