import { globalId } from '../../common/global-id.js';
import type { ComplaintState } from '../domain/complaint.state.js';

/**
 * The GraphQL shape of a complaint case: its whole state plus where in its stream that state
 * stands. `id` is the global id, `complaint-<complaintId>`, which is also the stream's name.
 */
export type ComplaintView = ComplaintState & {
  id: string;
  complaintId: string;
  version: number;
  updatedAt: string;
  asOf: string | null;
};

export const complaintView = (
  state: ComplaintState,
  version: number,
  updatedAt: string,
  asOf: string | null = null,
): ComplaintView => ({
  ...state,
  id: globalId('complaint', state.complaintId ?? ''),
  complaintId: state.complaintId ?? '',
  version,
  updatedAt,
  asOf,
});
