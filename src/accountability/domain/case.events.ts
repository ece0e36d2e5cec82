import type { DomainEvent } from '../../common/decider.js';
import type { CompensationResult, LitigationResult } from './case.catalogue.js';
import type { SanctionTerms, UnitDecision } from './case.state.js';

/** Every event carries `at` (the command's time) so `evolve` can date what it records. */
type At = { at: string };

export type CaseOpenedData = At & {
  caseId: string;
  inspectionId: string;
  referenceNumber: string | null;
  referredProblem: string;
  linkedTaskIds: string[];
  sourceTaskId: string | null;
  investigatingBody: string;
  referredOn: string;
};

import type { PersonData } from './case.state.js';

export type { PersonData };

export type AccountabilityCaseOpened = DomainEvent<'AccountabilityCaseOpened', CaseOpenedData>;
export type InvestigationRecorded = DomainEvent<
  'InvestigationRecorded',
  At & { teams: number; interviews: number; findings: string }
>;
export type AccountablePersonAdded = DomainEvent<'AccountablePersonAdded', At & PersonData>;
export type SanctionRecorded = DomainEvent<
  'SanctionRecorded',
  At & SanctionTerms & { personId: string; sanctionId: string }
>;
export type SanctionCorrected = DomainEvent<
  'SanctionCorrected',
  At & SanctionTerms & { personId: string; sanctionId: string; reason: string }
>;
export type SanctionWithdrawn = DomainEvent<
  'SanctionWithdrawn',
  At & { personId: string; sanctionId: string; reason: string }
>;
export type PersonExempted = DomainEvent<
  'AccountablePersonExempted',
  At & { personId: string; reason: string; decidingBody: string; decidedOn: string }
>;
export type UnitHeldAccountable = DomainEvent<
  'UnitHeldAccountable',
  At & UnitDecision & { unitId: string }
>;
export type UnitAccountabilityWithdrawn = DomainEvent<
  'UnitAccountabilityWithdrawn',
  At & { unitId: string; reason: string }
>;
export type DamageCompensationClaimed = DomainEvent<
  'DamageCompensationClaimed',
  At & {
    claimId: string;
    claimant: string;
    respondent: string;
    description: string;
    amountClaimed: number | null;
    filedOn: string;
  }
>;
export type DamageCompensationConcluded = DomainEvent<
  'DamageCompensationConcluded',
  At & {
    claimId: string;
    result: CompensationResult;
    amountAgreed: number | null;
    decidedOn: string;
    note: string | null;
  }
>;
export type PublicInterestLitigationReferred = DomainEvent<
  'PublicInterestLitigationReferred',
  At & { litigationId: string; referredTo: string; description: string; referredOn: string }
>;
export type PublicInterestLitigationConcluded = DomainEvent<
  'PublicInterestLitigationConcluded',
  At & { litigationId: string; result: LitigationResult; decidedOn: string; note: string | null }
>;
export type AccountabilityCaseClosed = DomainEvent<
  'AccountabilityCaseClosed',
  At & { summary: string | null }
>;
export type AccountabilityCaseReopened = DomainEvent<
  'AccountabilityCaseReopened',
  At & { reason: string }
>;

export type CaseEvent =
  | AccountabilityCaseOpened
  | InvestigationRecorded
  | AccountablePersonAdded
  | SanctionRecorded
  | SanctionCorrected
  | SanctionWithdrawn
  | PersonExempted
  | UnitHeldAccountable
  | UnitAccountabilityWithdrawn
  | DamageCompensationClaimed
  | DamageCompensationConcluded
  | PublicInterestLitigationReferred
  | PublicInterestLitigationConcluded
  | AccountabilityCaseClosed
  | AccountabilityCaseReopened;

export const CASE_EVENT_TYPES: readonly CaseEvent['type'][] = [
  'AccountabilityCaseOpened',
  'InvestigationRecorded',
  'AccountablePersonAdded',
  'SanctionRecorded',
  'SanctionCorrected',
  'SanctionWithdrawn',
  'AccountablePersonExempted',
  'UnitHeldAccountable',
  'UnitAccountabilityWithdrawn',
  'DamageCompensationClaimed',
  'DamageCompensationConcluded',
  'PublicInterestLitigationReferred',
  'PublicInterestLitigationConcluded',
  'AccountabilityCaseClosed',
  'AccountabilityCaseReopened',
];
