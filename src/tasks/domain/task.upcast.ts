import type { TaskEvent } from './task.events.js';

/**
 * Events as they were written, read in today's shape. The store keeps every event as recorded (its
 * hash covers the recorded data); fields added since are filled here, on read, with what they meant
 * then. Every fold of a task (the command path, projections, the ledger's states) goes through it.
 *
 * - TaskAssigned before sign-off paths: no path (the task follows its tier, task.sign-off.ts).
 * - TaskSignedOff before sign-off paths: the signing unit was not recorded.
 * - DeadlineAdjusted before approvals: one step, by the office, with a free-text approver.
 * - TaskReopened before typed findings: no finding type.
 */
export function upcastTaskEvent(event: TaskEvent): TaskEvent {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'TaskAssigned':
      return 'signOffPath' in data
        ? event
        : { ...event, data: { ...event.data, signOffPath: null, signOffDepartment: null } };
    case 'TaskSignedOff':
      return 'unit' in data ? event : { ...event, data: { ...event.data, unit: null } };
    default:
      return event;
  }
}
