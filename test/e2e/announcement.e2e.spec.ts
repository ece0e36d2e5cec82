import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  asGenerated,
  figuresOf,
  PROVINCE_A,
  PROVINCE_B,
  SENTENCE_A,
  SENTENCE_B,
} from '../support/announcement-tables.js';

/**
 * Issue 14: two published provincial announcements rebuilt from case records over the API, each with
 * its province's announcement table, and the paragraph the disclosure team publishes generated from
 * them, byte for byte reproducible as a disclosure.
 */
interface Planned {
  caseId: string;
  personId: string;
  rank: string;
  /** [kind, decided by the organisation department?, recorded late?] */
  sanctions: [kind: string, byOrganisationDepartment: boolean, late: boolean][];
  published: boolean;
}

const SUMMARY = `query($id: ID!, $asOf: DateTime) {
  accountabilitySummary(inspectionId: $id, asOf: $asOf) {
    people personTimes units casesReferred casesClosed announcement
    byGroup { key label people personTimes includes }
    byAnnouncementRank { label people }
    byCategory { category people }
    litigation { referred pending }
    announcementTable { name isDefault version }
  }
}`;

interface Summary {
  people: number;
  personTimes: number;
  units: number;
  casesReferred: number;
  casesClosed: number;
  announcement: string;
  byGroup: { key: string; label: string; people: number; personTimes: number }[];
  byAnnouncementRank: { label: string; people: number }[];
  byCategory: { category: string; people: number }[];
  litigation: { referred: number; pending: number };
  announcementTable: { name: string; isDefault: boolean; version: number };
}

const PER_CASE = 11;
const caseOf = (prefix: string, i: number) => `${prefix}${Math.floor(i / PER_CASE) + 1}`;

/** 甲省: 106 people; 66 with party or government sanctions (ten with both), 38 admonished, 6 moved. */
function planA(): Planned[] {
  const people: Planned[] = [];
  const sanctionKinds = ['PARTY_SERIOUS_WARNING', 'DEMERIT', 'EXPULSION_FROM_PARTY'];
  for (let i = 0; i < 106; i++) {
    const rank = i < 10 ? 'BUREAU' : i < 56 ? 'DIVISION' : i < 96 ? 'SECTION' : 'OTHER';
    const sanctions: Planned['sanctions'] = [];
    if (i < 10) sanctions.push(['PARTY_WARNING', false, false], ['GOV_WARNING', false, false]);
    else if (i === 10) sanctions.push(['ADMIN_DEMERIT', false, false]);
    else if (i < 66) sanctions.push([sanctionKinds[i % 3], false, false]);
    // Four of them also moved from their posts: in two groups, once in the total.
    if (i >= 62 && i < 66) sanctions.push([i % 2 ? 'DISMISSAL' : 'TRANSFER', true, false]);
    if (i >= 66 && i < 104) sanctions.push(['ADMONISHMENT', i % 2 === 0, false]);
    if (i >= 104) sanctions.push([i % 2 ? 'DISMISSAL' : 'TRANSFER', true, false]);
    people.push({ caseId: caseOf('A', i), personId: `a${i}`, rank, sanctions, published: false });
  }
  return people;
}

/**
 * 乙省: 89 people; 51 in 党纪政务处分 counting the 4 referred to the judiciary (2 of them also
 * expelled, 2 referred only, both recorded late), 14 admonished, 24 other handling.
 */
function planB(): Planned[] {
  const people: Planned[] = [];
  const sanctionKinds = ['PARTY_WARNING', 'MAJOR_DEMERIT', 'REMOVAL_FROM_PARTY_POSTS'];
  const otherKinds = [
    'CIRCULAR',
    'CRITICISM_AND_EDUCATION',
    'ORDERED_SELF_EXAMINATION',
    'REMINDER_TALK',
  ];
  for (let i = 0; i < 89; i++) {
    const rank =
      i < 4 ? 'SECTION' : i < 8 ? 'BUREAU' : i < 44 ? 'DIVISION' : i % 2 ? 'OTHER' : 'SECTION';
    const sanctions: Planned['sanctions'] = [];
    if (i < 2) sanctions.push(['PARTY_PROBATION', false, false]);
    if (i < 4) sanctions.push(['JUDICIAL_REFERRAL', false, true]);
    else if (i < 51) sanctions.push([sanctionKinds[i % 3], false, false]);
    else if (i < 65) sanctions.push(['ADMONISHMENT', false, false]);
    else sanctions.push([otherKinds[i % 4], false, false]);
    people.push({ caseId: caseOf('B', i), personId: `b${i}`, rank, sanctions, published: i < 3 });
  }
  return people;
}

describe('accountability as announcements count it (issue 14)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const A = planA();
  const B = planB();
  const EARLY = '2025-01-31T00:00:00.000Z';

  async function ok(name: string, input: Record<string, unknown>, who = 'discipline') {
    const type = name[0].toUpperCase() + name.slice(1) + 'Input';
    const res = await t.gql(
      `mutation($input: ${type}!) { ${name}(input: $input) { entry { type } } }`,
      { input },
      tokens[who],
    );
    expect([name, res.errors]).toEqual([name, undefined]);
  }
  const summary = async (id: string, asOf?: string) => {
    const res = await t.gql<{ accountabilitySummary: Summary }>(
      SUMMARY,
      { id, asOf },
      tokens.auditor,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.accountabilitySummary;
  };
  const tableInput = (inspectionId: string, table: typeof PROVINCE_A) => ({
    inspectionId,
    ...table,
    groups: table.groups.map((g) => ({ ...g })),
  });

  /** Opens the plan's cases and records its people, one case's commands in order, cases side by side. */
  async function record(inspectionId: string, plan: Planned[], late: boolean) {
    const byCase = new Map<string, Planned[]>();
    for (const p of plan) byCase.set(p.caseId, [...(byCase.get(p.caseId) ?? []), p]);
    await Promise.all(
      [...byCase].map(async ([caseId, people]) => {
        if (!late) {
          await ok(
            'openAccountabilityCase',
            {
              caseId,
              inspectionId,
              referenceNumber: `督移〔2025〕${caseId}号`,
              referredProblem: `${caseId} 号问题：自然保护区内违规开发，生态破坏严重。`,
              investigatingBody: '纪委监委',
              referredOn: '2025-01-05',
            },
            'office',
          );
          await ok('recordInvestigation', {
            caseId,
            teams: 1,
            interviews: 20,
            findings: '有关部门监管不力，履职不到位',
          });
        }
        for (const p of people) {
          if (!late) {
            await ok('addAccountablePerson', {
              caseId,
              personId: p.personId,
              name: `责任人${p.personId}`,
              positionAtTheTime: '时任某县自然资源局局长',
              rank: p.rank,
              organisationType: 'DEPARTMENT',
              responsibilityType: 'SUPERVISORY',
            });
          }
          for (const [n, [kind, byOrg, isLate]] of p.sanctions.entries()) {
            if (isLate !== late) continue;
            await ok(
              'recordSanction',
              {
                caseId,
                personId: p.personId,
                sanctionId: `${p.personId}-s${n}`,
                kind,
                decidingBody: byOrg ? '省委组织部' : '纪委监委',
                decidedOn: '2025-01-20',
                publishedOn: p.published ? '2025-02-20' : null,
              },
              byOrg ? 'organisation' : 'discipline',
            );
          }
        }
      }),
    );
  }

  beforeAll(async () => {
    t = await startTestApp({ now: '2025-01-10T00:00:00.000Z' });
    tokens.office = await t.token('INSPECTION_OFFICE', '省督察办');
    tokens.discipline = await t.token('DISCIPLINE_AUTHORITY', '纪委监委');
    tokens.organisation = await t.token('ORGANISATION_DEPARTMENT', '省委组织部');
    tokens.procuratorate = await t.token('PROCURATORATE', '省人民检察院');
    tokens.officer = await t.token('DISCLOSURE_OFFICER', '省政府新闻办');
    tokens.auditor = await t.token('AUDITOR', '省审计厅');

    await record('JIA', A, false);
    // One more decision, then withdrawn: on record, never counted.
    await ok('addAccountablePerson', {
      caseId: 'A1',
      personId: 'a-extra',
      name: '责任人a-extra',
      positionAtTheTime: '时任某乡镇党委书记',
      rank: 'DIVISION',
      organisationType: 'PARTY_COMMITTEE',
      responsibilityType: 'LEADERSHIP',
    });
    await ok('recordSanction', {
      caseId: 'A1',
      personId: 'a-extra',
      sanctionId: 'x1',
      kind: 'CIRCULAR',
      decidingBody: '纪委监委',
      decidedOn: '2025-01-20',
    });
    await ok(
      'withdrawSanction',
      { caseId: 'A1', personId: 'a-extra', sanctionId: 'x1', reason: '复查撤销' },
      'discipline',
    );
    // The suit runs on; the case closes.
    await ok(
      'recordPublicInterestLitigation',
      {
        caseId: 'A2',
        litigationId: 'L1',
        referredTo: '省人民检察院',
        description: '生态破坏公益诉讼',
        referredOn: '2025-01-25',
      },
      'procuratorate',
    );
    await ok('closeAccountabilityCase', { caseId: 'A2', summary: '问责到位' });
    await ok('setAnnouncementTable', tableInput('JIA', PROVINCE_A), 'officer');

    await record('YI', B, false);
    await ok('holdUnitAccountable', {
      caseId: 'B1',
      unitId: 'U1',
      name: '某县自然资源局',
      organisationType: 'DEPARTMENT',
      methods: ['CIRCULAR', 'SELF_EXAMINATION'],
      decidingBody: '纪委监委',
      decidedOn: '2025-01-22',
      publishedOn: '2025-02-20',
    });
    t.clock.set('2025-02-15T00:00:00.000Z');
    await record('YI', B, true);
    await ok('holdUnitAccountable', {
      caseId: 'B2',
      unitId: 'U2',
      name: '某县林业局党组',
      organisationType: 'PARTY_COMMITTEE',
      methods: ['INTERVIEW'],
      decidingBody: '纪委监委',
      decidedOn: '2025-02-10',
    });
    t.clock.set('2025-03-01T00:00:00.000Z');
    await ok('setAnnouncementTable', tableInput('YI', PROVINCE_B), 'officer');
    // About 450 writes, each answered after the read side has it: minutes on a loaded machine.
  }, 300_000);
  afterAll(() => t.close());

  it('甲省: rebuilds the published sentence exactly, people in two groups counted in each and once in the total', async () => {
    const s = await summary('JIA');
    expect(s.announcement).toBe(asGenerated(SENTENCE_A));
    expect(figuresOf(s.announcement)).toEqual(figuresOf(SENTENCE_A));
    expect(s.people).toBe(106);
    const group = Object.fromEntries(s.byGroup.map((g) => [g.key, g.people]));
    expect(group).toEqual({
      SANCTION: 66,
      ADMONISHMENT: 38,
      ORGANISATIONAL: 6,
      OTHER: 0,
      JUDICIAL: 0,
    });
    // 66 + 38 + 6 = 110 > 106: four people are in two groups.
    expect(group.SANCTION + group.ADMONISHMENT + group.ORGANISATIONAL - s.people).toBe(4);
    // Ten people hold both a party and a government sanction: counted in each scale, once here.
    const category = Object.fromEntries(s.byCategory.map((c) => [c.category, c.people]));
    expect(category.PARTY_DISCIPLINE + category.GOVERNMENT_SANCTION).toBe(66 + 10);
    expect(s.byGroup.find((g) => g.key === 'SANCTION')!.personTimes).toBe(66 + 10);
    expect(s.announcementTable).toMatchObject({ name: '甲省口径', isDefault: false, version: 1 });
    // The case closed while its suit runs on.
    expect(s).toMatchObject({ casesClosed: 1, litigation: { referred: 1, pending: 1 } });
  });

  it('乙省: units and judicial referrals inside 党纪政务处分, now and as of an earlier moment', async () => {
    const now = await summary('YI');
    expect(now.announcement).toBe(asGenerated(SENTENCE_B));
    expect(figuresOf(now.announcement)).toEqual(figuresOf(SENTENCE_B));
    expect(now).toMatchObject({ units: 2, people: 89 });
    expect(now.byGroup.find((g) => g.key === 'SANCTION')).toMatchObject({
      people: 51,
      includes: ['JUDICIAL'],
    });

    // At EARLY the referrals and the second unit were not recorded, nor the province's table.
    const early = await summary('YI', EARLY);
    expect(early.announcementTable).toMatchObject({ isDefault: true, version: 0 });
    const counted = B.filter((p) => p.sanctions.some(([, , late]) => !late));
    const ranked = (rank: string) => counted.filter((p) => p.rank === rank).length;
    expect(counted.length).toBe(87);
    expect(early.announcement).toBe(
      `对1个单位、87名责任人进行问责，其中厅级${ranked('BUREAU')}人、处级${ranked('DIVISION')}人、` +
        `科级及以下${ranked('SECTION')}人、其他${ranked('OTHER')}人；` +
        '给予党纪政务处分49人，诫勉14人，其他处理24人。',
    );
  });

  it('the announcement document: the paragraph and typical cases, byte for byte as a disclosure', async () => {
    const res = await t.gql<{
      publishDisclosure: {
        disclosure: { disclosureId: string; sha256: string; contentUrl: string };
      };
    }>(
      `mutation($input: PublishDisclosureInput!) { publishDisclosure(input: $input) {
         disclosure { disclosureId sha256 contentUrl } } }`,
      {
        input: {
          kind: 'ACCOUNTABILITY_ANNOUNCEMENT',
          channel: 'GOVERNMENT_WEBSITE',
          title: '乙省问责情况通报',
          format: 'MARKDOWN',
          inspectionId: 'YI',
        },
      },
      tokens.officer,
    );
    expect(res.errors).toBeUndefined();
    const d = res.data!.publishDisclosure.disclosure;
    const fetchContent = async () =>
      Buffer.from(
        await (
          await fetch(t.url.replace(/\/graphql$/, '') + d.contentUrl, {
            headers: { authorization: `Bearer ${tokens.officer}` },
          })
        ).arrayBuffer(),
      );
    const first = await fetchContent();
    const text = first.toString('utf8');
    expect(text).toContain(asGenerated(SENTENCE_B));
    expect(text).toContain('## 典型案例通报 / Typical cases');
    expect(text).toContain(
      '| 1. B1 号问题：自然保护区内违规开发，生态破坏严重（督移〔2025〕B1号）。经查，有关部门监管不力，履职不到位。' +
        '对某县自然资源局予以通报、责令检查；时任某县自然资源局局长责任人b0受到留党察看，被移送司法机关；' +
        '时任某县自然资源局局长责任人b1受到留党察看，被移送司法机关；时任某县自然资源局局长责任人b2被移送司法机关。 |',
    );
    // Not yet published: the second unit and everyone else stay out of the typical cases.
    expect(text).not.toContain('某县林业局党组');
    expect(text).not.toContain('责任人b3');

    // Later records change neither the regenerated bytes nor the hash.
    t.clock.set('2025-03-10T00:00:00.000Z');
    await ok(
      'withdrawUnitAccountability',
      { caseId: 'B1', unitId: 'U1', reason: '复查撤销' },
      'discipline',
    );
    const verified = await t.gql<{ verifyDisclosure: { ok: boolean; regeneratedSha256: string } }>(
      'query($id: ID!) { verifyDisclosure(id: $id) { ok regeneratedSha256 } }',
      { id: d.disclosureId },
      tokens.auditor,
    );
    expect(verified.data!.verifyDisclosure).toEqual({ ok: true, regeneratedSha256: d.sha256 });
    expect((await fetchContent()).equals(first)).toBe(true);
    expect((await summary('YI')).units).toBe(1);
    const units = await t.gql<{ accountabilityCase: { units: Record<string, unknown>[] } }>(
      '{ accountabilityCase(id: "B1") { units { unitId name organisationType methods status withdrawal { reason } } } }',
      {},
      tokens.auditor,
    );
    expect(units.data!.accountabilityCase.units).toEqual([
      {
        unitId: 'U1',
        name: '某县自然资源局',
        organisationType: 'DEPARTMENT',
        methods: ['CIRCULAR', 'SELF_EXAMINATION'],
        status: 'WITHDRAWN',
        withdrawal: { reason: '复查撤销' },
      },
    ]);
  });

  it('a province’s table is refused whole when it is wrong, and replacing one needs a reason', async () => {
    const bad = await t.gql(
      `mutation($input: SetAnnouncementTableInput!) { setAnnouncementTable(input: $input) { table { name } } }`,
      {
        input: {
          ...tableInput('YI', PROVINCE_B),
          ranks: [{ label: '全部', ranks: ['BUREAU', 'DIVISION', 'SECTION'] }],
        },
      },
      tokens.officer,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const noReason = await t.gql(
      `mutation($input: SetAnnouncementTableInput!) { setAnnouncementTable(input: $input) { table { name } } }`,
      { input: { ...tableInput('YI', PROVINCE_A) } },
      tokens.officer,
    );
    expect(noReason.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    const byAuditor = await t.gql(
      `mutation($input: SetAnnouncementTableInput!) { setAnnouncementTable(input: $input) { table { name } } }`,
      { input: { ...tableInput('NEW', PROVINCE_A) } },
      tokens.auditor,
    );
    expect(byAuditor.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const table = await t.gql<{ announcementTable: { name: string; version: number } }>(
      '{ announcementTable(inspectionId: "YI") { name version } }',
      {},
      tokens.auditor,
    );
    expect(table.data!.announcementTable).toEqual({ name: '乙省口径', version: 1 });
  });
});
