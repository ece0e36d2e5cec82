import type {
  CaseStatus,
  CompensationResult,
  LitigationResult,
  OrganisationType,
  Rank,
  ResponsibilityType,
  SanctionCategory,
  UnitMethod,
} from './case.catalogue.js';

/**
 * The whole accountability case as users see it, plain JSON: the ledger keeps every past state, so
 * history and `asOf` need nothing else. Corrections and withdrawals change a sanction's current
 * values but keep what it was in `corrections` / `withdrawal`.
 */
export type SanctionStatus = 'IN_FORCE' | 'CORRECTED' | 'WITHDRAWN';

export type SanctionTerms = {
  kind: string;
  category: SanctionCategory;
  severity: number;
  decidingBody: string;
  decidedOn: string;
  publishedOn: string | null;
  publishedIn: string | null;
  note: string | null;
};

export type SanctionCorrection = { at: string; reason: string; before: SanctionTerms };

export type Sanction = SanctionTerms & {
  sanctionId: string;
  /** Recording order within the person: the state keys sanctions by id (see CaseState). */
  order: number;
  status: SanctionStatus;
  recordedAt: string;
  corrections: SanctionCorrection[];
  withdrawal: { at: string; reason: string } | null;
};

export type Exemption = { at: string; reason: string; decidingBody: string; decidedOn: string };

/** Who a person held accountable is, as the referral and the decision name them. */
export type PersonData = {
  personId: string;
  name: string;
  positionAtTheTime: string;
  currentPosition: string | null;
  rank: Rank;
  organisationType: OrganisationType;
  responsibilityType: ResponsibilityType;
};

export type AccountablePerson = PersonData & {
  order: number;
  addedAt: string;
  sanctions: Record<string, Sanction>;
  exemption: Exemption | null;
};

/** What is decided about a unit held accountable (单位问责). */
export type UnitDecision = {
  name: string;
  organisationType: OrganisationType;
  methods: UnitMethod[];
  decidingBody: string;
  decidedOn: string;
  publishedOn: string | null;
  publishedIn: string | null;
  note: string | null;
};

export type AccountableUnit = UnitDecision & {
  unitId: string;
  order: number;
  status: 'IN_FORCE' | 'WITHDRAWN';
  recordedAt: string;
  withdrawal: { at: string; reason: string } | null;
};

export type Investigation = {
  teams: number;
  interviews: number;
  findings: string;
  recordedAt: string;
};

export type CompensationClaim = {
  claimId: string;
  order: number;
  claimant: string;
  respondent: string;
  description: string;
  amountClaimed: number | null;
  filedOn: string;
  outcome: {
    result: CompensationResult;
    amountAgreed: number | null;
    decidedOn: string;
    note: string | null;
  } | null;
};

export type PublicInterestLitigation = {
  litigationId: string;
  order: number;
  referredTo: string;
  description: string;
  referredOn: string;
  outcome: { result: LitigationResult; decidedOn: string; note: string | null } | null;
};

export type CaseState = {
  caseId: string | null;
  /** null until the case is opened. */
  status: CaseStatus | null;
  inspectionId: string | null;
  referenceNumber: string | null;
  referredProblem: string | null;
  linkedTaskIds: string[];
  sourceTaskId: string | null;
  investigatingBody: string | null;
  referredOn: string | null;
  openedAt: string | null;
  investigation: Investigation | null;
  /**
   * People, sanctions, claims and suits are keyed by id, not listed: the ledger's field-level
   * changes then name the exact value that changed (`persons.p1.sanctions.s1.status`) rather than
   * a whole list. `order` keeps the order they were recorded in.
   */
  persons: Record<string, AccountablePerson>;
  /** Units held accountable (issue 14); states folded before it have none. */
  units?: Record<string, AccountableUnit>;
  compensationClaims: Record<string, CompensationClaim>;
  litigations: Record<string, PublicInterestLitigation>;
  closedAt: string | null;
  closingSummary: string | null;
  reopenings: { at: string; reason: string }[];
};

export const initialCaseState = (): CaseState => ({
  caseId: null,
  status: null,
  inspectionId: null,
  referenceNumber: null,
  referredProblem: null,
  linkedTaskIds: [],
  sourceTaskId: null,
  investigatingBody: null,
  referredOn: null,
  openedAt: null,
  investigation: null,
  persons: {},
  units: {},
  compensationClaims: {},
  litigations: {},
  closedAt: null,
  closingSummary: null,
  reopenings: [],
});

/** Sanctions that count: withdrawn ones stay on record but are not held against anyone. */
export const countingSanctions = (person: AccountablePerson): Sanction[] =>
  sanctionsOf(person).filter((s) => s.status !== 'WITHDRAWN');

const inOrder = <T extends { order: number }>(record: Record<string, T>): T[] =>
  Object.values(record).sort((a, b) => a.order - b.order);

export const personsOf = (state: CaseState): AccountablePerson[] => inOrder(state.persons);
export const sanctionsOf = (person: AccountablePerson): Sanction[] => inOrder(person.sanctions);
export const unitsOf = (state: CaseState): AccountableUnit[] => inOrder(state.units ?? {});
/** Units whose decision is in force: withdrawn ones stay on record but are not counted. */
export const countingUnits = (state: CaseState): AccountableUnit[] =>
  unitsOf(state).filter((u) => u.status === 'IN_FORCE');
export const claimsOf = (state: CaseState): CompensationClaim[] =>
  inOrder(state.compensationClaims);
export const litigationsOf = (state: CaseState): PublicInterestLitigation[] =>
  inOrder(state.litigations);
