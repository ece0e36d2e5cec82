import { caseDecider } from '../../src/accountability/domain/case.decider.js';
import type { CaseEvent } from '../../src/accountability/domain/case.events.js';
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
} from './case.fixtures.js';

const open = {
  type: 'OpenAccountabilityCase',
  caseId: 'c1',
  inspectionId: 'jx-r3',
  referenceNumber: '移交 1 号',
  referredProblem: '  某市违规侵占湿地保护区 ',
  linkedTaskIds: ['t-7'],
  investigatingBody: '省纪委监委',
  referredOn: '2024-08-21',
} as const;

describe('accountability case: referral', () => {
  it('opens on referral, by the inspection office', () =>
    given()
      .when(open, { by: actor('INSPECTION_OFFICE', '省督察办') })
      .then([{ ...opened, data: { ...opened.data, at: AT } } as CaseEvent]));

  it('opens from a reopened task, linking back to it', () =>
    given()
      .when({ ...open, linkedTaskIds: [], sourceTaskId: 't-9' })
      .then([
        {
          type: 'AccountabilityCaseOpened',
          data: { ...opened.data, linkedTaskIds: ['t-9'], sourceTaskId: 't-9', at: AT },
        } as CaseEvent,
      ]));

  it('refuses opening twice', () =>
    given(opened)
      .when(open)
      .thenThrows('INVALID_TRANSITION', /已立案.*already open/));

  it('refuses a referral with no problem, a bad date or a bad task id', () => {
    given()
      .when({ ...open, referredProblem: '  ' })
      .thenThrows('BAD_USER_INPUT', /referredProblem/);
    given()
      .when({ ...open, referredOn: '2024-02-30' })
      .thenThrows('BAD_USER_INPUT', /referredOn/);
    given()
      .when({ ...open, linkedTaskIds: ['a b'] })
      .thenThrows('BAD_USER_INPUT');
    given()
      .when({ ...open, referredProblem: 'x'.repeat(10_001) })
      .thenThrows('BAD_USER_INPUT', /10000/);
  });

  it.each(['AUDITOR', 'INTEGRATION', 'DISCLOSURE_OFFICER', 'IMPLEMENTING_ENTITY'] as const)(
    'refuses %s with FORBIDDEN',
    (role) =>
      given()
        .when(open, { by: actor(role) })
        .thenThrows('FORBIDDEN'),
  );

  it('any other command on a case never opened is NOT_FOUND', () =>
    given()
      .when({ type: 'RecordInvestigation', teams: 1, interviews: 1, findings: 'x' })
      .thenThrows('NOT_FOUND'));
});

describe('accountability case: investigation and people', () => {
  it('records the investigation and moves to INVESTIGATING', () => {
    given(opened)
      .when({ type: 'RecordInvestigation', teams: 3, interviews: 40, findings: '监管失职' })
      .then([{ ...investigated, data: { ...investigated.data, at: AT } } as CaseEvent]);
    expect(fold(caseDecider, [opened, investigated]).status).toBe('INVESTIGATING');
  });

  it('refuses negative counts', () =>
    given(opened)
      .when({ type: 'RecordInvestigation', teams: -1, interviews: 0, findings: 'x' })
      .thenThrows('BAD_USER_INPUT', /teams/));

  it('the inspection office may refer but not investigate', () =>
    given(opened)
      .when(
        { type: 'RecordInvestigation', teams: 1, interviews: 1, findings: 'x' },
        { by: actor('INSPECTION_OFFICE') },
      )
      .thenThrows('FORBIDDEN'));

  const add = {
    type: 'AddAccountablePerson',
    personId: 'p1',
    name: '张某',
    positionAtTheTime: '某市生态环境局局长',
    currentPosition: '某县县长',
    rank: 'DIVISION',
    organisationType: 'DEPARTMENT',
    responsibilityType: 'SUPERVISORY',
  } as const;

  it('adds a person with position at the time, rank, organisation and responsibility', () =>
    given(opened)
      .when(add)
      .then([{ ...personAdded(), data: { ...personAdded().data, at: AT } } as CaseEvent]));

  it('refuses the same person twice and unknown ranks', () => {
    given(opened, personAdded())
      .when(add)
      .thenThrows('INVALID_TRANSITION', /already in this case/);
    given(opened)
      .when({ ...add, rank: 'MINISTER' })
      .thenThrows('BAD_USER_INPUT', /rank.*BUREAU/);
    given(opened)
      .when({ ...add, organisationType: 'CLUB' })
      .thenThrows('BAD_USER_INPUT', /organisationType/);
  });
});

describe('accountability case: closing and reopening', () => {
  const close = { type: 'CloseAccountabilityCase', summary: '问责到位' } as const;

  it('closes when investigated and every person has a decision', () =>
    given(opened, investigated, personAdded(), sanctioned())
      .when(close)
      .then([{ type: 'AccountabilityCaseClosed', data: { summary: '问责到位', at: AT } }]));

  it('closes a case where nobody is named once investigated', () =>
    given(opened, investigated)
      .when({ type: 'CloseAccountabilityCase' })
      .then([{ type: 'AccountabilityCaseClosed', data: { summary: null, at: AT } }]));

  it('refuses closing without an investigation', () =>
    given(opened)
      .when(close)
      .thenThrows('INVALID_TRANSITION', /no investigation recorded/));

  it('refuses closing a case with people and no decision recorded', () =>
    given(opened, investigated, personAdded('p1'), personAdded('p2', '李某'), sanctioned('p1'))
      .when(close)
      .thenThrows('INVALID_TRANSITION', /1 person\(s\) have no decision recorded: 李某\(p2\)/));

  it('closes while a compensation claim or litigation runs on (issue 14)', () => {
    const claim: CaseEvent = {
      type: 'DamageCompensationClaimed',
      data: {
        claimId: 'k1',
        claimant: '省生态环境厅',
        respondent: '某公司',
        description: '湿地修复费用',
        amountClaimed: 1_000_000,
        filedOn: '2024-09-10',
        at: AT,
      },
    };
    given(opened, investigated, claim)
      .when(close)
      .then([{ type: 'AccountabilityCaseClosed', data: { summary: '问责到位', at: AT } }]);
    const suit: CaseEvent = {
      type: 'PublicInterestLitigationReferred',
      data: {
        litigationId: 'l1',
        referredTo: '省检察院',
        description: '公益诉讼线索',
        referredOn: '2024-09-10',
        at: AT,
      },
    };
    given(opened, investigated, suit)
      .when(close)
      .then([{ type: 'AccountabilityCaseClosed', data: { summary: '问责到位', at: AT } }]);
  });

  it('refuses any action on a closed case, and closing twice', () => {
    given(opened, investigated, closed)
      .when({ type: 'RecordInvestigation', teams: 1, interviews: 1, findings: 'x' })
      .thenThrows('INVALID_TRANSITION', /CLOSED.*reopen/);
    given(opened, investigated, closed).when(close).thenThrows('INVALID_TRANSITION');
  });

  it('reopens a closed case with a reason, back to INVESTIGATING', () => {
    const reopened: CaseEvent = {
      type: 'AccountabilityCaseReopened',
      data: { reason: '回头看发现问责不到位', at: AT },
    };
    given(opened, investigated, closed)
      .when({ type: 'ReopenAccountabilityCase' }, { reason: '回头看发现问责不到位' })
      .then([reopened]);
    const state = fold(caseDecider, [opened, investigated, closed, reopened]);
    expect(state.status).toBe('INVESTIGATING');
    expect(state.closedAt).toBeNull();
    expect(state.reopenings).toEqual([{ at: AT, reason: '回头看发现问责不到位' }]);
  });

  it('refuses reopening without a reason, or a case that is not closed', () => {
    given(opened, investigated, closed)
      .when({ type: 'ReopenAccountabilityCase' })
      .thenThrows('BAD_USER_INPUT', /reason/);
    given(opened)
      .when({ type: 'ReopenAccountabilityCase' }, { reason: 'x' })
      .thenThrows('INVALID_TRANSITION', /only a CLOSED case/);
  });
});
