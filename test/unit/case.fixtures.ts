import type { Actor, Role } from '../../src/common/actor.js';
import type { CaseCommand } from '../../src/accountability/domain/case.commands.js';
import { caseDecider } from '../../src/accountability/domain/case.decider.js';
import type { CaseEvent } from '../../src/accountability/domain/case.events.js';
import type { ErrorCode } from '../../src/common/errors.js';
import { deciderSpec } from '../support/decider-spec.js';

export const AT = '2024-10-01T08:00:00.000Z';

export const actor = (role: Role, organisation = '省纪委监委'): Actor => ({
  id: `${role.toLowerCase()}-1`,
  name: `${organisation} ${role}`,
  roles: [role],
  organisation,
});

export const discipline = actor('DISCIPLINE_AUTHORITY');

/**
 * The shared given/when/then helper with this domain's defaults (the discipline authority, at AT);
 * results are dropped so a test can be a one-expression arrow.
 */
export function given(...events: CaseEvent[]) {
  return {
    when(command: CaseCommand, options: { by?: Actor; reason?: string } = {}) {
      const spec = deciderSpec(caseDecider)
        .given(events)
        .when(command, { actor: options.by ?? discipline, at: AT, reason: options.reason });
      return {
        then(expected: readonly CaseEvent[]): void {
          spec.then(expected);
        },
        thenThrows(code: ErrorCode, message?: RegExp): void {
          spec.thenThrows(code, message);
        },
      };
    },
  };
}

export const opened: CaseEvent = {
  type: 'AccountabilityCaseOpened',
  data: {
    caseId: 'c1',
    inspectionId: 'jx-r3',
    referenceNumber: '移交 1 号',
    referredProblem: '某市违规侵占湿地保护区',
    linkedTaskIds: ['t-7'],
    sourceTaskId: null,
    investigatingBody: '省纪委监委',
    referredOn: '2024-08-21',
    at: '2024-08-22T00:00:00.000Z',
  },
};

export const investigated: CaseEvent = {
  type: 'InvestigationRecorded',
  data: { teams: 3, interviews: 40, findings: '监管失职', at: '2024-09-01T00:00:00.000Z' },
};

export const personAdded = (personId = 'p1', name = '张某'): CaseEvent => ({
  type: 'AccountablePersonAdded',
  data: {
    personId,
    name,
    positionAtTheTime: '某市生态环境局局长',
    currentPosition: '某县县长',
    rank: 'DIVISION',
    organisationType: 'DEPARTMENT',
    responsibilityType: 'SUPERVISORY',
    at: '2024-09-02T00:00:00.000Z',
  },
});

export const sanctionTerms = {
  kind: 'PARTY_WARNING',
  category: 'PARTY_DISCIPLINE',
  severity: 1,
  decidingBody: '市纪委监委',
  decidedOn: '2024-09-20',
  publishedOn: null,
  publishedIn: null,
  note: null,
} as const;

export const sanctioned = (personId = 'p1', sanctionId = 's1'): CaseEvent => ({
  type: 'SanctionRecorded',
  data: { ...sanctionTerms, personId, sanctionId, at: '2024-09-21T00:00:00.000Z' },
});

export const closed: CaseEvent = {
  type: 'AccountabilityCaseClosed',
  data: { summary: null, at: '2024-09-30T00:00:00.000Z' },
};
