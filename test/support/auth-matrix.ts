import type { Role } from '../../src/common/actor.js';
import { startTestApp, type GqlResponse, type TestApp } from './test-app.js';

/**
 * The actor table and helpers of the authorisation matrix (issue 4), shared by the
 * test/e2e/auth-matrix*.e2e.spec.ts files: every actor (role and organisation) is tried against every
 * mutation on a record in the state where the mutation is otherwise valid, so the only reason to
 * refuse is who asks.
 */
type ActorSpec = readonly [role: Role, organisation: string, region?: string];

export const ACTORS = {
  office: ['INSPECTION_OFFICE', '江西省督察办'],
  lead: ['IMPLEMENTING_ENTITY', '九江市人民政府'],
  supporting: ['IMPLEMENTING_ENTITY', '江西省生态环境厅'],
  otherEntity: ['IMPLEMENTING_ENTITY', '赣州市人民政府'],
  acceptor: ['ACCEPTANCE_UNIT', '江西省水利厅'],
  otherAcceptor: ['ACCEPTANCE_UNIT', '江西省林业局'],
  city: ['CITY_GOVERNMENT', '九江市人民政府', '360400'],
  otherCity: ['CITY_GOVERNMENT', '赣州市人民政府', '360700'],
  discipline: ['DISCIPLINE_AUTHORITY', '省纪委监委'],
  /** A discipline authority of another organisation: not the investigating body of the usual case. */
  otherDiscipline: ['DISCIPLINE_AUTHORITY', '九江市纪委监委'],
  auditor: ['AUDITOR', '江西省审计厅'],
  disclosure: ['DISCLOSURE_OFFICER', '省政府新闻办'],
  integration: ['INTEGRATION', '省大数据中心'],
  admin: ['ADMIN', '系统管理员'],
  /** Issue 14: parties that write their own parts of an accountability case. */
  organisation: ['ORGANISATION_DEPARTMENT', '都昌县委组织部'],
  claimant: ['DAMAGE_COMPENSATION_CLAIMANT', '九江市生态环境局'],
  procuratorate: ['PROCURATORATE', '九江市人民检察院'],
} as const satisfies Record<string, ActorSpec>;

export type Who = keyof typeof ACTORS;
export const EVERYONE = Object.keys(ACTORS) as Who[];

/** The actor id every event written by `who` carries (the token's subject). */
export const actorId = (who: Who) => `${who}-1`;

const inputType = (mutation: string) => mutation[0].toUpperCase() + mutation.slice(1) + 'Input';

/**
 * Every mutation of the schema, under the spec file whose matrix tries it. Each file checks that it
 * tried its own list; auth-matrix-files checks that the lists together are the schema's mutations, so
 * a new mutation fails the matrix until it is added to it.
 */
export const MATRIX_COVERAGE = {
  'auth-matrix': [
    ...['listTask', 'assignTask', 'amendTask', 'reportProgress', 'attachEvidence'],
    ...['superviseTask', 'adjustDeadline', 'requestAcceptance', 'recordAcceptance'],
    ...['startPublicNotice', 'recordObjection', 'signOff', 'recordSpotCheck', 'reopenTask'],
    ...['registerInspection', 'drawSpotChecks'],
    ...['applyDeadlineChange', 'decideDeadlineChange', 'fileDeadlineChange', 'reconcileTask'],
    ...['waiveSpotCheck'],
  ],
  'auth-matrix-cases': [
    ...['openAccountabilityCase', 'recordInvestigation', 'addAccountablePerson', 'recordSanction'],
    ...['correctSanction', 'withdrawSanction', 'exemptAccountablePerson'],
    ...['recordDamageCompensation', 'recordDamageCompensationOutcome'],
    ...['recordPublicInterestLitigation', 'recordPublicInterestLitigationOutcome'],
    ...['closeAccountabilityCase', 'reopenAccountabilityCase'],
    ...['holdUnitAccountable', 'withdrawUnitAccountability', 'setAnnouncementTable'],
  ],
  'auth-matrix-files': ['publishDisclosure'],
  'auth-matrix-collection': [
    ...['openCollectionRound', 'reportCollectionProgress', 'correctCollectionReport'],
    ...['freezeCollectionRound', 'cancelCollectionRound'],
  ],
  'auth-matrix-complaints': [
    ...['handOverComplaint', 'startComplaintInvestigation', 'recordComplaintVerification'],
    ...['recordComplaintHandling', 'recordComplaintEnforcement', 'linkComplaintTasks'],
    ...['closeComplaintInStages', 'closeComplaint', 'reopenComplaint'],
  ],
} as const;

export interface MatrixApp {
  readonly t: TestApp;
  /** The mutations `expectOnlyAllowed` has tried, whole rows only. */
  readonly covered: Set<string>;
  readonly tokens: Readonly<Record<Who, string>>;
  /** The event store's head position: unchanged after a refusal means nothing was written. */
  head(): Promise<string>;
  /** `mutation(input: $input) { entry { type actor { id } } }` as `who`. */
  send(mutation: string, who: Who, input: Record<string, unknown>): Promise<GqlResponse>;
  /** The same, failing the test on any error (for preparing records). */
  must(mutation: string, who: Who, input: Record<string, unknown>): Promise<void>;
}

/** The whole app with one token per actor of the table. */
export async function startMatrixApp(now = '2024-09-01T00:00:00.000Z'): Promise<MatrixApp> {
  // Hundreds of calls from the same few actors: the rate limit is tested elsewhere.
  const t = await startTestApp({ now, env: { RATE_LIMIT_BURST: '100000' } });
  const tokens = {} as Record<Who, string>;
  for (const who of EVERYONE) {
    const [role, org, region] = ACTORS[who] as ActorSpec;
    tokens[who] = await t.token(role, org, { sub: actorId(who), name: who, region });
  }
  const send = (mutation: string, who: Who, input: Record<string, unknown>) =>
    t.gql(
      `mutation ($input: ${inputType(mutation)}!) { ${mutation}(input: $input) { entry { type actor { id } } } }`,
      { input },
      tokens[who],
    );
  return {
    t,
    tokens,
    covered: new Set(),
    async head() {
      const res = await t.gql<{ health: { headPosition: string } }>('{ health { headPosition } }');
      return res.data!.health.headPosition;
    },
    send,
    async must(mutation, who, input) {
      const res = await send(mutation, who, input);
      if (res.errors) throw new Error(`${mutation} by ${who}: ${JSON.stringify(res.errors)}`);
    },
  };
}

export interface MatrixRow<R> {
  readonly mutation: string;
  readonly allowed: readonly Who[];
  /** A fresh record in the state where the mutation is otherwise valid. */
  prepare(): Promise<R>;
  input(record: R): Record<string, unknown>;
}

/**
 * Every actor outside `allowed` is refused with FORBIDDEN and the head position stays where it was;
 * every allowed actor succeeds, each on its own fresh record (an allowed call changes the state), and
 * the entry written names it.
 */
export async function expectOnlyAllowed<R>(m: MatrixApp, row: MatrixRow<R>): Promise<void> {
  const record = await row.prepare();
  const refused = EVERYONE.filter((w) => !row.allowed.includes(w));
  const outcome: Record<string, unknown> = {};
  for (const who of refused) {
    const before = await m.head();
    const res = await m.send(row.mutation, who, row.input(record));
    outcome[who] = [res.errors?.[0]?.extensions?.code ?? 'ALLOWED', (await m.head()) === before];
  }
  expect(outcome).toEqual(Object.fromEntries(refused.map((w) => [w, ['FORBIDDEN', true]])));
  for (const who of row.allowed) {
    const fresh = who === row.allowed[0] ? record : await row.prepare();
    const res = await m.send(row.mutation, who, row.input(fresh));
    expect([who, res.errors]).toEqual([who, undefined]);
    const payload = (res.data as Record<string, { entry: { actor: { id: string } } }>)[
      row.mutation
    ];
    expect(payload.entry.actor.id).toBe(actorId(who));
  }
  m.covered.add(row.mutation);
}

/** Refusals recorded in the access log so far (read as an auditor). */
export async function forbiddenInAccessLog(m: MatrixApp): Promise<number> {
  const res = await m.t.gql<{ accessLog: { totalCount: number } }>(
    '{ accessLog(filter: { code: "FORBIDDEN" }) { totalCount } }',
    {},
    m.tokens.auditor,
  );
  return res.data!.accessLog.totalCount;
}
