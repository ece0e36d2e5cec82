import { announcementTable } from '../../src/accountability/domain/announcement.check.js';
import {
  DEFAULT_ANNOUNCEMENT_TABLE,
  type AnnouncementTable,
} from '../../src/accountability/domain/announcement.table.js';
import { caseDecider } from '../../src/accountability/domain/case.decider.js';
import type { CaseEvent } from '../../src/accountability/domain/case.events.js';
import { summariseCases } from '../../src/accountability/domain/case.summary.js';
import { fold } from '../../src/common/decider.js';
import { TaizhangError } from '../../src/common/errors.js';
import { PROVINCE_B } from '../support/announcement-tables.js';
import { AT, opened, personAdded, sanctionTerms } from './case.fixtures.js';

const sanction = (personId: string, sanctionId: string, kind: string): CaseEvent => ({
  type: 'SanctionRecorded',
  // Category and severity as an old event might hold them: the fold takes them from the catalogue.
  data: { ...sanctionTerms, kind, personId, sanctionId, at: AT },
});
const withdraw = (personId: string, sanctionId: string): CaseEvent => ({
  type: 'SanctionWithdrawn',
  data: { personId, sanctionId, reason: '复查撤销', at: AT },
});
const correct = (personId: string, sanctionId: string, kind: string): CaseEvent => ({
  type: 'SanctionCorrected',
  data: { ...sanctionTerms, kind, personId, sanctionId, reason: '复议变更', at: AT },
});

const caseOf = (...events: CaseEvent[]) => fold(caseDecider, [opened, ...events]);
const groups = (events: CaseEvent[], table: AnnouncementTable = DEFAULT_ANNOUNCEMENT_TABLE) => {
  const s = summariseCases([caseOf(...events)], table);
  return {
    people: s.people,
    ...Object.fromEntries(s.byGroup.map((g) => [g.key, g.people])),
  };
};

describe('announcement groups', () => {
  it('a person with party discipline and a government sanction counts once in 党纪政务处分 and once in the total', () => {
    const s = summariseCases([
      caseOf(
        personAdded('p1'),
        sanction('p1', 's1', 'PARTY_SERIOUS_WARNING'),
        sanction('p1', 's2', 'DEMERIT'),
      ),
    ]);
    expect(s.people).toBe(1);
    expect(s.byGroup.find((g) => g.key === 'SANCTION')).toMatchObject({
      people: 1,
      personTimes: 2,
    });
    // The categories still count each scale on its own (their sum overstates 党纪政务处分).
    expect(s.byCategory.filter((c) => c.people > 0).map((c) => c.category)).toEqual([
      'PARTY_DISCIPLINE',
      'GOVERNMENT_SANCTION',
    ]);
    expect(s.announcement).toBe('对1名责任人进行问责，其中处级1人；给予党纪政务处分1人。');
  });

  it('a person in two groups counts in each and once in the total', () => {
    expect(
      groups([
        personAdded('p1'),
        sanction('p1', 's1', 'PARTY_WARNING'),
        sanction('p1', 's2', 'DISMISSAL'),
      ]),
    ).toEqual({
      people: 1,
      SANCTION: 1,
      ADMONISHMENT: 0,
      ORGANISATIONAL: 1,
      OTHER: 0,
      JUDICIAL: 0,
    });
  });

  it('a withdrawal moves exactly the group of the sanction withdrawn, and the total only when none is left', () => {
    const before = [
      personAdded('p1'),
      sanction('p1', 's1', 'PARTY_WARNING'),
      sanction('p1', 's2', 'ADMONISHMENT'),
    ];
    expect(groups(before)).toMatchObject({ people: 1, SANCTION: 1, ADMONISHMENT: 1 });
    expect(groups([...before, withdraw('p1', 's2')])).toEqual({
      people: 1,
      SANCTION: 1,
      ADMONISHMENT: 0,
      ORGANISATIONAL: 0,
      OTHER: 0,
      JUDICIAL: 0,
    });
    expect(groups([...before, withdraw('p1', 's2'), withdraw('p1', 's1')])).toEqual({
      people: 0,
      SANCTION: 0,
      ADMONISHMENT: 0,
      ORGANISATIONAL: 0,
      OTHER: 0,
      JUDICIAL: 0,
    });
  });

  it('a correction moves the person from the old kind’s group to the new one’s, and nothing else', () => {
    const before = [
      personAdded('p1'),
      personAdded('p2', '李某'),
      sanction('p1', 's1', 'CIRCULAR'),
      sanction('p2', 's2', 'CIRCULAR'),
    ];
    expect(groups(before)).toMatchObject({ people: 2, OTHER: 2, ORGANISATIONAL: 0 });
    expect(groups([...before, correct('p1', 's1', 'TRANSFER')])).toEqual({
      people: 2,
      SANCTION: 0,
      ADMONISHMENT: 0,
      ORGANISATIONAL: 1,
      OTHER: 1,
      JUDICIAL: 0,
    });
  });

  it('移送司法机关 on its own by default, inside 党纪政务处分 where the province’s table says so', () => {
    const events = [
      personAdded('p1'),
      personAdded('p2', '李某'),
      sanction('p1', 's1', 'JUDICIAL_REFERRAL'),
      sanction('p2', 's2', 'EXPULSION_FROM_PARTY'),
      sanction('p2', 's3', 'JUDICIAL_REFERRAL'),
    ];
    expect(groups(events)).toMatchObject({ people: 2, SANCTION: 1, JUDICIAL: 2 });
    expect(groups(events, PROVINCE_B)).toMatchObject({ people: 2, SANCTION: 2, JUDICIAL: 2 });
    expect(summariseCases([caseOf(...events)]).announcement).toBe(
      '对2名责任人进行问责，其中处级2人；给予党纪政务处分1人，移送司法机关2人。',
    );
    expect(summariseCases([caseOf(...events)], PROVINCE_B).announcement).toBe(
      '对2名责任人进行问责，其中处级2人；给予党纪政务处分2人（含移送司法机关2人）。',
    );
  });

  it('a decision made before 2020 (行政记过) is named as made and counted with 记过', () => {
    const s = summariseCases([caseOf(personAdded('p1'), sanction('p1', 's1', 'ADMIN_DEMERIT'))]);
    expect(s.byGroup.find((g) => g.key === 'SANCTION')?.people).toBe(1);
    expect(s.bySanctionKind.find((k) => k.kind === 'ADMIN_DEMERIT')).toMatchObject({ people: 1 });
    expect(s.byCategory.find((c) => c.category === 'GOVERNMENT_SANCTION')?.people).toBe(1);
    expect(s.ungrouped).toEqual({ people: 0, personTimes: 0 });
  });

  it('units held accountable count beside people, and a withdrawn one does not', () => {
    const unit = (unitId: string, name: string): CaseEvent => ({
      type: 'UnitHeldAccountable',
      data: {
        unitId,
        name,
        organisationType: 'DEPARTMENT',
        methods: ['CIRCULAR'],
        decidingBody: '市纪委监委',
        decidedOn: '2024-09-22',
        publishedOn: null,
        publishedIn: null,
        note: null,
        at: AT,
      },
    });
    const events = [
      unit('u1', '某县林业局'),
      unit('u2', '某县水利局'),
      personAdded('p1'),
      sanction('p1', 's1', 'ADMONISHMENT'),
    ];
    const s = summariseCases([caseOf(...events)]);
    expect(s).toMatchObject({ units: 2, unitsWithdrawn: 0 });
    expect(s.byUnitMethod.find((m) => m.method === 'CIRCULAR')?.units).toBe(2);
    expect(s.announcement).toBe('对2个单位、1名责任人进行问责，其中处级1人；给予诫勉1人。');
    const after = summariseCases([
      caseOf(...events, {
        type: 'UnitAccountabilityWithdrawn',
        data: { unitId: 'u2', reason: '复查撤销', at: AT },
      }),
    ]);
    expect(after).toMatchObject({ units: 1, unitsWithdrawn: 1 });
  });

  it('says so when nobody is counted', () => {
    expect(summariseCases([caseOf()]).announcement).toBe('暂无问责情况。');
  });
});

describe('a province’s table is checked whole', () => {
  const base = {
    name: '测试口径',
    groups: DEFAULT_ANNOUNCEMENT_TABLE.groups,
    ranks: DEFAULT_ANNOUNCEMENT_TABLE.ranks,
  };
  const refused = (input: Record<string, unknown>, field: RegExp) => {
    let error: unknown;
    try {
      announcementTable({ ...base, ...input });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaizhangError);
    expect((error as TaizhangError).code).toBe('BAD_USER_INPUT');
    expect((error as TaizhangError).message).toMatch(field);
  };

  it('takes the default groups and the two provinces’ tables', () => {
    expect(announcementTable(base)).toEqual({ ...DEFAULT_ANNOUNCEMENT_TABLE, name: '测试口径' });
    expect(announcementTable(PROVINCE_B)).toEqual(PROVINCE_B);
  });

  it('refuses a kind in two groups, a pre-2020 kind, an unknown kind, a bad key, a bad include', () => {
    const [first, second] = DEFAULT_ANNOUNCEMENT_TABLE.groups;
    refused(
      { groups: [first, { ...second, kinds: ['PARTY_WARNING'] }] },
      /PARTY_WARNING.*SANCTION/,
    );
    refused({ groups: [{ ...first, kinds: ['ADMIN_DEMERIT'] }] }, /DEMERIT/);
    refused({ groups: [{ ...first, kinds: ['BANISHMENT'] }] }, /kinds/);
    refused({ groups: [{ ...first, key: 'sanction' }] }, /key/);
    refused({ groups: [first, { ...first, kinds: [] }] }, /SANCTION/);
    refused({ groups: [{ ...first, includes: ['SANCTION'] }] }, /includes/);
    refused({ groups: [{ ...first, includes: ['NOWHERE'] }] }, /includes/);
    refused({ groups: [] }, /groups/);
  });

  it('refuses ranks that do not add up to the total, and unknown placeholders', () => {
    refused({ ranks: [{ label: '厅级', ranks: ['BUREAU'] }] }, /DIVISION/);
    refused(
      {
        ranks: [
          { label: '厅级', ranks: ['BUREAU'] },
          { label: '处级', ranks: ['DIVISION', 'BUREAU'] },
          { label: '科级及以下', ranks: ['SECTION', 'OTHER'] },
        ],
      },
      /BUREAU/,
    );
    const wording = { ...DEFAULT_ANNOUNCEMENT_TABLE.wording, group: '{label}{count}人' };
    refused({ wording }, /\{count\}/);
    refused(
      { wording: { ...DEFAULT_ANNOUNCEMENT_TABLE.wording, paragraph: '问责{groups}' } },
      /people/,
    );
  });
});
