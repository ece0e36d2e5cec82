import {
  expectOnlyAllowed,
  forbiddenInAccessLog,
  MATRIX_COVERAGE,
  startMatrixApp,
  type MatrixApp,
  type Who,
} from '../support/auth-matrix.js';
import { registerInspection } from '../support/task-api.js';

/**
 * The authorisation matrix of issue 4 for accountability cases (src/accountability/case.policy.ts):
 * every actor of the shared table against every case mutation, each tried on a case in the state where
 * it is otherwise valid. The inspection office may open a case (the referral is its act) and nothing
 * more; the discipline authority writes only the cases whose investigating body is its organisation;
 * since issue 14 the organisation department records the admonishments and organisational handling
 * it decided, the claimant named its claims and the procuratorate named its suits; ADMIN writes any
 * case; everyone else is refused.
 */
const PROVINCIAL = '省纪委监委';
const CITY = '九江市纪委监委';

type Input = Record<string, unknown>;

const open = (caseId: string, investigatingBody: string): Input => ({
  caseId,
  inspectionId: 'JX-3',
  referredProblem: '生态环境损害责任追究：岸线违规开发',
  investigatingBody,
  referredOn: '2024-08-21',
});

/** The steps that bring a case to a state, each done by the case's own investigating body. */
const STEPS = {
  investigated: [
    'recordInvestigation',
    (caseId: string) => ({ caseId, teams: 1, interviews: 12, findings: '监管履职不到位' }),
  ],
  personAdded: [
    'addAccountablePerson',
    (caseId: string) => ({
      caseId,
      personId: 'P1',
      name: '张某',
      positionAtTheTime: '县自然资源局局长',
      rank: 'SECTION',
      organisationType: 'DEPARTMENT',
      responsibilityType: 'SUPERVISORY',
    }),
  ],
  sanctioned: [
    'recordSanction',
    (caseId: string) => ({
      caseId,
      personId: 'P1',
      sanctionId: 'S1',
      kind: 'ADMONISHMENT',
      decidingBody: '都昌县纪委监委',
      decidedOn: '2024-08-28',
    }),
  ],
  claimed: [
    'recordDamageCompensation',
    (caseId: string) => ({
      caseId,
      claimId: 'K1',
      claimant: '九江市生态环境局',
      respondent: '某砂石公司',
      description: '岸线生态损害赔偿磋商',
      amountClaimed: 1_200_000,
      filedOn: '2024-08-25',
    }),
  ],
  referred: [
    'recordPublicInterestLitigation',
    (caseId: string) => ({
      caseId,
      litigationId: 'L1',
      referredTo: '九江市人民检察院',
      description: '非法采砂公益诉讼线索',
      referredOn: '2024-08-25',
    }),
  ],
  closed: ['closeAccountabilityCase', (caseId: string) => ({ caseId, summary: '调查完毕，结案' })],
  unitHeld: [
    'holdUnitAccountable',
    (caseId: string) => ({
      caseId,
      unitId: 'U1',
      name: '都昌县自然资源局',
      organisationType: 'DEPARTMENT',
      methods: ['CIRCULAR'],
      decidingBody: '都昌县纪委监委',
      decidedOn: '2024-08-28',
    }),
  ],
} satisfies Record<string, readonly [string, (caseId: string) => Input]>;

/** Steps written by a party of their own (issue 14) rather than the investigating body. */
const STEP_BY: Partial<Record<keyof typeof STEPS, Who>> = {
  claimed: 'claimant',
  referred: 'procuratorate',
};
type Step = keyof typeof STEPS;

interface Row {
  readonly mutation: string;
  readonly given: readonly Step[];
  readonly input: (caseId: string) => Input;
  /** Who besides admin may, when not the investigating body's own commission. */
  readonly by?: Who;
  /** Also allowed, beside the case's own commission. */
  readonly also?: Who;
}

/** Every case mutation but the opening, with the state it is valid in. */
const WRITES: Row[] = [
  { mutation: 'recordInvestigation', given: [], input: STEPS.investigated[1] },
  { mutation: 'addAccountablePerson', given: [], input: STEPS.personAdded[1] },
  { mutation: 'recordSanction', given: ['personAdded'], input: STEPS.sanctioned[1] },
  {
    mutation: 'correctSanction',
    given: ['personAdded', 'sanctioned'],
    input: (caseId) => ({
      ...STEPS.sanctioned[1](caseId),
      kind: 'CIRCULAR',
      reason: '复议后改为通报',
    }),
  },
  {
    mutation: 'withdrawSanction',
    given: ['personAdded', 'sanctioned'],
    input: (caseId) => ({ caseId, personId: 'P1', sanctionId: 'S1', reason: '复议撤销' }),
  },
  {
    mutation: 'exemptAccountablePerson',
    given: ['personAdded'],
    input: (caseId) => ({
      caseId,
      personId: 'P1',
      decidingBody: '都昌县纪委监委',
      decidedOn: '2024-08-28',
      reason: '已尽职履责',
    }),
  },
  {
    mutation: 'recordSanction',
    given: ['personAdded'],
    input: (caseId) => ({
      ...STEPS.sanctioned[1](caseId),
      decidingBody: '都昌县委组织部',
    }),
    also: 'organisation',
  },
  { mutation: 'holdUnitAccountable', given: [], input: STEPS.unitHeld[1] },
  {
    mutation: 'withdrawUnitAccountability',
    given: ['unitHeld'],
    input: (caseId) => ({ caseId, unitId: 'U1', reason: '复查撤销' }),
  },
  { mutation: 'recordDamageCompensation', given: [], input: STEPS.claimed[1], by: 'claimant' },
  {
    mutation: 'recordDamageCompensationOutcome',
    by: 'claimant',
    given: ['claimed'],
    input: (caseId) => ({
      caseId,
      claimId: 'K1',
      result: 'AGREEMENT_REACHED',
      amountAgreed: 1_000_000,
      decidedOn: '2024-08-30',
    }),
  },
  {
    mutation: 'recordPublicInterestLitigation',
    given: [],
    input: STEPS.referred[1],
    by: 'procuratorate',
  },
  {
    mutation: 'recordPublicInterestLitigationOutcome',
    by: 'procuratorate',
    given: ['referred'],
    input: (caseId) => ({
      caseId,
      litigationId: 'L1',
      result: 'PRE_LITIGATION_RECTIFIED',
      decidedOn: '2024-08-30',
    }),
  },
  { mutation: 'closeAccountabilityCase', given: ['investigated'], input: STEPS.closed[1] },
  {
    mutation: 'reopenAccountabilityCase',
    given: ['investigated', 'closed'],
    input: (caseId) => ({ caseId, reason: '回头看发现新线索' }),
  },
];

/** The two investigating bodies and the discipline authority that is each one's own. */
const BODIES: [body: string, own: Who, other: Who][] = [
  [PROVINCIAL, 'discipline', 'otherDiscipline'],
  [CITY, 'otherDiscipline', 'discipline'],
];

describe('authorisation matrix: every actor against every accountability case mutation', () => {
  let m: MatrixApp;
  let seq = 0;

  beforeAll(async () => {
    m = await startMatrixApp();
    await registerInspection(m.t, m.tokens.office, 'JX-3');
  });
  afterAll(() => m.t.close());

  /** A fresh case referred by the inspection office, then taken through `given` by its own body. */
  async function caseIn(body: string, own: Who, given: readonly Step[]): Promise<string> {
    const caseId = `AC${++seq}`;
    await m.must('openAccountabilityCase', 'office', open(caseId, body));
    for (const step of given) {
      const [mutation, input] = STEPS[step];
      await m.must(mutation, STEP_BY[step] ?? own, input(caseId));
    }
    return caseId;
  }

  it('openAccountabilityCase: the inspection office (referral to any body), the named body itself and admin; nobody else', () =>
    // A commission opens only cases it will investigate itself (case.policy.ts).
    expectOnlyAllowed(m, {
      mutation: 'openAccountabilityCase',
      allowed: ['office', 'discipline', 'admin'],
      prepare: async () => `AC${++seq}`,
      input: (caseId) => open(caseId, PROVINCIAL),
    }));

  for (const [body, own, other] of BODIES) {
    for (const row of WRITES) {
      const allowed: Who[] = [row.by ?? own, ...(row.also ? [row.also] : []), 'admin'];
      it(`${row.mutation} on a case investigated by ${body}: ${allowed.join(', ')} only (${other} is FORBIDDEN)`, () =>
        expectOnlyAllowed(m, {
          mutation: row.mutation,
          allowed,
          prepare: () => caseIn(body, own, row.given),
          input: row.input,
        }));
    }
  }

  it('a discipline authority refused for another body’s case is told whose case it is', async () => {
    const caseId = await caseIn(PROVINCIAL, 'discipline', []);
    const before = await m.head();
    const res = await m.send(
      'recordInvestigation',
      'otherDiscipline',
      STEPS.investigated[1](caseId),
    );
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      investigatingBody: PROVINCIAL,
      actorOrganisation: CITY,
    });
    expect(await m.head()).toBe(before);
  });

  it('setAnnouncementTable: the inspection office, the disclosure team and admin; nobody else', () =>
    expectOnlyAllowed(m, {
      mutation: 'setAnnouncementTable',
      allowed: ['office', 'disclosure', 'admin'],
      prepare: async () => `JX-${++seq}`,
      input: (inspectionId) => ({
        inspectionId,
        name: '江西口径',
        groups: [{ key: 'SANCTION', label: '党纪政务处分', kinds: ['PARTY_WARNING'] }],
        ranks: [{ label: '全部', ranks: ['BUREAU', 'DIVISION', 'SECTION', 'OTHER'] }],
      }),
    }));

  it('tried every mutation of its part of the matrix', () => {
    expect([...m.covered].sort()).toEqual([...MATRIX_COVERAGE['auth-matrix-cases']].sort());
  });

  it('every refusal above is in the access log', async () => {
    // Per write: every actor but the two or three allowed (at least 12), for each of the two
    // bodies; plus the openings.
    expect(await forbiddenInAccessLog(m)).toBeGreaterThanOrEqual(WRITES.length * 2 * 12 + 10);
  });
});
