import {
  expectOnlyAllowed,
  forbiddenInAccessLog,
  MATRIX_COVERAGE,
  startMatrixApp,
  type MatrixApp,
  type Who,
} from '../support/auth-matrix.js';
import { assignInput, registerInspection } from '../support/task-api.js';
import { JX3_INSPECTION } from '../support/task-fixtures.js';

/**
 * The authorisation matrix of issue 4 for tasks and inspections: every actor of the shared table
 * (test/support/auth-matrix.ts) against every task and inspection mutation, each tried on a task in
 * the state where the mutation is otherwise valid. Refused: FORBIDDEN and the store's head position
 * unchanged. Allowed: it works and the entry names the actor. Accountability cases are in
 * auth-matrix-cases, disclosures and the file routes in auth-matrix-files.
 */
const EVIDENCE = {
  fileName: '材料.pdf',
  mediaType: 'application/pdf',
  size: 10,
  sha256: 'c'.repeat(64),
};

type Step = [
  mutation: string,
  who: Who,
  input: (id: string, insp: string, assign?: Record<string, unknown>) => Record<string, unknown>,
];

/** The happy path of a task (CITY notice already over at the test clock), one step per status. */
const PATH: Step[] = [
  [
    'listTask',
    'office',
    (id, insp) => ({ taskId: id, inspectionId: insp, title: `任务 ${id}`, problem: '问题' }),
  ],
  ['assignTask', 'office', (id, _insp, assign) => assignInput(id, assign)],
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
  /** Overrides of assignTask's input (another region, say). */
  readonly assign?: Record<string, unknown>;
  /** Steps after PATH's (a deadline application to decide, say). */
  readonly then?: readonly (readonly [string, Who, (id: string) => Record<string, unknown>])[];
}

const APPLY = [
  'applyDeadlineChange',
  'lead',
  (id: string) => ({ taskId: id, newDeadline: '2026-06-30', reason: '汛期无法施工' }),
] as const;
const APPROVE = [
  'decideDeadlineChange',
  'office',
  (id: string) => ({ taskId: id, approved: true, approver: '领导小组', reason: '同意' }),
] as const;

const TASK_CASES: Case[] = [
  {
    label: 'applyDeadlineChange',
    mutation: 'applyDeadlineChange',
    after: 2,
    input: APPLY[2],
    allowed: ['lead', 'supporting'],
  },
  {
    label: 'decideDeadlineChange',
    mutation: 'decideDeadlineChange',
    after: 2,
    then: [APPLY],
    input: APPROVE[2],
    allowed: ['office', 'admin'],
  },
  {
    label: 'fileDeadlineChange',
    mutation: 'fileDeadlineChange',
    after: 2,
    then: [APPLY, APPROVE],
    input: (id) => ({ taskId: id, reference: '赣督整办字〔2025〕1号' }),
    allowed: ['office', 'admin'],
  },
  {
    label: 'reconcileTask',
    mutation: 'reconcileTask',
    after: PATH.length,
    input: (id) => ({ taskId: id }),
    allowed: ['office', 'admin'],
  },
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
    label: 'waiveSpotCheck',
    mutation: 'waiveSpotCheck',
    after: 8,
    drawFirst: true,
    input: (id) => ({ taskId: id, reason: '现场已纳入国家督察抽查，省级不再重复抽查' }),
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

interface TaskRecord {
  readonly id: string;
  readonly insp: string;
}

const SIGN_OFF_CITY = TASK_CASES.find((x) => x.label === 'signOff(CITY)')!;

let seq = 0;

/** A fresh task in inspection `insp`, taken `after` steps along PATH. */
async function taskAt(m: MatrixApp, after: number, insp: string, assign?: Record<string, unknown>) {
  const id = `M${++seq}`;
  for (const [mutation, who, input] of PATH.slice(0, after))
    await m.must(mutation, who, input(id, insp, assign));
  return id;
}

/** A fresh inspection with one signed-off task: something to draw a spot check from. */
async function inspectionToDraw(m: MatrixApp): Promise<TaskRecord> {
  const insp = `SC-${++seq}`;
  await registerInspection(m.t, m.tokens.office, insp);
  return { id: await taskAt(m, PATH.length, insp), insp };
}

/** A fresh task brought to the state the case needs. */
async function prepare(m: MatrixApp, c: Case): Promise<TaskRecord> {
  if (!c.drawFirst) {
    const id = await taskAt(m, c.after, 'JX-3', c.assign);
    for (const [mutation, who, input] of c.then ?? []) await m.must(mutation, who, input(id));
    return { id, insp: 'JX-3' };
  }
  const drawn = await inspectionToDraw(m);
  await m.must('drawSpotChecks', 'office', { inspectionId: drawn.insp, sampleSize: 1, seed: 1 });
  return drawn;
}

describe('authorisation matrix: every actor against every task and inspection mutation', () => {
  let m: MatrixApp;

  beforeAll(async () => {
    m = await startMatrixApp();
    await registerInspection(m.t, m.tokens.office, 'JX-3');
  });
  afterAll(() => m.t.close());

  for (const c of TASK_CASES) {
    it(`${c.label}: allowed for ${c.allowed.join(', ')}; FORBIDDEN and nothing written for the rest`, () =>
      expectOnlyAllowed(m, {
        mutation: c.mutation,
        allowed: c.allowed,
        prepare: () => prepare(m, c),
        input: ({ id, insp }) => c.input(id, insp),
      }));
  }

  it('city sign-off: a city signs off tasks in its own region only (its own code, or a county in it)', async () => {
    // The matrix above covers 360428 (都昌县, in 九江市 360400). Here: a task registered at the city's
    // own code, and a task in the other city's region, where the two cities swap roles.
    const cases: [regionCode: string, regionName: string, inRegion: Who, outOfRegion: Who][] = [
      ['360400', '九江市', 'city', 'otherCity'],
      ['360702', '赣州市章贡区', 'otherCity', 'city'],
    ];
    for (const [regionCode, regionName, inside, outside] of cases) {
      const { id } = await prepare(m, { ...SIGN_OFF_CITY, assign: { regionCode, regionName } });
      const input = { taskId: id, level: 'CITY', signer: '市长' };
      const before = await m.head();
      const refused = await m.send('signOff', outside, input);
      expect([regionCode, outside, refused.errors?.[0].extensions?.code]).toEqual([
        regionCode,
        outside,
        'FORBIDDEN',
      ]);
      expect(await m.head()).toBe(before);
      const allowed = await m.send('signOff', inside, input);
      expect([regionCode, inside, allowed.errors]).toEqual([regionCode, inside, undefined]);
    }
  });

  it('registerInspection and drawSpotChecks: inspection office and admin only', async () => {
    const register = (insp: string) => ({ ...JX3_INSPECTION, inspectionId: insp });
    await expectOnlyAllowed(m, {
      mutation: 'registerInspection',
      allowed: ['office', 'admin'],
      prepare: async () => `R-${++seq}`,
      input: register,
    });
    await expectOnlyAllowed(m, {
      mutation: 'drawSpotChecks',
      allowed: ['office', 'admin'],
      prepare: async () => (await inspectionToDraw(m)).insp,
      input: (insp) => ({ inspectionId: insp, sampleSize: 1, seed: 2 }),
    });
  });

  it('tried every mutation of its part of the matrix', () => {
    expect([...m.covered].sort()).toEqual([...MATRIX_COVERAGE['auth-matrix']].sort());
  });

  it('every refusal above is in the access log', async () => {
    expect(await forbiddenInAccessLog(m)).toBeGreaterThan(TASK_CASES.length * 8);
  });
});
