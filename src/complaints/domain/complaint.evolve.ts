import { assertNever } from '../../common/decider.js';
import type { ComplaintEvent } from './complaint.events.js';
import type { ComplaintState } from './complaint.state.js';

export function evolveComplaint(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  switch (event.type) {
    case 'ComplaintHandedOver': {
      const { at, ...d } = event.data;
      return { ...state, ...d, status: 'HANDED_OVER', handedOverAt: at };
    }
    case 'ComplaintInvestigationStarted':
      return { ...state, status: 'INVESTIGATING', investigationStartedAt: event.data.at };
    case 'ComplaintVerificationRecorded': {
      const { at, result, findings } = event.data;
      // A correction while handling is on record keeps the case where it was.
      const status = state.status === 'HANDLED' ? 'HANDLED' : 'VERIFIED';
      return { ...state, status, verification: { result, findings, recordedAt: at } };
    }
    case 'ComplaintHandlingRecorded': {
      const { at, handling, accountability } = event.data;
      return {
        ...state,
        status: 'HANDLED',
        handling: { handling, accountability, recordedAt: at },
      };
    }
    case 'ComplaintEnforcementRecorded': {
      const { at: _at, ...enforcement } = event.data;
      return { ...state, enforcement };
    }
    case 'ComplaintTasksLinked':
      return {
        ...state,
        linkedTaskIds: [...new Set([...state.linkedTaskIds, ...event.data.taskIds])],
      };
    case 'ComplaintClosedInStages': {
      const { at, remaining, remainingDueOn } = event.data;
      return {
        ...state,
        status: 'CLOSED_IN_STAGES',
        stageClosure: { remaining, remainingDueOn, closedAt: at },
      };
    }
    case 'ComplaintClosed':
      return {
        ...state,
        status: 'CLOSED',
        closedAt: event.data.at,
        closingSummary: event.data.summary,
      };
    case 'ComplaintReopened': {
      const { at, reason } = event.data;
      // The earlier result and handling stay on record; new ones must be recorded before closing.
      return {
        ...state,
        status: 'INVESTIGATING',
        closedAt: null,
        closingSummary: null,
        stageClosure: null,
        reopenings: [...state.reopenings, { at, reason }],
      };
    }
    default:
      return assertNever(event);
  }
}
