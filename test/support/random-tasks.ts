import { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { tasksProjection } from '../../projections/tasks/tasks.projection.js';
import { ledgerProjection } from '../../projections/ledger/ledger.projection.js';
import { RECORD_KINDS } from '../../projections/ledger/record-kinds.js';
import { mulberry32 } from '../../src/common/seeded-sample.js';
import { tasksPage, type TaskFilter } from '../../projections/tasks/tasks.queries.js';

/**
 * Random task stores for the read side's property tests: tasks of two inspections, some sub-items,
 * every board column changing (regions of several cities and provinces), events in the same second.
 */

type Made = { streamId: string; event: TaskEvent };

/** A random store: tasks of two inspections, some sub-items, every board column changing. */
export function randomStore(seed: number): { events: RecordedEvent[]; times: number[] } {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const start = Date.parse('2024-01-01T00:00:00.000Z');
  let now = start;
  const made: Made[] = [];
  const tasks: { id: string; inspection: string }[] = [];
  const problems: { id: string; inspection: string }[] = [];
  const day = 86_400_000;
  const deadline = () =>
    rnd() < 0.15 ? null : new Date(start + Math.floor(rnd() * 400) * day).toISOString();
  for (let i = 0; i < 400; i++) {
    // Time moves by nothing (the same millisecond), under a second, or hours to weeks.
    const step = pick([0, 0, 1, 400, 3_600_000, day, 9 * day]);
    now += Math.floor(step * (0.5 + rnd()));
    const at = new Date(now).toISOString();
    const roll = rnd();
    if (tasks.length < 8 || roll < 0.18) {
      const inspection = pick(['P', 'Q']);
      const id = `t${String(tasks.length).padStart(3, '0')}`;
      const parent = problems.length > 0 && rnd() < 0.35 ? pick(problems) : undefined;
      const home = parent?.inspection ?? inspection;
      made.push({
        streamId: `task-${id}`,
        event: {
          type: 'TaskListed',
          data: {
            taskId: id,
            inspectionId: home,
            number: tasks.length,
            title: 't',
            problem: 'p',
            ...(parent ? { parentId: parent.id } : {}),
            at,
          },
        } as TaskEvent,
      });
      tasks.push({ id, inspection: home });
      if (!parent) problems.push({ id, inspection: home });
      continue;
    }
    const { id } = pick(tasks);
    const kind = pick([
      'assign',
      'progress',
      'progress',
      'deadline',
      'signOff',
      'reopen',
      'amend',
      'accept',
    ]);
    const data = ((): Record<string, unknown> => {
      switch (kind) {
        case 'assign':
          return {
            leadUnit: pick(['单位甲', '单位乙', '单位丙']),
            supportingUnits: [],
            responsibleLeader: null,
            acceptanceUnit: 'a',
            target: 't',
            measures: 'm',
            deadline: deadline(),
            longTerm: rnd() < 0.2,
            category: pick([null, '类别一', '类别二']),
            regionCode: pick([
              '360100',
              '360102',
              '360200',
              '360300',
              '110101',
              '110105',
              '440300',
            ]),
            regionName: pick(['南昌', '景德镇', '萍乡', '东城', '深圳']),
            signOffTier: 'CITY',
            signOffPath: null,
            signOffDepartment: null,
          };
        case 'progress':
          return {
            scheduleStatus: pick(['BEHIND', 'ON_SCHEDULE', 'AHEAD']),
            summary: 's',
            evidence: [],
          };
        case 'deadline':
          return { from: null, to: deadline() ?? at, reason: 'r', approver: 'a' };
        case 'signOff':
          return { level: 'CITY', signer: 's', closes: rnd() < 0.7, unit: null };
        case 'reopen':
          return { source: 'SPOT_CHECK', reason: 'r' };
        case 'amend':
          return {
            changes: pick([
              { regionCode: pick(['360100', '360400']), regionName: pick(['南昌', '新余']) },
              { leadUnit: pick(['单位甲', '单位丁']) },
              { category: pick([null, '类别三']) },
            ]),
          };
        default:
          return { selfCheck: 'c', evidence: [] };
      }
    })();
    const type = {
      assign: 'TaskAssigned',
      progress: 'ProgressReported',
      deadline: 'DeadlineAdjusted',
      signOff: 'TaskSignedOff',
      reopen: 'TaskReopened',
      amend: 'TaskAmended',
      accept: 'AcceptanceRequested',
    }[kind];
    made.push({ streamId: `task-${id}`, event: { type, data: { ...data, at } } as TaskEvent });
  }
  const events = recordedLog(
    made.map(({ streamId, event }) => ({ streamId, type: event.type, data: event.data })),
  );
  return { events, times: events.map((e) => Date.parse(e.metadata.recordedAt)) };
}

/** Who records the random events: the ledger projection numbers their names. */
const RECORDER = {
  id: 'inspection_office:test',
  name: '测试经办人',
  role: 'INSPECTION_OFFICE',
  organisation: '测试督察办',
};

/**
 * Events as the store would have recorded them, in this order: positions from 1, each stream's
 * revisions from 0, recorded at the `at` of their data (one actor; ids and hashes made up, as the
 * read side never checks them).
 */
export function recordedLog(
  made: readonly { streamId: string; type: string; data: object & { at?: unknown } }[],
): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return made.map(({ streamId, type, data }, i): RecordedEvent => {
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    return {
      position: BigInt(i + 1),
      streamId,
      revision: BigInt(revision),
      eventId: `e${i}`,
      type,
      data: data as unknown as RecordedEvent['data'],
      metadata: {
        recordedAt: data.at,
        actor: RECORDER,
        commandId: `c${i}`,
        correlationId: `c${i}`,
        causationId: `c${i}`,
        hash: `h${i}`,
        prevHash: `h${i - 1}`,
      } as RecordedEvent['metadata'],
    };
  });
}

/** Every page of a `tasks` filter in list order, `size` at a time, following each page's cursor. */
export function walkPages(
  db: DatabaseSync,
  filter: TaskFilter,
  size: number,
  now: string,
): string[] {
  const ids: string[] = [];
  let after: [string, string] | undefined;
  for (let pages = 0; pages < 500; pages++) {
    const page = tasksPage(db, filter, 'NUMBER', size, after, now);
    ids.push(...page.rows.map((r) => r.key[1]));
    if (!page.hasNext) return ids;
    after = page.rows[page.rows.length - 1].key;
  }
  throw new Error('the pages never ended');
}

/**
 * The tasks projections (rows, and versions for the board as of a moment) and the ledger (whole
 * states, which pages show) over `events`, in batches ending at random (`rnd`) or after every event.
 */
export function project(events: readonly RecordedEvent[], rnd: () => number): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  const projections = [tasksProjection(), ledgerProjection(RECORD_KINDS)];
  for (const p of projections) p.setup(db);
  for (const event of events) {
    for (const p of projections) p.apply(event, db);
    if (rnd() < 0.1) for (const p of projections) p.endBatch?.(db);
  }
  for (const p of projections) p.endBatch?.(db);
  return db;
}
