import { globalId } from '../../common/global-id.js';
import {
  DEFAULT_ANNOUNCEMENT_TABLE,
  type AnnouncementTable,
} from '../domain/announcement.table.js';
import { currentTerms } from '../domain/case.upcast.js';
import {
  claimsOf,
  unitsOf,
  type AccountableUnit,
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
export type CaseView = Omit<
  CaseState,
  'persons' | 'units' | 'compensationClaims' | 'litigations'
> & {
  id: string;
  caseId: string;
  streamId: string;
  version: number;
  updatedAt: string;
  asOf: string | null;
  persons: (Omit<AccountablePerson, 'sanctions'> & { sanctions: Sanction[] })[];
  units: AccountableUnit[];
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
  // States the ledger folded before issue 14 may hold the old ranking: shown as the catalogue ranks now.
  persons: personsOf(state).map((p) => ({
    ...p,
    sanctions: sanctionsOf(p).map((s) => ({
      ...currentTerms(s),
      corrections: s.corrections.map((c) => ({ ...c, before: currentTerms(c.before) })),
    })),
  })),
  units: unitsOf(state),
  compensationClaims: claimsOf(state),
  litigations: litigationsOf(state),
});

/** An announcement table as the API shows it: the one set for the inspection, or the default. */
export const announcementTableView = (
  inspectionId: string | null,
  set: { table?: AnnouncementTable; version: number; setAt: string | null },
) => ({
  ...(set.table ?? DEFAULT_ANNOUNCEMENT_TABLE),
  inspectionId,
  isDefault: !set.table,
  version: set.version,
  setAt: set.setAt,
});
