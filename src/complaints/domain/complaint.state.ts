import type {
  Channel,
  ComplaintStatus,
  EnforcementKey,
  PollutionType,
  VerificationResult,
} from './complaint.catalogue.js';

/**
 * One complaint case as users see it, plain JSON: the ledger keeps every past state, so history and
 * `asOf` need nothing else. The complainant's name and contact are not part of it, nor of any
 * event: the office keeps them outside Taizhang, so no export or disclosure can reach them.
 */
export type EnforcementFigures = Record<EnforcementKey, number>;

export type Enforcement = EnforcementFigures & {
  /** Accountability cases (their caseIds) the people held accountable are recorded in. */
  accountabilityCaseIds: string[];
};

export type ComplaintState = {
  complaintId: string | null;
  /** null until handed over. */
  status: ComplaintStatus | null;
  inspectionId: string | null;
  batch: number | null;
  handedOverOn: string | null;
  trackingNumber: string | null;
  channel: Channel | null;
  keyAttention: boolean;
  duplicateOf: { complaintId: string; trackingNumber: string } | null;
  regionCode: string | null;
  regionName: string | null;
  pollutionTypes: PollutionType[];
  description: string | null;
  handedTo: string | null;
  replyDueOn: string | null;
  handedOverAt: string | null;
  investigationStartedAt: string | null;
  verification: { result: VerificationResult; findings: string; recordedAt: string } | null;
  handling: { handling: string; accountability: string | null; recordedAt: string } | null;
  enforcement: Enforcement;
  stageClosure: { remaining: string; remainingDueOn: string; closedAt: string } | null;
  closedAt: string | null;
  closingSummary: string | null;
  linkedTaskIds: string[];
  reopenings: { at: string; reason: string }[];
};

export const noEnforcement = (): Enforcement => ({
  orderedToRectify: 0,
  penaltyCases: 0,
  fineYuan: 0,
  criminalCases: 0,
  administrativeDetentions: 0,
  criminalDetentions: 0,
  summonedTalks: 0,
  peopleHeldAccountable: 0,
  accountabilityCaseIds: [],
});

export const initialComplaintState = (): ComplaintState => ({
  complaintId: null,
  status: null,
  inspectionId: null,
  batch: null,
  handedOverOn: null,
  trackingNumber: null,
  channel: null,
  keyAttention: false,
  duplicateOf: null,
  regionCode: null,
  regionName: null,
  pollutionTypes: [],
  description: null,
  handedTo: null,
  replyDueOn: null,
  handedOverAt: null,
  investigationStartedAt: null,
  verification: null,
  handling: null,
  enforcement: noEnforcement(),
  stageClosure: null,
  closedAt: null,
  closingSummary: null,
  linkedTaskIds: [],
  reopenings: [],
});
