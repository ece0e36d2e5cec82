import { recordKindOf } from '../../projections/ledger.projection.js';
import { taskDecider } from './task.decider.js';

/** How the ledger keeps every state of every task (history and `task(asOf:)`). */
export const taskRecordKind = recordKindOf('Task', taskDecider);
