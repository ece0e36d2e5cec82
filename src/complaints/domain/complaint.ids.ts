import { v5 as uuidv5 } from 'uuid';

/** Namespace of complaint ids: fixed, so the same tracking number always names the same case. */
const COMPLAINT_NAMESPACE = '5b7e2f0c-1d4a-5c3e-8f61-0a9d2b4c6e18';

/**
 * A complaint's id is derived from its inspection and the team's tracking number (受理编号), so one
 * tracking number is one stream per inspection: a second handover of it finds the case already on
 * record, whether it comes from a form, a re-imported sheet or another office. The tracking number
 * is kept as given; only surrounding spaces and letter case are ignored when deriving.
 */
export const complaintIdOf = (inspectionId: string, trackingNumber: string): string =>
  uuidv5(`${inspectionId}/${trackingNumber.trim().toUpperCase()}`, COMPLAINT_NAMESPACE);
