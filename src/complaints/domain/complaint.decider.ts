import type { Decider } from '../../common/decider.js';
import type { ComplaintCommand } from './complaint.commands.js';
import { decideComplaint } from './complaint.decide.js';
import type { ComplaintEvent } from './complaint.events.js';
import { evolveComplaint } from './complaint.evolve.js';
import { initialComplaintState, type ComplaintState } from './complaint.state.js';

/** One complaint case per handed-over item, stream `complaint-<complaintId>`. */
export const complaintDecider: Decider<ComplaintState, ComplaintCommand, ComplaintEvent> = {
  streamPrefix: 'complaint-',
  initialState: initialComplaintState,
  decide: decideComplaint,
  evolve: evolveComplaint,
};
