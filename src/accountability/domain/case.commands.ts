/**
 * What users ask of an accountability case. Ids (case, person, sanction, claim, litigation) come in
 * with the command: the resolver takes them from the client or derives them from the commandId, so
 * `decide` stays pure and a retried command writes nothing new. Enum-like fields are plain strings
 * here because they are checked against the catalogue in `decide` (commands also come from imports).
 */
export type OpenAccountabilityCase = {
  type: 'OpenAccountabilityCase';
  caseId: string;
  inspectionId: string;
  referenceNumber?: string | null;
  referredProblem: string;
  linkedTaskIds?: readonly string[] | null;
  sourceTaskId?: string | null;
  investigatingBody: string;
  referredOn: string;
};

export type RecordInvestigation = {
  type: 'RecordInvestigation';
  teams: number;
  interviews: number;
  findings: string;
};

export type AddAccountablePerson = {
  type: 'AddAccountablePerson';
  personId: string;
  name: string;
  positionAtTheTime: string;
  currentPosition?: string | null;
  rank: string;
  organisationType: string;
  responsibilityType: string;
};

export type SanctionInput = {
  kind: string;
  decidingBody: string;
  decidedOn: string;
  publishedOn?: string | null;
  publishedIn?: string | null;
  note?: string | null;
};

export type RecordSanction = SanctionInput & {
  type: 'RecordSanction';
  personId: string;
  sanctionId: string;
};

export type CorrectSanction = SanctionInput & {
  type: 'CorrectSanction';
  personId: string;
  sanctionId: string;
};

export type WithdrawSanction = { type: 'WithdrawSanction'; personId: string; sanctionId: string };

export type ExemptAccountablePerson = {
  type: 'ExemptAccountablePerson';
  personId: string;
  decidingBody: string;
  decidedOn: string;
};

export type HoldUnitAccountable = {
  type: 'HoldUnitAccountable';
  unitId: string;
  name: string;
  organisationType: string;
  methods: readonly string[];
  decidingBody: string;
  decidedOn: string;
  publishedOn?: string | null;
  publishedIn?: string | null;
  note?: string | null;
};

export type WithdrawUnitAccountability = { type: 'WithdrawUnitAccountability'; unitId: string };

export type RecordDamageCompensation = {
  type: 'RecordDamageCompensation';
  claimId: string;
  claimant: string;
  respondent: string;
  description: string;
  amountClaimed?: number | null;
  filedOn: string;
};

export type RecordDamageCompensationOutcome = {
  type: 'RecordDamageCompensationOutcome';
  claimId: string;
  result: string;
  amountAgreed?: number | null;
  decidedOn: string;
  note?: string | null;
};

export type RecordPublicInterestLitigation = {
  type: 'RecordPublicInterestLitigation';
  litigationId: string;
  referredTo: string;
  description: string;
  referredOn: string;
};

export type RecordPublicInterestLitigationOutcome = {
  type: 'RecordPublicInterestLitigationOutcome';
  litigationId: string;
  result: string;
  decidedOn: string;
  note?: string | null;
};

export type CloseAccountabilityCase = { type: 'CloseAccountabilityCase'; summary?: string | null };

export type ReopenAccountabilityCase = { type: 'ReopenAccountabilityCase' };

export type CaseCommand =
  | OpenAccountabilityCase
  | RecordInvestigation
  | AddAccountablePerson
  | RecordSanction
  | CorrectSanction
  | WithdrawSanction
  | ExemptAccountablePerson
  | HoldUnitAccountable
  | WithdrawUnitAccountability
  | RecordDamageCompensation
  | RecordDamageCompensationOutcome
  | RecordPublicInterestLitigation
  | RecordPublicInterestLitigationOutcome
  | CloseAccountabilityCase
  | ReopenAccountabilityCase;
