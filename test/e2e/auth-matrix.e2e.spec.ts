import type { Role } from '../../src/auth/actor.js';
import { assignInput, registerInspection } from '../support/task-api.js';
import { startTestApp, type GqlResponse, type TestApp } from '../support/test-app.js';

/**
 * The authorisation matrix of issue 4: every actor (role and organisation) against every mutation,
 * each tried on a record in the state where the mutation is otherwise valid, so the only reason to
 * refuse is who asks. Refused: FORBIDDEN and the store's head position unchanged. Allowed: it works.
 */
const ACTORS: Record<string, [Role, string, string?]> = {
  office: ['INSPECTION_OFFICE', '江西省督察办'],
  lead: ['IMPLEMENTING_ENTITY', '九江市人民政府'],
  supporting: ['IMPLEMENTING_ENTITY', '江西省生态环境厅'],
  otherEntity: ['IMPLEMENTING_ENTITY', '赣州市人民政府'],
  acceptor: ['ACCEPTANCE_UNIT', '江西省水利厅'],
  otherAcceptor: ['ACCEPTANCE_UNIT', '江西省林业局'],
  city: ['CITY_GOVERNMENT', '九江市人民政府', '360400'],
  otherCity: ['CITY_GOVERNMENT', '赣州市人民政府', '360700'],
  discipline: ['DISCIPLINE_AUTHORITY', '省纪委监委'],
  auditor: ['AUDITOR', '江西省审计厅'],
  disclosure: ['DISCLOSURE_OFFICER', '省政府新闻办'],
  integration: ['INTEGRATION', '省大数据中心'],
  admin: ['ADMIN', '系统管理员'],
};
type Who = keyof typeof ACTORS;
const EVERYONE = Object.keys(ACTORS) as Who[];

const EVIDENCE = {
  fileName: '材料.pdf',
  mediaType: 'application/pdf',
  size: 10,
  sha256: 'c'.repeat(64),
};

type Step = [
  mutation: string,
  who: Who,
  input: (id: string, insp: string) => Record<string, unknown>,
];

/** The happy path of a task (CITY notice already over at the test clock), one step per status. */
const PATH: Step[] = [
  [
    'listTask',
    'office',
    (id, insp) => ({ taskId: id, inspectionId: insp, title: `任务 ${id}`, problem: '问题' }),
  ],
  ['assignTask', 'office', (id) => assignInput(id)],
  [
    'reportProgress',
    'lead',
    (id) => ({ taskId: id, scheduleStatus: 'ON_SCHEDULE', summary: '进展' }),
  ],
  ['requestAcceptance', 'lead', (id) => ({ taskId: id, selfCheck: '自查', evidence: [EVIDENCE] })],
  ['recordAcceptance', 'acceptor', (id) => ({ taskId: id, decision: 'ACCEPTED', opinion: '同意' })],
  [
    'startPublicNotice',
    'acceptor',
    (id) => ({ taskId: id, start: '2024-08-01', end: '2024-08-08' }),
  ],
  ['signOff', 'city', (id) => ({ taskId: id, level: 'CITY', signer: '市长' })],
  ['signOff', 'office', (id) => ({ taskId: id, level: 'PROVINCIAL', signer: '省督察办' })],
];

interface Case {
  readonly label: string;
  readonly mutation: string;
  /** Steps of PATH to run first. */
  readonly after: number;
  readonly input: (id: string, insp: string) => Record<string, unknown>;
  readonly allowed: readonly Who[];
  /** Draw the (only) signed-off task of a fresh inspection for a spot check first. */
  readonly drawFirst?: boolean;
}

const TASK_CASES: Case[] = [
  {
    label: 'listTask',
    mutation: 'listTask',
    after: 0,
    input: PATH[0][2],
    allowed: ['office', 'admin'],
  },
  {
    label: 'assignTask',
    mutation: 'assignTask',
    after: 1,
    input: PATH[1][2],
    allowed: ['office', 'admin'],
  },
  {
    label: 'amendTask',
    mutation: 'amendTask',
    after: 1,
    input: (id) => ({ taskId: id, title: '新标题', reason: '更正标题' }),
    allowed: ['office', 'admin'],
  },
  {
    label: 'reportProgress',
    mutation: 'reportProgress',
    after: 2,
    input: PATH[2][2],
    allowed: ['lead', 'supporting'],
  },
  {
    label: 'attachEvidence',
    mutation: 'attachEvidence',
    after: 2,
    input: (id) => ({ taskId: id, evidence: [EVIDENCE] }),
    allowed: ['lead', 'supporting'],
  },
  {
    label: 'superviseTask',
    mutation: 'superviseTask',
    after: 2,
    input: (id) => ({ taskId: id, kind: 'WARNING_LETTER', note: '函告' }),
    allowed: ['office', 'admin'],
  },
  {
    label: 'adjustDeadline',
    mutation: 'adjustDeadline',
    after: 2,
    input: (id) => ({
      taskId: id,
      newDeadline: '2025-12-31',
      approver: '省督察办',
      reason: '工程量大',
    }),
    allowed: ['office', 'admin'],
  },
  {
    label: 'requestAcceptance',
    mutation: 'requestAcceptance',
    after: 3,
    input: PATH[3][2],
    allowed: ['lead', 'supporting'],
  },
  {
    label: 'recordAcceptance',
    mutation: 'recordAcceptance',
    after: 4,
    input: PATH[4][2],
    allowed: ['acceptor'],
  },
  {
    label: 'startPublicNotice',
    mutation: 'startPublicNotice',
    after: 5,
    input: PATH[5][2],
    allowed: ['acceptor'],
  },
  {
    label: 'recordObjection',
    mutation: 'recordObjection',
    after: 6,
    input: (id) => ({ taskId: id, summary: '群众异议' }),
    allowed: ['acceptor'],
  },
  {
    label: 'signOff(CITY)',
    mutation: 'signOff',
    after: 6,
    input: PATH[6][2],
    allowed: ['city'],
  },
  {
    label: 'signOff(PROVINCIAL)',
    mutation: 'signOff',
    after: 7,
    input: PATH[7][2],
    allowed: ['office', 'admin'],
  },
  {
    label: 'reopenTask',
    mutation: 'reopenTask',
    after: 8,
    input: (id) => ({ taskId: id, source: 'LOOK_BACK_REVIEW', reason: '回头看发现问题' }),
    allowed: ['office', 'admin'],
  },
  {
    label: 'recordSpotCheck',
    mutation: 'recordSpotCheck',
    after: 8,
    drawFirst: true,
    input: (id) => ({ taskId: id, result: 'PASSED' }),
    allowed: ['office', 'admin'],
  },
];

const inputType = (mutation: string) => mutation[0].toUpperCase() + mutation.slice(1) + 'Input';

describe('authorisation matrix: every actor against every mutation', () => {
  let t: TestApp;
  const tokens = {} as Record<Who, string>;
  let seq = 0;

  beforeAll(async () => {
    // Hundreds of calls from the same few actors: the rate limit is tested elsewhere.
    t = await startTestApp({
      now: '2024-09-01T00:00:00.000Z',
      env: { RATE_LIMIT_BURST: '100000' },
    });
    for (const who of EVERYONE) {
      const [role, org, region] = ACTORS[who];
      tokens[who] = await t.token(role, org, { sub: `${who}-1`, name: who, region });
    }
    await registerInspection(t, tokens.office, 'JX-3');
  });
  afterAll(() => t.close());

  const head = async () =>
    (await t.gql<{ health: { headPosition: string } }>('{ health { headPosition } }')).data!.health
      .headPosition;

  async function send(
    mutation: string,
    who: Who,
    input: Record<string, unknown>,
  ): Promise<GqlResponse> {
    return t.gql(
      `mutation ($input: ${inputType(mutation)}!) { ${mutation}(input: $input) { entry { type actor { id } } } }`,
      { input },
      tokens[who],
    );
  }

  async function must(mutation: string, who: Who, input: Record<string, unknown>) {
    const res = await send(mutation, who, input);
    if (res.errors) throw new Error(`${mutation} by ${who}: ${JSON.stringify(res.errors)}`);
  }

  /** A fresh task brought to the state the case needs. */
  async function prepare(c: Case): Promise<{ id: string; insp: string }> {
    const id = `M${++seq}`;
    let insp = 'JX-3';
    if (c.drawFirst) {
      insp = `SC-${seq}`;
      await registerInspection(t, tokens.office, insp);
    }
    for (const [mutation, who, input] of PATH.slice(0, c.after))
      await must(mutation, who, input(id, insp));
    if (c.drawFirst) {
      const drawn = await t.gql(
        'mutation ($input: DrawSpotChecksInput!) { drawSpotChecks(input: $input) { __typename } }',
        { input: { inspectionId: insp, sampleSize: 1, seed: 1 } },
        tokens.office,
      );
      if (drawn.errors) throw new Error(`drawSpotChecks: ${JSON.stringify(drawn.errors)}`);
    }
    return { id, insp };
  }

  for (const c of TASK_CASES) {
    it(`${c.label}: allowed for ${c.allowed.join(', ')}; FORBIDDEN and nothing written for the rest`, async () => {
      const { id, insp } = await prepare(c);
      const outcome: Record<string, string> = {};
      for (const who of EVERYONE.filter((w) => !c.allowed.includes(w))) {
        const before = await head();
        const res = await send(c.mutation, who, c.input(id, insp));
        outcome[who] = String(res.errors?.[0]?.extensions?.code ?? 'ALLOWED');
        expect([who, await head()]).toEqual([who, before]);
      }
      expect(outcome).toEqual(
        Object.fromEntries(
          EVERYONE.filter((w) => !c.allowed.includes(w)).map((w) => [w, 'FORBIDDEN']),
        ),
      );
      // Each allowed actor on its own fresh task (an allowed call changes the state).
      for (const who of c.allowed) {
        const fresh = who === c.allowed[0] ? { id, insp } : await prepare(c);
        const res = await send(c.mutation, who, c.input(fresh.id, fresh.insp));
        expect([who, res.errors]).toEqual([who, undefined]);
        expect(
          (res.data as Record<string, { entry: { actor: { id: string } } }>)[c.mutation].entry.actor
            .id,
        ).toBe(`${who}-1`);
      }
    });
  }

  it('city sign-off: a city inside its region may, a city of another region may not', async () => {
    // 360428 (都昌县) lies in 360400 (九江市), not in 360700 (赣州市): covered by the matrix above;
    // here the same for a task registered directly at city level.
    const c: Case = { ...TASK_CASES.find((x) => x.label === 'signOff(CITY)')!, after: 6 };
    const { id } = await prepare(c);
    const before = await head();
    expect(
      (await send('signOff', 'otherCity', { taskId: id, level: 'CITY', signer: '赣州市长' }))
        .errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    expect(await head()).toBe(before);
    expect(
      (await send('signOff', 'city', { taskId: id, level: 'CITY', signer: '九江市长' })).errors,
    ).toBeUndefined();
  });

  it('registerInspection and drawSpotChecks: inspection office and admin only', async () => {
    const register = (insp: string) => ({
      inspectionId: insp,
      title: '督察',
      round: 3,
      regionCode: '360000',
      regionName: '江西省',
      team: '督察组',
      onSiteStart: '2024-05-08',
      onSiteEnd: '2024-06-08',
      feedbackDate: '2024-08-21',
    });
    for (const who of EVERYONE) {
      const before = await head();
      const res = await send('registerInspection', who, register(`R-${who}`));
      const draw = await send('drawSpotChecks', who, {
        inspectionId: 'JX-3',
        sampleSize: 1,
        seed: 2,
      });
      if (who === 'office' || who === 'admin') {
        expect([who, res.errors, draw.errors?.[0]?.extensions?.code === 'FORBIDDEN']).toEqual([
          who,
          undefined,
          false,
        ]);
      } else {
        expect([who, res.errors?.[0].extensions?.code, draw.errors?.[0].extensions?.code]).toEqual([
          who,
          'FORBIDDEN',
          'FORBIDDEN',
        ]);
        expect(await head()).toBe(before);
      }
    }
  });

  it('accountability cases: opened by the discipline authority, inspection office or admin; written by the discipline authority or admin', async () => {
    const open = (caseId: string) => ({
      caseId,
      inspectionId: 'JX-3',
      referredProblem: '生态环境损害责任追究',
      investigatingBody: '省纪委监委',
      referredOn: '2024-08-21',
    });
    for (const who of EVERYONE) {
      const before = await head();
      const res = await send('openAccountabilityCase', who, open(`C-${who}`));
      if (['discipline', 'office', 'admin'].includes(who))
        expect([who, res.errors]).toEqual([who, undefined]);
      else {
        expect([who, res.errors?.[0].extensions?.code]).toEqual([who, 'FORBIDDEN']);
        expect(await head()).toBe(before);
      }
    }
    const writes: [string, Record<string, unknown>][] = [
      [
        'recordInvestigation',
        { caseId: 'C-discipline', teams: 1, interviews: 2, findings: '履职不到位' },
      ],
      ['closeAccountabilityCase', { caseId: 'C-discipline', summary: '结案' }],
    ];
    for (const [mutation, input] of writes) {
      for (const who of EVERYONE.filter((w) => w !== 'discipline' && w !== 'admin')) {
        const before = await head();
        const res = await send(mutation, who, input);
        expect([mutation, who, res.errors?.[0].extensions?.code]).toEqual([
          mutation,
          who,
          'FORBIDDEN',
        ]);
        expect(await head()).toBe(before);
      }
    }
    expect((await send('recordInvestigation', 'discipline', writes[0][1])).errors).toBeUndefined();
  });

  it('every refusal above is in the access log', async () => {
    const res = await t.gql<{ accessLog: { totalCount: number } }>(
      '{ accessLog(filter: { code: "FORBIDDEN" }) { totalCount } }',
      {},
      tokens.auditor,
    );
    expect(res.data!.accessLog.totalCount).toBeGreaterThan(TASK_CASES.length * 8);
  });
});
