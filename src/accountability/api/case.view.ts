import { globalId } from '../../common/global-id.js';
import {
  claimsOf,
  litigationsOf,
  personsOf,
  sanctionsOf,
  type AccountablePerson,
  type CaseState,
  type CompensationClaim,
  type PublicInterestLitigation,
  type Sanction,
} from '../domain/case.state.js';

/**
 * The GraphQL shape of a case: its whole state, with keyed parts turned into lists in recording
 * order, plus where in its stream that state stands. `id` is the global id, `case-<caseId>`, which is
 * also the stream's name; `streamId` stays for clients that read it before `id` became global.
 */
export type CaseView = Omit<CaseState, 'persons' | 'compensationClaims' | 'litigations'> & {
  id: string;
  caseId: string;
  streamId: string;
  version: number;
  updatedAt: string;
  asOf: string | null;
  persons: (Omit<AccountablePerson, 'sanctions'> & { sanctions: Sanction[] })[];
  compensationClaims: CompensationClaim[];
  litigations: PublicInterestLitigation[];
};

export const caseView = (
  state: CaseState,
  version: number,
  updatedAt: string,
  asOf: string | null = null,
): CaseView => ({
  ...state,
  id: globalId('case', state.caseId ?? ''),
  caseId: state.caseId ?? '',
  streamId: globalId('case', state.caseId ?? ''),
  version,
  updatedAt,
  asOf,
  persons: personsOf(state).map((p) => ({ ...p, sanctions: sanctionsOf(p) })),
  compensationClaims: claimsOf(state),
  litigations: litigationsOf(state),
});
