import { assertNever } from '../../common/decider.js';
import type { CaseEvent } from './case.events.js';
import { currentTerms } from './case.upcast.js';
import type { AccountablePerson, CaseState, Sanction, SanctionTerms } from './case.state.js';

const updatePerson = (
  state: CaseState,
  personId: string,
  change: (person: AccountablePerson) => AccountablePerson,
): CaseState => ({
  ...state,
  persons: { ...state.persons, [personId]: change(state.persons[personId]) },
});

const updateSanction = (
  state: CaseState,
  personId: string,
  sanctionId: string,
  change: (sanction: Sanction) => Sanction,
): CaseState =>
  updatePerson(state, personId, (p) => ({
    ...p,
    sanctions: { ...p.sanctions, [sanctionId]: change(p.sanctions[sanctionId]) },
  }));

const termsOf = (s: SanctionTerms): SanctionTerms => ({
  kind: s.kind,
  category: s.category,
  severity: s.severity,
  decidingBody: s.decidingBody,
  decidedOn: s.decidedOn,
  publishedOn: s.publishedOn,
  publishedIn: s.publishedIn,
  note: s.note,
});

/** Work on the case (an investigation, a person) moves a fresh referral to INVESTIGATING. */
const investigating = (state: CaseState): CaseState =>
  state.status === 'REFERRED' ? { ...state, status: 'INVESTIGATING' } : state;

const size = (record: Record<string, unknown>) => Object.keys(record).length;

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'AccountabilityCaseOpened': {
      const { at, ...d } = event.data;
      return { ...state, ...d, status: 'REFERRED', openedAt: at };
    }
    case 'InvestigationRecorded': {
      const { at, ...d } = event.data;
      return investigating({ ...state, investigation: { ...d, recordedAt: at } });
    }
    case 'AccountablePersonAdded': {
      const { at, ...d } = event.data;
      const person: AccountablePerson = {
        ...d,
        order: size(state.persons),
        addedAt: at,
        sanctions: {},
        exemption: null,
      };
      return investigating({ ...state, persons: { ...state.persons, [d.personId]: person } });
    }
    case 'SanctionRecorded': {
      const { at, personId, sanctionId } = event.data;
      return updatePerson(state, personId, (p) => ({
        ...p,
        sanctions: {
          ...p.sanctions,
          [sanctionId]: {
            sanctionId,
            order: size(p.sanctions),
            ...termsOf(currentTerms(event.data)),
            status: 'IN_FORCE',
            recordedAt: at,
            corrections: [],
            withdrawal: null,
          },
        },
      }));
    }
    case 'SanctionCorrected': {
      const { at, reason, personId, sanctionId } = event.data;
      return updateSanction(state, personId, sanctionId, (s) => ({
        ...s,
        ...termsOf(currentTerms(event.data)),
        status: 'CORRECTED',
        corrections: [...s.corrections, { at, reason, before: termsOf(s) }],
      }));
    }
    case 'SanctionWithdrawn': {
      const { at, reason, personId, sanctionId } = event.data;
      return updateSanction(state, personId, sanctionId, (s) => ({
        ...s,
        status: 'WITHDRAWN',
        withdrawal: { at, reason },
      }));
    }
    case 'AccountablePersonExempted': {
      const { at, reason, personId, decidingBody, decidedOn } = event.data;
      return updatePerson(state, personId, (p) => ({
        ...p,
        exemption: { at, reason, decidingBody, decidedOn },
      }));
    }
    case 'UnitHeldAccountable': {
      const { at, ...d } = event.data;
      const units = state.units ?? {};
      const unit = {
        ...d,
        order: size(units),
        status: 'IN_FORCE' as const,
        recordedAt: at,
        withdrawal: null,
      };
      return investigating({ ...state, units: { ...units, [d.unitId]: unit } });
    }
    case 'UnitAccountabilityWithdrawn': {
      const { at, reason, unitId } = event.data;
      const units = state.units ?? {};
      const unit = { ...units[unitId], status: 'WITHDRAWN' as const, withdrawal: { at, reason } };
      return { ...state, units: { ...units, [unitId]: unit } };
    }
    case 'DamageCompensationClaimed': {
      const { at: _at, ...claim } = event.data;
      const order = size(state.compensationClaims);
      return {
        ...state,
        compensationClaims: {
          ...state.compensationClaims,
          [claim.claimId]: { ...claim, order, outcome: null },
        },
      };
    }
    case 'DamageCompensationConcluded': {
      const { at: _at, claimId, ...outcome } = event.data;
      const claim = { ...state.compensationClaims[claimId], outcome };
      return { ...state, compensationClaims: { ...state.compensationClaims, [claimId]: claim } };
    }
    case 'PublicInterestLitigationReferred': {
      const { at: _at, ...suit } = event.data;
      const order = size(state.litigations);
      return {
        ...state,
        litigations: {
          ...state.litigations,
          [suit.litigationId]: { ...suit, order, outcome: null },
        },
      };
    }
    case 'PublicInterestLitigationConcluded': {
      const { at: _at, litigationId, ...outcome } = event.data;
      const suit = { ...state.litigations[litigationId], outcome };
      return { ...state, litigations: { ...state.litigations, [litigationId]: suit } };
    }
    case 'AccountabilityCaseClosed':
      return {
        ...state,
        status: 'CLOSED',
        closedAt: event.data.at,
        closingSummary: event.data.summary,
      };
    case 'AccountabilityCaseReopened': {
      const { at, reason } = event.data;
      return {
        ...state,
        status: 'INVESTIGATING',
        closedAt: null,
        closingSummary: null,
        reopenings: [...state.reopenings, { at, reason }],
      };
    }
    default:
      return assertNever(event);
  }
}
