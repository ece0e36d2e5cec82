import { caseDecider } from '../../src/accountability/domain/case.decider.js';
import type { CaseEvent } from '../../src/accountability/domain/case.events.js';
import { fold } from '../../src/common/decider.js';
import {
  actor,
  AT,
  given,
  investigated,
  opened,
  personAdded,
  sanctioned,
  sanctionTerms,
} from './case.fixtures.js';

const record = {
  type: 'RecordSanction',
  personId: 'p1',
  sanctionId: 's1',
  kind: 'PARTY_WARNING',
  decidingBody: '市纪委监委',
  decidedOn: '2024-09-20',
} as const;

const withdrawn: CaseEvent = {
  type: 'SanctionWithdrawn',
  data: { personId: 'p1', sanctionId: 's1', reason: '复查撤销', at: AT },
};

describe('sanctions', () => {
  it('records a sanction with its category and severity from the catalogue', () =>
    given(opened, personAdded())
      .when(record)
      .then([{ ...sanctioned(), data: { ...sanctioned().data, at: AT } } as CaseEvent]));

  it('records a second, different sanction for the same person (person-times)', () =>
    given(opened, personAdded(), sanctioned())
      .when({ ...record, sanctionId: 's2', kind: 'DEMERIT', publishedIn: '江西日报' })
      .then([
        {
          type: 'SanctionRecorded',
          data: {
            ...sanctionTerms,
            kind: 'DEMERIT',
            category: 'GOVERNMENT_SANCTION',
            severity: 2,
            publishedIn: '江西日报',
            personId: 'p1',
            sanctionId: 's2',
            at: AT,
          },
        },
      ]));

  it('refuses a sanction on a person not in the case', () =>
    given(opened)
      .when(record)
      .thenThrows('NOT_FOUND', /not in this case/));

  it('refuses a sanction kind that does not exist', () =>
    given(opened, personAdded())
      .when({ ...record, kind: 'BANISHMENT' })
      .thenThrows('BAD_USER_INPUT', /No such sanction kind/));

  it('refuses the same kind twice in force, and a reused sanction id', () => {
    given(opened, personAdded(), sanctioned())
      .when({ ...record, sanctionId: 's2' })
      .thenThrows('INVALID_TRANSITION', /already has a PARTY_WARNING/);
    given(opened, personAdded(), sanctioned())
      .when({ ...record, kind: 'DEMERIT' })
      .thenThrows('INVALID_TRANSITION', /already used/);
  });

  it('refuses a decision without a deciding body or with a bad date', () => {
    given(opened, personAdded())
      .when({ ...record, decidingBody: '' })
      .thenThrows('BAD_USER_INPUT', /decidingBody/);
    given(opened, personAdded())
      .when({ ...record, decidedOn: '20/09/2024' })
      .thenThrows('BAD_USER_INPUT', /decidedOn/);
  });

  it('refuses a sanction from a non-discipline role', () =>
    given(opened, personAdded())
      .when(record, { by: actor('AUDITOR', '省审计厅') })
      .thenThrows('FORBIDDEN'));
});

describe('corrections and withdrawals', () => {
  const correct = { ...record, type: 'CorrectSanction', kind: 'PARTY_SERIOUS_WARNING' } as const;

  it('corrects a sanction by a later event with a reason, keeping what it was', () => {
    const corrected: CaseEvent = {
      type: 'SanctionCorrected',
      data: {
        ...sanctionTerms,
        kind: 'PARTY_SERIOUS_WARNING',
        severity: 2,
        personId: 'p1',
        sanctionId: 's1',
        reason: '定性有误',
        at: AT,
      },
    };
    given(opened, personAdded(), sanctioned())
      .when(correct, { reason: '定性有误' })
      .then([corrected]);
    const s = fold(caseDecider, [opened, personAdded(), sanctioned(), corrected]).persons.p1
      .sanctions.s1;
    expect(s).toMatchObject({ kind: 'PARTY_SERIOUS_WARNING', status: 'CORRECTED' });
    expect(s.corrections).toEqual([{ at: AT, reason: '定性有误', before: sanctionTerms }]);
  });

  it('refuses a correction without a reason, or one that changes nothing', () => {
    given(opened, personAdded(), sanctioned())
      .when(correct)
      .thenThrows('BAD_USER_INPUT', /reason/);
    given(opened, personAdded(), sanctioned())
      .when({ ...correct, kind: 'PARTY_WARNING' }, { reason: 'x' })
      .thenThrows('BAD_USER_INPUT', /changes nothing/);
  });

  it('withdraws a sanction with a reason; it stays on record as WITHDRAWN', () => {
    given(opened, personAdded(), sanctioned())
      .when({ type: 'WithdrawSanction', personId: 'p1', sanctionId: 's1' }, { reason: '复查撤销' })
      .then([withdrawn]);
    const s = fold(caseDecider, [opened, personAdded(), sanctioned(), withdrawn]).persons.p1
      .sanctions.s1;
    expect(s).toMatchObject({ kind: 'PARTY_WARNING', status: 'WITHDRAWN' });
    expect(s.withdrawal).toEqual({ at: AT, reason: '复查撤销' });
  });

  it('refuses withdrawing twice, correcting a withdrawn one, or an unknown sanction', () => {
    const history = [opened, personAdded(), sanctioned(), withdrawn];
    const withdraw = { type: 'WithdrawSanction', personId: 'p1', sanctionId: 's1' } as const;
    given(...history)
      .when(withdraw, { reason: 'x' })
      .thenThrows('INVALID_TRANSITION', /WITHDRAWN/);
    given(...history)
      .when(correct, { reason: 'x' })
      .thenThrows('INVALID_TRANSITION', /WITHDRAWN/);
    given(opened, personAdded())
      .when({ ...withdraw, sanctionId: 'nope' }, { reason: 'x' })
      .thenThrows('NOT_FOUND', /no sanction nope/);
    given(opened, personAdded(), sanctioned())
      .when(withdraw)
      .thenThrows('BAD_USER_INPUT', /reason/);
  });

  it('a withdrawn kind may be recorded again (a new decision)', () =>
    given(opened, personAdded(), sanctioned(), withdrawn)
      .when({ ...record, sanctionId: 's2' })
      .then([
        {
          type: 'SanctionRecorded',
          data: { ...sanctionTerms, personId: 'p1', sanctionId: 's2', at: AT },
        },
      ]));
});

describe('exemption (免予问责)', () => {
  const exempt = {
    type: 'ExemptAccountablePerson',
    personId: 'p1',
    decidingBody: '省纪委监委',
    decidedOn: '2024-09-25',
  } as const;
  const exempted: CaseEvent = {
    type: 'AccountablePersonExempted',
    data: {
      personId: 'p1',
      reason: '已尽职',
      decidingBody: '省纪委监委',
      decidedOn: '2024-09-25',
      at: AT,
    },
  };

  it('records an exemption with a reason; it counts as a decision for closing', () => {
    given(opened, investigated, personAdded()).when(exempt, { reason: '已尽职' }).then([exempted]);
    given(opened, investigated, personAdded(), exempted)
      .when({ type: 'CloseAccountabilityCase' })
      .then([{ type: 'AccountabilityCaseClosed', data: { summary: null, at: AT } }]);
  });

  it('refuses exempting someone with a sanction in force, and sanctioning someone exempted', () => {
    given(opened, personAdded(), sanctioned())
      .when(exempt, { reason: 'x' })
      .thenThrows('INVALID_TRANSITION', /withdraw them/);
    given(opened, personAdded(), exempted)
      .when(record)
      .thenThrows('INVALID_TRANSITION', /exempted/);
  });
});

describe('damage compensation and public-interest litigation', () => {
  const claim = {
    type: 'RecordDamageCompensation',
    claimId: 'k1',
    claimant: '省生态环境厅',
    respondent: '某公司',
    description: '湿地修复费用',
    amountClaimed: 1_000_000,
    filedOn: '2024-09-10',
  } as const;
  const { type: _t, ...claimData } = claim;
  const claimedEvent: CaseEvent = {
    type: 'DamageCompensationClaimed',
    data: { ...claimData, at: AT },
  };

  // Issue 14: the department the government designates (赔偿权利人) brings the claim.
  const claimant = actor('DAMAGE_COMPENSATION_CLAIMANT', '省生态环境厅');
  const procuratorate = actor('PROCURATORATE', '省人民检察院');

  it('records a claim, then its outcome once', () => {
    const by = { by: claimant };
    given(opened).when(claim, by).then([claimedEvent]);
    const outcome = {
      type: 'RecordDamageCompensationOutcome',
      claimId: 'k1',
      result: 'AGREEMENT_REACHED',
      amountAgreed: 800_000,
      decidedOn: '2024-12-01',
    } as const;
    const concluded: CaseEvent = {
      type: 'DamageCompensationConcluded',
      data: {
        claimId: 'k1',
        result: 'AGREEMENT_REACHED',
        amountAgreed: 800_000,
        decidedOn: '2024-12-01',
        note: null,
        at: AT,
      },
    };
    given(opened, claimedEvent).when(outcome, by).then([concluded]);
    given(opened, claimedEvent, concluded)
      .when(outcome, by)
      .thenThrows('INVALID_TRANSITION', /already has an outcome/);
    given(opened).when(outcome, by).thenThrows('NOT_FOUND', /k1/);
    given(opened, claimedEvent)
      .when({ ...outcome, result: 'MAYBE' }, by)
      .thenThrows('BAD_USER_INPUT', /result/);
    given(opened, claimedEvent)
      .when(claim, by)
      .thenThrows('INVALID_TRANSITION', /already recorded/);
    given(opened)
      .when({ ...claim, amountClaimed: -1 }, by)
      .thenThrows('BAD_USER_INPUT', /amountClaimed/);
  });

  it('refers public-interest litigation, then records its outcome', () => {
    const refer = {
      type: 'RecordPublicInterestLitigation',
      litigationId: 'l1',
      referredTo: '省人民检察院',
      description: '非法采砂',
      referredOn: '2024-09-12',
    } as const;
    const { type: _r, ...referData } = refer;
    const referred: CaseEvent = {
      type: 'PublicInterestLitigationReferred',
      data: { ...referData, at: AT },
    };
    given(opened).when(refer, { by: procuratorate }).then([referred]);
    given(opened, referred).when(refer, { by: procuratorate }).thenThrows('INVALID_TRANSITION');
    const outcome = {
      type: 'RecordPublicInterestLitigationOutcome',
      litigationId: 'l1',
      result: 'JUDGMENT_FOR_PLAINTIFF',
      decidedOn: '2025-03-01',
      note: '判令修复',
    } as const;
    const { type: _o, ...outcomeData } = outcome;
    given(opened, referred)
      .when(outcome, { by: procuratorate })
      .then([{ type: 'PublicInterestLitigationConcluded', data: { ...outcomeData, at: AT } }]);
    given(opened).when(outcome, { by: procuratorate }).thenThrows('NOT_FOUND');
  });
});
