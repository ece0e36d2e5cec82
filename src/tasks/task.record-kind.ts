import type { RecordKind } from '../../projections/ledger.projection.js';
import type { DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';
import { taskDecider } from './task.decider.js';
import type { TaskEvent } from './task.events.js';
import type { TaskState } from './task.state.js';

/** How the ledger keeps every state of every task (history and `task(asOf:)`). */
export const taskRecordKind: RecordKind = {
  kind: 'Task',
  streamPrefix: taskDecider.streamPrefix,
  initialState: () => taskDecider.initialState(),
  evolve: (state: JsonObject, event: DomainEvent) =>
    taskDecider.evolve(state as TaskState, event as TaskEvent),
};
