import { caseDecider } from '../../src/accountability/domain/case.decider.js';
import type { CaseEvent } from '../../src/accountability/domain/case.events.js';
import { caseView } from '../../src/accountability/api/case.view.js';
import { fold } from '../../src/common/decider.js';
import {
  actor,
  AT,
  closed,
  given,
  investigated,
  opened,
  personAdded,
  sanctioned,
  sanctionTerms,
} from './case.fixtures.js';

/**
 * Issue 14: each party writes its own part of a case. The organisation department records the
 * admonishments and organisational handling it decided; claims are brought by the departments the
 * government designates, suits by the procuratorate; claims and suits run on after the case closes.
 */
const orgDept = actor('ORGANISATION_DEPARTMENT', '市委组织部');
const claimant = actor('DAMAGE_COMPENSATION_CLAIMANT', '省生态环境厅');
const otherClaimant = actor('DAMAGE_COMPENSATION_CLAIMANT', '省自然资源厅');
const procuratorate = actor('PROCURATORATE', '省人民检察院');
const discipline = actor('DISCIPLINE_AUTHORITY');

const admonish = {
  type: 'RecordSanction',
  personId: 'p1',
  sanctionId: 's9',
  kind: 'ADMONISHMENT',
  decidingBody: '市委组织部',
  decidedOn: '2024-09-25',
} as const;

const claim = {
  type: 'RecordDamageCompensation',
  claimId: 'k1',
  claimant: '省生态环境厅',
  respondent: '某公司',
  description: '湿地修复费用',
  filedOn: '2024-09-10',
} as const;

describe('the organisation department (组织部)', () => {
  it('records an admonishment or organisational handling it decided itself', () => {
    given(opened, personAdded())
      .when(admonish, { by: orgDept })
      .then([
        {
          type: 'SanctionRecorded',
          data: {
            ...sanctionTerms,
            kind: 'ADMONISHMENT',
            category: 'ACCOUNTABILITY_METHOD',
            severity: 6,
            decidingBody: '市委组织部',
            decidedOn: '2024-09-25',
            personId: 'p1',
            sanctionId: 's9',
            at: AT,
          },
        },
      ]);
    given(opened, personAdded())
      .when({ ...admonish, kind: 'SUSPENSION_FOR_INSPECTION' }, { by: orgDept })
      .then([
        {
          type: 'SanctionRecorded',
          data: {
            ...sanctionTerms,
            kind: 'SUSPENSION_FOR_INSPECTION',
            category: 'ACCOUNTABILITY_METHOD',
            severity: 8,
            decidingBody: '市委组织部',
            decidedOn: '2024-09-25',
            personId: 'p1',
            sanctionId: 's9',
            at: AT,
          },
        },
      ]);
  });

  it('is refused party discipline, decisions of another body, and the rest of the case', () => {
    given(opened, personAdded())
      .when({ ...admonish, kind: 'PARTY_WARNING' }, { by: orgDept })
      .thenThrows('FORBIDDEN', /组织部/);
    given(opened, personAdded())
      .when({ ...admonish, decidingBody: '省委组织部' }, { by: orgDept })
      .thenThrows('FORBIDDEN');
    // The discipline commission's own sanction (PARTY_WARNING by 市纪委监委) is not its to withdraw.
    given(opened, personAdded(), sanctioned())
      .when(
        { type: 'WithdrawSanction', personId: 'p1', sanctionId: 's1' },
        { by: orgDept, reason: 'x' },
      )
      .thenThrows('FORBIDDEN');
    given(opened)
      .when(
        { type: 'RecordInvestigation', teams: 1, interviews: 1, findings: 'x' },
        { by: orgDept },
      )
      .thenThrows('FORBIDDEN');
  });
});

describe('claimants and the procuratorate', () => {
  it('only the claimant named brings a claim and records its outcome; the commission no longer does', () => {
    given(opened)
      .when(claim, { by: otherClaimant })
      .thenThrows('FORBIDDEN', /省生态环境厅/);
    given(opened)
      .when(claim, { by: discipline })
      .thenThrows('FORBIDDEN', /CLAIMANT/);
    given(opened)
      .when(
        {
          type: 'RecordPublicInterestLitigation',
          litigationId: 'l1',
          referredTo: '市人民检察院',
          description: 'x',
          referredOn: '2024-09-12',
        },
        { by: procuratorate },
      )
      .thenThrows('FORBIDDEN', /市人民检察院/);
  });

  it('a claim filed and concluded after the case closed is recorded on the closed case', () => {
    const claimed: CaseEvent = {
      type: 'DamageCompensationClaimed',
      data: {
        claimId: 'k1',
        claimant: '省生态环境厅',
        respondent: '某公司',
        description: '湿地修复费用',
        amountClaimed: null,
        filedOn: '2024-09-10',
        at: AT,
      },
    };
    given(opened, investigated, closed).when(claim, { by: claimant }).then([claimed]);
    given(opened, investigated, closed, claimed)
      .when(
        {
          type: 'RecordDamageCompensationOutcome',
          claimId: 'k1',
          result: 'AGREEMENT_REACHED',
          decidedOn: '2027-01-05',
        },
        { by: claimant },
      )
      .then([
        {
          type: 'DamageCompensationConcluded',
          data: {
            claimId: 'k1',
            result: 'AGREEMENT_REACHED',
            amountAgreed: null,
            decidedOn: '2027-01-05',
            note: null,
            at: AT,
          },
        },
      ]);
    given(opened, investigated, closed, claimed)
      .when(
        {
          type: 'RecordDamageCompensationOutcome',
          claimId: 'k1',
          result: 'AGREEMENT_REACHED',
          decidedOn: '2027-01-05',
        },
        { by: otherClaimant },
      )
      .thenThrows('FORBIDDEN');
  });
});

describe('units held accountable (单位问责)', () => {
  const hold = {
    type: 'HoldUnitAccountable',
    unitId: 'u1',
    name: '某县自然资源局',
    organisationType: 'DEPARTMENT',
    methods: ['CIRCULAR', 'SELF_EXAMINATION'],
    decidingBody: '市纪委监委',
    decidedOn: '2024-09-22',
  } as const;
  const held: CaseEvent = {
    type: 'UnitHeldAccountable',
    data: {
      unitId: 'u1',
      name: '某县自然资源局',
      organisationType: 'DEPARTMENT',
      methods: ['CIRCULAR', 'SELF_EXAMINATION'],
      decidingBody: '市纪委监委',
      decidedOn: '2024-09-22',
      publishedOn: null,
      publishedIn: null,
      note: null,
      at: AT,
    },
  };

  it('holds a unit accountable, refuses the same unit twice and a bad method, withdraws with a reason', () => {
    given(opened).when(hold).then([held]);
    given(opened, held)
      .when({ ...hold, unitId: 'u2' })
      .thenThrows('INVALID_TRANSITION', /已有生效/);
    given(opened)
      .when({ ...hold, methods: ['SHAMING'] })
      .thenThrows('BAD_USER_INPUT', /methods/);
    given(opened)
      .when({ ...hold, methods: [] })
      .thenThrows('BAD_USER_INPUT', /methods/);
    given(opened, held)
      .when({ type: 'WithdrawUnitAccountability', unitId: 'u1' })
      .thenThrows('BAD_USER_INPUT', /reason/);
    given(opened, held)
      .when({ type: 'WithdrawUnitAccountability', unitId: 'u1' }, { reason: '复查撤销' })
      .then([
        { type: 'UnitAccountabilityWithdrawn', data: { unitId: 'u1', reason: '复查撤销', at: AT } },
      ]);
    given(opened, held)
      .when({ ...hold, unitId: 'u2' }, { by: orgDept })
      .thenThrows('FORBIDDEN');
  });
});

describe('records written before the catalogue was completed', () => {
  it('keep their kind and take the current ranking on read (upcast; the event is unchanged)', () => {
    const old: CaseEvent = {
      type: 'SanctionRecorded',
      data: {
        ...sanctionTerms,
        kind: 'ADMONISHMENT',
        category: 'ACCOUNTABILITY_METHOD',
        severity: 2, // 诫勉 ranked 2 of 5 before issue 14
        personId: 'p1',
        sanctionId: 's1',
        at: AT,
      },
    };
    const state = fold(caseDecider, [opened, personAdded(), old]);
    expect(state.persons.p1.sanctions.s1).toMatchObject({ kind: 'ADMONISHMENT', severity: 6 });
    expect(old.data).toMatchObject({ severity: 2 });
    // A state the ledger folded with the old code is shown with the current ranking too.
    const folded = structuredClone(state);
    folded.persons.p1.sanctions.s1.severity = 2;
    expect(caseView(folded, 3, AT).persons[0].sanctions[0]).toMatchObject({ severity: 6 });
    // A state from before units existed reads as a case with none.
    const { units: _u, ...before } = state;
    expect(caseView(before, 3, AT).units).toEqual([]);
  });
});
