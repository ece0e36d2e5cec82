import { recordKindOf } from '../ledger/ledger.projection.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';

/** How the ledger keeps every state of every task (history and `task(asOf:)`). */
export const taskRecordKind = recordKindOf('Task', taskDecider, ['progressReports']);
