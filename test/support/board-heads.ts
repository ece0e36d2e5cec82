import type { EventStore } from '../../src/event-store/event-store.port.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { evolveTask } from '../../src/tasks/domain/task.evolve.js';
import { initialTaskState } from '../../src/tasks/domain/task.state.js';
import {
  boardHeadOf,
  evolveBoardHead,
  type BoardHead,
} from '../../projections/tasks/task-versions.projection.js';
import { streamsOf } from './ledger-folds.js';

/**
 * `task-versions` folds a task's board columns from their own head, not the whole state: after every
 * event of every task of the store, the head it folds must equal the board columns of the whole
 * state folded from the task's first event. Returns the events checked.
 */
export async function expectBoardHeadsEqualWholeStates(store: EventStore): Promise<number> {
  const mismatches: { streamId: string; revision: bigint; head: BoardHead; whole: BoardHead }[] =
    [];
  let checked = 0;
  for (const [streamId, events] of await streamsOf(store)) {
    if (!streamId.startsWith(taskDecider.streamPrefix)) continue;
    let whole = initialTaskState();
    let head: BoardHead | undefined;
    for (const event of events) {
      whole = evolveTask(whole, event as unknown as TaskEvent);
      head = evolveBoardHead(head, event as unknown as TaskEvent);
      const expected = boardHeadOf(whole);
      if (JSON.stringify(head) !== JSON.stringify(expected)) {
        mismatches.push({ streamId, revision: event.revision, head, whole: expected });
      }
      checked++;
    }
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
  return checked;
}
