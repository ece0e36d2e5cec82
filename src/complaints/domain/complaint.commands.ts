/**
 * What users ask of a complaint case. Enum-like fields are plain strings here because they are
 * checked against the catalogue in `decide` (commands also come from the handover sheet import).
 */
export type HandOverComplaint = {
  type: 'HandOverComplaint';
  /** complaintIdOf(inspectionId, trackingNumber): decide refuses any other. */
  complaintId: string;
  inspectionId: string;
  batch: number;
  handedOverOn: string;
  trackingNumber: string;
  channel: string;
  keyAttention?: boolean | null;
  /** Tracking number of the earlier case (same inspection) this one repeats. */
  duplicateOf?: string | null;
  regionCode: string;
  regionName: string;
  pollutionTypes: readonly string[];
  description: string;
  handedTo: string;
  replyDueOn: string;
};

export type StartComplaintInvestigation = { type: 'StartComplaintInvestigation' };

export type RecordComplaintVerification = {
  type: 'RecordComplaintVerification';
  result: string;
  findings: string;
};

export type RecordComplaintHandling = {
  type: 'RecordComplaintHandling';
  handling: string;
  accountability?: string | null;
};

export type RecordComplaintEnforcement = {
  type: 'RecordComplaintEnforcement';
  orderedToRectify: number;
  penaltyCases: number;
  fineYuan: number;
  criminalCases: number;
  administrativeDetentions: number;
  criminalDetentions: number;
  summonedTalks: number;
  peopleHeldAccountable: number;
  accountabilityCaseIds?: readonly string[] | null;
};

export type LinkComplaintTasks = { type: 'LinkComplaintTasks'; taskIds: readonly string[] };

export type CloseComplaintInStages = {
  type: 'CloseComplaintInStages';
  remaining: string;
  remainingDueOn: string;
};

export type CloseComplaint = { type: 'CloseComplaint'; summary?: string | null };

export type ReopenComplaint = { type: 'ReopenComplaint' };

export type ComplaintCommand =
  | HandOverComplaint
  | StartComplaintInvestigation
  | RecordComplaintVerification
  | RecordComplaintHandling
  | RecordComplaintEnforcement
  | LinkComplaintTasks
  | CloseComplaintInStages
  | CloseComplaint
  | ReopenComplaint;
