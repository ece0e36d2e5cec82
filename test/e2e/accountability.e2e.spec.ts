import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Rebuilds the shape of a published accountability announcement (DOMAIN.md, Public disclosure):
 * eleven referred problems, 34 people across ranks and sanction kinds, some with two sanctions;
 * the summary must equal the sums of the individual records, now and as of an earlier moment.
 */
const INSPECTION = 'jx-r3';
const RANKS = [
  'BUREAU',
  'DIVISION',
  'SECTION',
  'DIVISION',
  'SECTION',
  'OTHER',
  'DIVISION',
  'SECTION',
];
const ORGS = [
  'PARTY_COMMITTEE',
  'GOVERNMENT',
  'DEPARTMENT',
  'STATE_OWNED_ENTERPRISE',
  'PUBLIC_INSTITUTION',
  'DEPARTMENT',
];
const RESPONSIBILITIES = ['PRIMARY', 'SUPERVISORY', 'LEADERSHIP'];
const KINDS = [
  'CIRCULAR',
  'ADMONISHMENT',
  'PARTY_WARNING',
  'GOV_WARNING',
  'DEMERIT',
  'PARTY_SERIOUS_WARNING',
  'MAJOR_DEMERIT',
  'TRANSFER',
  'DISMISSAL',
  'REMOVAL_FROM_PARTY_POSTS',
  'DEMOTION',
  'PARTY_PROBATION',
  'REMOVAL_FROM_OFFICE',
  'EXPULSION_FROM_PARTY',
  'DISMISSAL_FROM_PUBLIC_SERVICE',
  'JUDICIAL_REFERRAL',
];
const PEOPLE_PER_PROBLEM = [4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3];

interface PlannedPerson {
  caseId: string;
  personId: string;
  rank: string;
  organisationType: string;
  responsibilityType: string;
  sanctions: { sanctionId: string; kind: string; withdrawn: boolean }[];
}

function plan(): PlannedPerson[] {
  const people: PlannedPerson[] = [];
  PEOPLE_PER_PROBLEM.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      const k = people.length;
      const kind = KINDS[k % KINDS.length];
      const sanctions = [{ sanctionId: `s${k}a`, kind, withdrawn: false }];
      if (k % 4 === 0) {
        const second = kind === 'ADMONISHMENT' ? 'TRANSFER' : 'ADMONISHMENT';
        sanctions.push({ sanctionId: `s${k}b`, kind: second, withdrawn: false });
      }
      people.push({
        caseId: `case${c + 1}`,
        personId: `p${k}`,
        rank: RANKS[k % RANKS.length],
        organisationType: ORGS[k % ORGS.length],
        responsibilityType: RESPONSIBILITIES[k % RESPONSIBILITIES.length],
        sanctions,
      });
    }
  });
  return people;
}

/** What the announcement should say, computed here from the inputs, not by the server's code. */
function expectedFigures(people: PlannedPerson[]) {
  const held = people.filter((p) => p.sanctions.some((s) => !s.withdrawn));
  const times = (p: PlannedPerson) => p.sanctions.filter((s) => !s.withdrawn).length;
  const by = (key: (p: PlannedPerson) => string) => {
    const out: Record<string, { people: number; personTimes: number }> = {};
    for (const p of held) {
      const row = (out[key(p)] ??= { people: 0, personTimes: 0 });
      row.people++;
      row.personTimes += times(p);
    }
    return out;
  };
  const byKind: Record<string, { people: number; personTimes: number }> = {};
  for (const p of held) {
    for (const s of p.sanctions.filter((x) => !x.withdrawn)) {
      const row = (byKind[s.kind] ??= { people: 0, personTimes: 0 });
      row.people++;
      row.personTimes++;
    }
  }
  return {
    people: held.length,
    personTimes: held.reduce((n, p) => n + times(p), 0),
    byRank: by((p) => p.rank),
    byOrganisationType: by((p) => p.organisationType),
    byResponsibilityType: by((p) => p.responsibilityType),
    byKind,
  };
}

const SUMMARY = `query($id: ID!, $asOf: DateTime) {
  accountabilitySummary(inspectionId: $id, asOf: $asOf) {
    casesReferred casesClosed people personTimes sanctionsWithdrawn sanctionsCorrected
    investigationTeams interviews
    byRank { rank people personTimes }
    byOrganisationType { organisationType people personTimes }
    byResponsibilityType { responsibilityType people personTimes }
    bySanctionKind { kind category severity people personTimes }
    byCategory { category people personTimes }
    compensation { claims concluded pending amountAgreed }
    litigation { referred concluded pending }
  } }`;

type Tally = { people: number; personTimes: number };
type Summary = {
  casesReferred: number;
  casesClosed: number;
  people: number;
  personTimes: number;
  sanctionsWithdrawn: number;
  sanctionsCorrected: number;
  investigationTeams: number;
  interviews: number;
  byRank: (Tally & { rank: string })[];
  byOrganisationType: (Tally & { organisationType: string })[];
  byResponsibilityType: (Tally & { responsibilityType: string })[];
  bySanctionKind: (Tally & { kind: string })[];
  byCategory: (Tally & { category: string })[];
  compensation: { claims: number; concluded: number; pending: number; amountAgreed: number };
  litigation: { referred: number; concluded: number; pending: number };
};

const nonZero = <T extends Tally>(rows: T[], key: keyof T) =>
  Object.fromEntries(
    rows
      .filter((r) => r.people || r.personTimes)
      .map((r) => [r[key], { people: r.people, personTimes: r.personTimes }]),
  );

const CASE = `query($id: ID!, $asOf: DateTime) {
  accountabilityCase(id: $id, asOf: $asOf) {
    id caseId status version investigation { teams interviews }
    persons { personId rank organisationType sanctions { sanctionId kind status } }
    compensationClaims { claimId outcome { result } }
    litigations { litigationId outcome { result } }
  } }`;

type CaseRecord = {
  id: string;
  caseId: string;
  status: string;
  version: number;
  investigation: { teams: number; interviews: number } | null;
  persons: { personId: string; rank: string; sanctions: { kind: string; status: string }[] }[];
  compensationClaims: { outcome: unknown }[];
  litigations: { outcome: unknown }[];
};

/** The same figures summed from the individual records as `accountabilityCase` shows them. */
function sumOfRecords(cases: CaseRecord[]) {
  const persons = cases.flatMap((c) => c.persons);
  const inForce = (p: CaseRecord['persons'][number]) =>
    p.sanctions.filter((s) => s.status !== 'WITHDRAWN');
  const held = persons.filter((p) => inForce(p).length);
  return {
    casesReferred: cases.length,
    casesClosed: cases.filter((c) => c.status === 'CLOSED').length,
    people: held.length,
    personTimes: held.reduce((n, p) => n + inForce(p).length, 0),
    investigationTeams: cases.reduce((n, c) => n + (c.investigation?.teams ?? 0), 0),
    compensationClaims: cases.reduce((n, c) => n + c.compensationClaims.length, 0),
    litigations: cases.reduce((n, c) => n + c.litigations.length, 0),
  };
}

describe('accountability over HTTP: a provincial announcement, on the record', () => {
  let t: TestApp;
  let office: string;
  let discipline: string;
  let cityDiscipline: string;
  /** Cases 7 to 11 are investigated by the city commission, which alone writes them. */
  const investigatorOf = (input: Record<string, unknown>) =>
    Number(String(input.caseId ?? '').replace('case', '')) > 6 ? cityDiscipline : discipline;
  let auditor: string;
  let claimant: string;
  let procuratorate: string;
  const people = plan();
  const T1 = '2024-09-30T00:00:00.000Z';

  async function mutate(
    name: string,
    input: Record<string, unknown>,
    token = investigatorOf(input),
  ) {
    const type = name[0].toUpperCase() + name.slice(1) + 'Input';
    const res = await t.gql<
      Record<string, { case: { id: string; caseId: string; version: number } }>
    >(
      `mutation($input: ${type}!) { ${name}(input: $input) { case { id caseId version status }
        entry { type version reason changes { field before after } } } }`,
      { input },
      token,
    );
    return res;
  }
  async function ok(name: string, input: Record<string, unknown>, token = investigatorOf(input)) {
    const res = await mutate(name, input, token);
    expect(res.errors).toBeUndefined();
    return res.data![name];
  }
  const summary = async (asOf?: string) =>
    (await t.gql<{ accountabilitySummary: Summary }>(SUMMARY, { id: INSPECTION, asOf }, auditor))
      .data!.accountabilitySummary;
  const record = async (id: string, asOf?: string) =>
    (await t.gql<{ accountabilityCase: CaseRecord }>(CASE, { id, asOf }, auditor)).data!
      .accountabilityCase;
  const allRecords = async (asOf?: string) =>
    Promise.all(PEOPLE_PER_PROBLEM.map((_, c) => record(`case${c + 1}`, asOf)));

  beforeAll(async () => {
    t = await startTestApp({ now: '2024-09-01T00:00:00.000Z' });
    office = await t.token('INSPECTION_OFFICE', '省督察办');
    discipline = await t.token('DISCIPLINE_AUTHORITY', '省纪委监委');
    cityDiscipline = await t.token('DISCIPLINE_AUTHORITY', '市纪委监委');
    auditor = await t.token('AUDITOR', '省审计厅');
    // Issue 14: claims by the designated department, suits by the procuratorate.
    claimant = await t.token('DAMAGE_COMPENSATION_CLAIMANT', '省生态环境厅');
    procuratorate = await t.token('PROCURATORATE', '省人民检察院');

    // The inspection team's eleven referred problems, opened by the inspection office.
    for (let c = 0; c < PEOPLE_PER_PROBLEM.length; c++) {
      await ok(
        'openAccountabilityCase',
        {
          caseId: `case${c + 1}`,
          inspectionId: INSPECTION,
          referenceNumber: `赣督移〔2024〕${c + 1}号`,
          referredProblem: `移交问题 ${c + 1}：生态环境损害责任追究`,
          linkedTaskIds: [`task-${c + 1}`],
          investigatingBody: c < 6 ? '省纪委监委' : '市纪委监委',
          referredOn: '2024-08-21',
        },
        office,
      );
    }
    t.clock.set('2024-09-20T00:00:00.000Z');
    for (let c = 0; c < PEOPLE_PER_PROBLEM.length; c++) {
      await ok('recordInvestigation', {
        caseId: `case${c + 1}`,
        teams: 2,
        interviews: 10 + c,
        findings: '履职不到位，监管缺失',
      });
    }
    for (const p of people) {
      await ok('addAccountablePerson', {
        caseId: p.caseId,
        personId: p.personId,
        name: `官员${p.personId}`,
        positionAtTheTime: '时任某局局长',
        currentPosition: '某局调研员',
        rank: p.rank,
        organisationType: p.organisationType,
        responsibilityType: p.responsibilityType,
      });
      for (const s of p.sanctions) {
        await ok('recordSanction', {
          caseId: p.caseId,
          personId: p.personId,
          sanctionId: s.sanctionId,
          kind: s.kind,
          decidingBody: '省纪委监委',
          decidedOn: '2024-09-18',
          publishedOn: '2024-09-25',
          publishedIn: '江西日报',
        });
      }
    }
    await ok(
      'recordDamageCompensation',
      {
        caseId: 'case8',
        claimId: 'k1',
        claimant: '省生态环境厅',
        respondent: '某矿业公司',
        description: '矿区生态修复费用',
        amountClaimed: 5_000_000,
        filedOn: '2024-09-10',
      },
      claimant,
    );
    await ok(
      'recordDamageCompensationOutcome',
      {
        caseId: 'case8',
        claimId: 'k1',
        result: 'AGREEMENT_REACHED',
        amountAgreed: 4_200_000,
        decidedOn: '2024-09-19',
      },
      claimant,
    );
    await ok(
      'recordPublicInterestLitigation',
      {
        caseId: 'case9',
        litigationId: 'l1',
        referredTo: '省人民检察院',
        description: '非法采砂公益诉讼线索',
        referredOn: '2024-09-12',
      },
      procuratorate,
    );
    for (let c = 0; c < 6; c++) {
      await ok('closeAccountabilityCase', { caseId: `case${c + 1}`, summary: '问责到位' });
    }
  });
  afterAll(() => t.close());

  it('the summary equals the figures planned from the inputs and the sums of the records', async () => {
    const s = await summary();
    const want = expectedFigures(people);
    expect(people.length).toBe(34);
    expect(s.people).toBe(34);
    expect(s).toMatchObject({
      casesReferred: 11,
      casesClosed: 6,
      people: want.people,
      personTimes: want.personTimes,
      sanctionsWithdrawn: 0,
      investigationTeams: 22,
      compensation: { claims: 1, concluded: 1, pending: 0, amountAgreed: 4_200_000 },
      litigation: { referred: 1, concluded: 0, pending: 1 },
    });
    expect(s.personTimes).toBeGreaterThan(s.people);
    expect(nonZero(s.byRank, 'rank')).toEqual(want.byRank);
    expect(nonZero(s.byOrganisationType, 'organisationType')).toEqual(want.byOrganisationType);
    expect(nonZero(s.byResponsibilityType, 'responsibilityType')).toEqual(
      want.byResponsibilityType,
    );
    expect(nonZero(s.bySanctionKind, 'kind')).toEqual(want.byKind);
    const categories = s.byCategory.reduce((n, c) => n + c.personTimes, 0);
    expect(categories).toBe(s.personTimes);

    const sums = sumOfRecords(await allRecords());
    expect(s).toMatchObject({
      casesReferred: sums.casesReferred,
      casesClosed: sums.casesClosed,
      people: sums.people,
      personTimes: sums.personTimes,
      investigationTeams: sums.investigationTeams,
    });
  });

  it('names a case by its global id case-<caseId>, and finds it by either id', async () => {
    const byPlain = await record('case3');
    expect(byPlain).toMatchObject({ id: 'case-case3', caseId: 'case3' });
    expect(await record('case-case3')).toEqual(byPlain);
    expect(await record('case-case3', T1)).toEqual(await record('case3', T1));
    expect(await record('case-nope')).toBeNull();
    const forged = Buffer.from('ledger:not-a-position').toString('base64url');
    const badCursor = await t.gql(
      `query { accountabilityCase(id: "case-case3") { history(after: "${forged}") { totalCount } } }`,
      {},
      auditor,
    );
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('filters cases by inspection, status, investigating body, rank and sanction kind', async () => {
    const list = async (filter: Record<string, unknown>) =>
      (
        await t.gql<{
          accountabilityCases: { totalCount: number; edges: { node: { id: string } }[] };
        }>(
          `query($f: AccountabilityCaseFilter) { accountabilityCases(filter: $f, first: 5) {
            totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
          { f: filter },
          auditor,
        )
      ).data!.accountabilityCases;
    expect((await list({ inspectionId: INSPECTION })).totalCount).toBe(11);
    expect((await list({ inspectionId: INSPECTION })).edges).toHaveLength(5);
    expect((await list({ status: 'CLOSED' })).totalCount).toBe(6);
    expect((await list({ investigatingBody: '市纪委监委' })).totalCount).toBe(5);
    const bureauCases = new Set(people.filter((p) => p.rank === 'BUREAU').map((p) => p.caseId));
    expect((await list({ rank: 'BUREAU' })).totalCount).toBe(bureauCases.size);
    const judicial = new Set(
      people
        .filter((p) => p.sanctions.some((s) => s.kind === 'JUDICIAL_REFERRAL'))
        .map((p) => p.caseId),
    );
    expect((await list({ sanctionKind: 'JUDICIAL_REFERRAL' })).totalCount).toBe(judicial.size);
  });

  it('refuses what the record must not hold, writing nothing', async () => {
    const before = await record('case9');
    const forbidden = await mutate(
      'recordSanction',
      {
        caseId: 'case9',
        personId: 'p25',
        kind: 'CIRCULAR',
        decidingBody: 'x',
        decidedOn: '2024-09-18',
      },
      auditor,
    );
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const officeSanction = await mutate(
      'recordSanction',
      {
        caseId: 'case9',
        personId: 'p25',
        kind: 'CIRCULAR',
        decidingBody: 'x',
        decidedOn: '2024-09-18',
      },
      office,
    );
    expect(officeSanction.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const nobody = await mutate('recordSanction', {
      caseId: 'case9',
      personId: 'nobody',
      kind: 'CIRCULAR',
      decidingBody: '省纪委监委',
      decidedOn: '2024-09-18',
    });
    expect(nobody.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const badKind = await mutate('recordSanction', {
      caseId: 'case9',
      personId: 'p25',
      kind: 'BANISHMENT',
      decidingBody: '省纪委监委',
      decidedOn: '2024-09-18',
    });
    expect(badKind.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const closedCase = await mutate('recordInvestigation', {
      caseId: 'case1',
      teams: 1,
      interviews: 1,
      findings: 'x',
    });
    expect(closedCase.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(closedCase.errors?.[0].message).toMatch(/已办结.*CLOSED/);
    // Since issue 14 a pending suit no longer keeps a case open (test/e2e/announcement.e2e.spec.ts).
    const byCommission = await mutate('recordDamageCompensation', {
      caseId: 'case9',
      claimant: '省生态环境厅',
      respondent: '某公司',
      description: 'x',
      filedOn: '2024-09-10',
    });
    expect(byCommission.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await record('case9')).version).toBe(before.version);
  });

  it('a withdrawn sanction stays in history with its reason; the summary follows, asOf does not move', async () => {
    const atT1 = await summary(T1);
    t.clock.set('2024-10-15T00:00:00.000Z');
    const after = structuredClone(people);
    const p24 = after.find((p) => p.personId === 'p24')!;
    const p25 = after.find((p) => p.personId === 'p25')!;
    const p26 = after.find((p) => p.personId === 'p26')!;
    const withdrawn = await ok('withdrawSanction', {
      caseId: p24.caseId,
      personId: 'p24',
      sanctionId: p24.sanctions[1].sanctionId,
      reason: '复查认定该诫勉重复处理，予以撤销',
    });
    p24.sanctions[1].withdrawn = true;
    await ok('withdrawSanction', {
      caseId: p25.caseId,
      personId: 'p25',
      sanctionId: 's25a',
      reason: '申诉成立',
    });
    p25.sanctions[0].withdrawn = true;
    await ok('correctSanction', {
      caseId: p26.caseId,
      personId: 'p26',
      sanctionId: 's26a',
      kind: 'DEMOTION',
      decidingBody: '省纪委监委',
      decidedOn: '2024-10-10',
      reason: '处分档次更正',
    });
    p26.sanctions[0].kind = 'DEMOTION';

    const entry = (withdrawn as unknown as { entry: { type: string; reason: string } }).entry;
    expect(entry).toMatchObject({
      type: 'SanctionWithdrawn',
      reason: '复查认定该诫勉重复处理，予以撤销',
    });
    const history = await t.gql<{
      accountabilityCase: {
        history: {
          edges: {
            node: {
              type: string;
              reason: string | null;
              changes: { field: string; before: unknown; after: unknown }[];
            };
          }[];
        };
      };
    }>(
      `query { accountabilityCase(id: "${p24.caseId}") { history(first: 100) { edges { node {
        type reason changes { field before after } } } } } }`,
      {},
      auditor,
    );
    const nodes = history.data!.accountabilityCase.history.edges.map((e) => e.node);
    const recorded = nodes.find((n) => n.type === 'SanctionRecorded');
    expect(recorded).toBeDefined();
    const w = nodes.find((n) => n.type === 'SanctionWithdrawn')!;
    expect(w.reason).toBe('复查认定该诫勉重复处理，予以撤销');
    expect(w.changes).toEqual(
      expect.arrayContaining([
        { field: 'persons.p24.sanctions.s24b.status', before: 'IN_FORCE', after: 'WITHDRAWN' },
        {
          field: 'persons.p24.sanctions.s24b.withdrawal',
          before: null,
          after: { at: '2024-10-15T00:00:00.000Z', reason: '复查认定该诫勉重复处理，予以撤销' },
        },
      ]),
    );
    const same = await t.gql<{ history: { totalCount: number } }>(
      `query { history(streamId: "case-${p24.caseId}") { totalCount } }`,
      {},
      auditor,
    );
    expect(same.data!.history.totalCount).toBe(nodes.length);

    // Now: the withdrawals no longer count, the correction counts under its new kind.
    const now = await summary();
    const want = expectedFigures(after);
    expect(now).toMatchObject({
      people: want.people,
      personTimes: want.personTimes,
      sanctionsWithdrawn: 2,
      sanctionsCorrected: 1,
    });
    expect(now.people).toBe(33);
    expect(nonZero(now.bySanctionKind, 'kind')).toEqual(want.byKind);
    expect(nonZero(now.byRank, 'rank')).toEqual(want.byRank);
    expect(sumOfRecords(await allRecords())).toMatchObject({
      people: now.people,
      personTimes: now.personTimes,
    });

    // As of T1: exactly what was on record then, and still the sums of the records as of T1.
    const then = await summary(T1);
    expect(then).toEqual(atT1);
    const wantThen = expectedFigures(people);
    expect(then).toMatchObject({ people: wantThen.people, personTimes: wantThen.personTimes });
    expect(nonZero(then.bySanctionKind, 'kind')).toEqual(wantThen.byKind);
    const recordsThen = await allRecords(T1);
    expect(sumOfRecords(recordsThen)).toMatchObject({
      casesReferred: then.casesReferred,
      casesClosed: then.casesClosed,
      people: then.people,
      personTimes: then.personTimes,
    });

    // Before anything was referred, nothing.
    expect(await summary('2024-08-01T00:00:00.000Z')).toMatchObject({
      casesReferred: 0,
      people: 0,
      personTimes: 0,
    });
    // A case with a person and no decision in force cannot be closed.
    const refused = await mutate('closeAccountabilityCase', { caseId: p25.caseId });
    expect(refused.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(refused.errors?.[0].extensions?.blockers).toEqual(
      expect.arrayContaining(['PERSONS_WITHOUT_DECISION']),
    );
  });

  it('reopens a closed case with a reason and links a case to a reopened task', async () => {
    const reopened = await ok('reopenAccountabilityCase', {
      caseId: 'case1',
      reason: '回头看发现问责不到位',
    });
    expect(reopened).toMatchObject({ case: { status: 'INVESTIGATING' } });
    const fromTask = await ok(
      'openAccountabilityCase',
      {
        inspectionId: INSPECTION,
        referredProblem: '整改弄虚作假',
        sourceTaskId: 'task-3',
        investigatingBody: '省纪委监委',
        referredOn: '2024-10-15',
        commandId: 'open-from-task-3',
      },
      office,
    );
    const again = await ok(
      'openAccountabilityCase',
      {
        inspectionId: INSPECTION,
        referredProblem: '整改弄虚作假',
        sourceTaskId: 'task-3',
        investigatingBody: '省纪委监委',
        referredOn: '2024-10-15',
        commandId: 'open-from-task-3',
      },
      office,
    );
    expect(again.case).toEqual(fromTask.case);
    expect(fromTask.case.id).toBe(`case-${fromTask.case.caseId}`);
    const created = await t.gql<{
      accountabilityCase: { linkedTaskIds: string[]; sourceTaskId: string };
    }>(
      `query { accountabilityCase(id: "${fromTask.case.id}") { linkedTaskIds sourceTaskId } }`,
      {},
      auditor,
    );
    expect(created.data!.accountabilityCase).toEqual({
      linkedTaskIds: ['task-3'],
      sourceTaskId: 'task-3',
    });
  });

  it('a discipline authority writes only the cases it investigates', async () => {
    const before = (await record('case1')).version;
    const refused = await mutate(
      'recordInvestigation',
      { caseId: 'case1', teams: 1, interviews: 1, findings: '越权补录' },
      cityDiscipline,
    );
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      investigatingBody: '省纪委监委',
    });
    expect((await record('case1')).version).toBe(before);
  });
});
