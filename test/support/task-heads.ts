import type { EventStore } from '../../src/event-store/event-store.port.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { evolveTask } from '../../src/tasks/domain/task.evolve.js';
import { initialTaskState } from '../../src/tasks/domain/task.state.js';
import { ROW_HEAD, type RowHead } from '../../projections/tasks/tasks.projection.js';
import { streamsOf } from './ledger-folds.js';

/**
 * `tasks` folds a task's columns and version rows from a head (task-head.ts), not the whole state:
 * after every event of every task of the store, the head, folded on its own and read back from its
 * stored values each time, must equal the same fields of the whole state folded from the task's
 * first event. Returns the events checked.
 */
export async function expectTaskHeadsEqualWholeStates(store: EventStore): Promise<number> {
  const mismatches: { streamId: string; revision: bigint; head: RowHead; whole: RowHead }[] = [];
  let checked = 0;
  for (const [streamId, events] of await streamsOf(store)) {
    if (!streamId.startsWith(taskDecider.streamPrefix)) continue;
    let whole = initialTaskState();
    let head: RowHead | undefined;
    for (const event of events) {
      whole = evolveTask(whole, event as unknown as TaskEvent);
      // As stored between batches: the values' JSON, parsed back.
      const stored = head && ROW_HEAD.fromValues(JSON.parse(JSON.stringify(ROW_HEAD.values(head))));
      head = ROW_HEAD.evolve(stored, event as unknown as TaskEvent);
      const expected = ROW_HEAD.of(whole);
      if (JSON.stringify(head) !== JSON.stringify(expected))
        mismatches.push({ streamId, revision: event.revision, head, whole: expected });
      checked++;
    }
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
  return checked;
}
