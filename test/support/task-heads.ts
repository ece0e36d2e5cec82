import type { EventStore } from '../../src/event-store/event-store.port.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { evolveTask } from '../../src/tasks/domain/task.evolve.js';
import { initialTaskState, type TaskState } from '../../src/tasks/domain/task.state.js';
import type { TaskHeadShape } from '../../projections/tasks/task-head.js';
import { ROW_HEAD } from '../../projections/tasks/tasks.projection.js';
import { streamsOf } from './ledger-folds.js';

/** The heads projections fold instead of whole states (task-head.ts), by what they serve. */
const HEADS: Record<string, TaskHeadShape<keyof TaskState>> = {
  'tasks (row)': ROW_HEAD as TaskHeadShape<keyof TaskState>,
};

/**
 * `tasks` folds a task's columns and version rows from a head, not the whole state: after
 * every event of every task of the store, each head, folded on its own and read back from its
 * stored values, must equal the same fields of the whole state folded from the task's first event.
 * Returns the events checked.
 */
export async function expectTaskHeadsEqualWholeStates(store: EventStore): Promise<number> {
  const mismatches: {
    head: string;
    streamId: string;
    revision: bigint;
    got: unknown;
    whole: unknown;
  }[] = [];
  let checked = 0;
  for (const [streamId, events] of await streamsOf(store)) {
    if (!streamId.startsWith(taskDecider.streamPrefix)) continue;
    let whole = initialTaskState();
    const heads = new Map<string, ReturnType<TaskHeadShape<keyof TaskState>['of']>>();
    for (const event of events) {
      whole = evolveTask(whole, event as unknown as TaskEvent);
      for (const [name, shape] of Object.entries(HEADS)) {
        // As stored between batches: the values' JSON, parsed back.
        const stored = heads.get(name);
        const before = stored && shape.fromValues(JSON.parse(JSON.stringify(shape.values(stored))));
        const head = shape.evolve(before, event as unknown as TaskEvent);
        heads.set(name, head);
        const expected = shape.of(whole);
        if (JSON.stringify(head) !== JSON.stringify(expected))
          mismatches.push({
            head: name,
            streamId,
            revision: event.revision,
            got: head,
            whole: expected,
          });
      }
      checked++;
    }
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
  return checked;
}
