import { DatabaseSync } from 'node:sqlite';
import type { CommandMeta } from '../../src/common/decider.js';
import type { JsonObject } from '../../src/common/json.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskCommand } from '../../src/tasks/domain/task.commands.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import {
  PROGRESS_REPORTS_INLINE,
  initialTaskState,
  type TaskState,
} from '../../src/tasks/domain/task.state.js';
import { fieldChanges } from '../../projections/ledger/field-changes.js';
import { ledgerQueries } from '../../projections/ledger/index.js';
import { CHECKPOINT_EVERY, ledgerProjection } from '../../projections/ledger/ledger.projection.js';
import { RECORD_KINDS } from '../../projections/ledger/record-kinds.js';
import { EVIDENCE, actors, assign, at, listTask, meta } from '../support/task-fixtures.js';

/**
 * The ledger keeps a full state every CHECKPOINT_EVERY versions and the latest; every other state
 * is answered by folding from the nearest checkpoint. These answers must equal a full fold of the
 * stream from its start, at every version and at times between checkpoints.
 */
describe('ledger checkpoints: asOf and history from checkpoints equal a full fold', () => {
  const db = new DatabaseSync(':memory:');
  const projection = ledgerProjection(RECORD_KINDS);
  projection.setup(db);
  const ledger = ledgerQueries(db);
  /** Per task, the states after each event (index v is the state at version v). */
  const states = new Map<string, TaskState[]>();
  let position = 0n;

  function run(taskId: string, command: TaskCommand, m: CommandMeta) {
    const history = states.get(taskId) ?? [initialTaskState()];
    states.set(taskId, history);
    const events = taskDecider.decide(command, history.at(-1)!, m) as TaskEvent[];
    for (const event of events) {
      history.push(taskDecider.evolve(history.at(-1)!, event));
      position++;
      projection.apply(
        {
          streamId: `task-${taskId}`,
          type: event.type,
          data: event.data as JsonObject,
          revision: BigInt(history.length - 2),
          position,
          eventId: `e${position}`,
          metadata: {
            actor: {
              id: m.actor.id,
              name: m.actor.name,
              role: 'X',
              organisation: m.actor.organisation,
            },
            commandId: `c${position}`,
            correlationId: `c${position}`,
            causationId: `c${position}`,
            recordedAt: m.at,
            schemaVersion: 1,
            prevHash: '',
            hash: `h${position}`,
          },
        } as unknown as RecordedEvent,
        db,
      );
    }
  }

  beforeAll(() => {
    // Two tasks interleaved, one much longer than the inline window and several checkpoints.
    for (const id of ['A', 'B']) {
      run(id, { ...listTask, taskId: id } as TaskCommand, meta(actors.office, at(0)));
      run(id, assign(), meta(actors.office, at(1)));
    }
    for (let i = 0; i < 3 * CHECKPOINT_EVERY + 5; i++) {
      const task = i % 3 === 2 ? 'B' : 'A';
      const evidence = i % 4 === 0 ? [{ ...EVIDENCE, fileName: `照片${i}.pdf` }] : [];
      run(
        task,
        {
          type: 'ReportProgress',
          scheduleStatus: 'ON_SCHEDULE',
          summary: `第 ${i} 次进展`,
          evidence,
        },
        meta(actors.lead, at(10 + i)),
      );
    }
  });

  it('a long stream has checkpoints only at multiples of CHECKPOINT_EVERY', () => {
    const rows = db
      .prepare(
        `SELECT version FROM ledger_entries WHERE stream_id = 'task-A' AND checkpoint IS NOT NULL`,
      )
      .all() as { version: number }[];
    const versions = states.get('A')!.length - 1;
    expect(versions).toBeGreaterThan(2 * CHECKPOINT_EVERY);
    expect(rows.map((r) => r.version)).toEqual(
      Array.from(
        { length: Math.floor(versions / CHECKPOINT_EVERY) },
        (_, i) => (i + 1) * CHECKPOINT_EVERY,
      ),
    );
  });

  it('the state at every version equals the full fold', () => {
    for (const [id, history] of states) {
      for (let v = 1; v < history.length; v++) {
        expect(ledger.stateAtVersion(`task-${id}`, v)).toEqual(history[v]);
      }
      expect(ledger.stateAtVersion(`task-${id}`, history.length)).toBeUndefined();
      expect(ledger.stateAtVersion(`task-${id}`, 0)).toBeUndefined();
    }
  });

  it('asOf between checkpoints answers the state of the last event at or before it', () => {
    const history = states.get('A')!;
    for (const day of [0, 5, 10 + CHECKPOINT_EVERY + 3, 10 + 2 * CHECKPOINT_EVERY + 7, 1000]) {
      const asOf = at(day);
      const found = ledger.stateAsOf('task-A', asOf);
      const expected = [...history].reverse().find((s) => s.updatedAt && s.updatedAt <= asOf);
      expect(found?.state).toEqual(expected);
    }
    expect(ledger.stateAsOf('task-A', at(-1))).toBeUndefined();
    expect(ledger.stateAsOf('task-A')?.state).toEqual(history.at(-1));
  });

  it('history entries carry the changes between consecutive full folds; the window shows the new report only', () => {
    const history = states.get('A')!;
    const page = ledger.page({ streamId: 'task-A' }, 100);
    expect(page.entries).toHaveLength(history.length - 1);
    const windows = new Set(['progressReports']);
    page.entries.forEach((entry, i) => {
      expect(entry.changes).toEqual(fieldChanges(history[i], history[i + 1], '', windows));
    });
    const last = page.entries.at(-1)!;
    expect(history.at(-1)!.progressReports).toHaveLength(PROGRESS_REPORTS_INLINE);
    expect(last.changes.filter((c) => c.field.startsWith('progressReports['))).toEqual([
      {
        field: `progressReports[${PROGRESS_REPORTS_INLINE - 1}]`,
        before: null,
        after: history.at(-1)!.progressReports.at(-1),
      },
    ]);
  });
  it('every page of the global log and of a history, from any position and of any size, carries the changes of a full fold', () => {
    // A page folds what it does not hold from the table and the rest from its own entries: pages
    // cut at every position, small and large, mix both, and some start past a checkpoint.
    const windows = new Set(['progressReports']);
    let entries = 0;
    for (const first of [1, 2, 5, 17, 40]) {
      for (let after = 0n; after < position; after++) {
        for (const filter of [{}, { streamId: 'task-A' }, { streamId: 'task-B' }]) {
          for (const entry of ledger.page(filter, first, after).entries) {
            const history = states.get(entry.streamId.slice('task-'.length))!;
            expect(entry.changes).toEqual(
              fieldChanges(history[entry.version - 1], history[entry.version], '', windows),
            );
            entries++;
          }
        }
      }
    }
    expect(entries).toBeGreaterThan(5 * Number(position));
  });
});
