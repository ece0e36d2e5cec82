import type { Rank } from './case.catalogue.js';

/**
 * 公告口径: how a province counts the people held accountable into the groups its announcement
 * publishes ("给予党纪政务处分 51 人（含移送司法机关 4 人），诫勉 14 人，其他处理 24 人"). It is data,
 * never code paths: the default below, or a table recorded for an inspection (`setAnnouncementTable`,
 * stream `announcement-<inspectionId>`). A person counts once in every group one of their sanctions
 * in force falls in, and once in the total.
 */
export type AnnouncementGroup = {
  /** Upper-case key, e.g. `SANCTION`. */
  key: string;
  /** As the announcement prints it, e.g. 党纪政务处分 or 党政纪处分. */
  label: string;
  /** Kinds counted here. A pre-2020 kind (`countsAs`) counts where its equivalent does. */
  kinds: string[];
  /** Groups whose people this one counts too, shown within it: 移送司法机关 inside 党纪政务处分. */
  includes: string[];
};

/** One rank figure of the paragraph: 厅级干部, or 科级及以下 (SECTION and OTHER together). */
export type AnnouncementRankLine = {
  label: string;
  ranks: Rank[];
};

/**
 * The paragraph's wording. Placeholders: `paragraph` {units} {people} {ranks} {groups}; `units` {n};
 * `rank` and `group` {label} {n}; `within` {label} {n}. Lines and groups with nobody are left out.
 */
export type AnnouncementWording = {
  paragraph: string;
  units: string;
  rank: string;
  rankSeparator: string;
  group: string;
  groupSeparator: string;
  within: string;
  none: string;
};

export type AnnouncementTable = {
  name: string;
  groups: AnnouncementGroup[];
  ranks: AnnouncementRankLine[];
  wording: AnnouncementWording;
};

export const DEFAULT_WORDING: AnnouncementWording = {
  paragraph: '对{units}{people}名责任人进行问责，其中{ranks}；给予{groups}。',
  units: '{n}个单位、',
  rank: '{label}{n}人',
  rankSeparator: '、',
  group: '{label}{n}人',
  groupSeparator: '，',
  within: '（含{label}{n}人）',
  none: '暂无问责情况。',
};

/**
 * The default table: the groups announcements use since the 2020 law. 移送司法机关 is reported on
 * its own; a province that counts it inside 党纪政务处分 records a table whose SANCTION group
 * `includes` JUDICIAL.
 */
export const DEFAULT_ANNOUNCEMENT_TABLE: AnnouncementTable = {
  name: '默认口径',
  groups: [
    {
      key: 'SANCTION',
      label: '党纪政务处分',
      kinds: [
        'DISCIPLINARY',
        'PARTY_WARNING',
        'PARTY_SERIOUS_WARNING',
        'REMOVAL_FROM_PARTY_POSTS',
        'PARTY_PROBATION',
        'EXPULSION_FROM_PARTY',
        'GOV_WARNING',
        'DEMERIT',
        'MAJOR_DEMERIT',
        'DEMOTION',
        'REMOVAL_FROM_OFFICE',
        'DISMISSAL_FROM_PUBLIC_SERVICE',
      ],
      includes: [],
    },
    { key: 'ADMONISHMENT', label: '诫勉', kinds: ['ADMONISHMENT'], includes: [] },
    {
      key: 'ORGANISATIONAL',
      label: '组织处理',
      kinds: [
        'ORGANISATIONAL_HANDLING',
        'TRANSFER',
        'DISMISSAL',
        'SUSPENSION_FOR_INSPECTION',
        'RESIGNATION_TAKING_RESPONSIBILITY',
        'ORDERED_RESIGNATION',
        'POST_DEMOTION',
      ],
      includes: [],
    },
    {
      key: 'OTHER',
      label: '其他处理',
      kinds: [
        'CIRCULAR',
        'REMINDER_TALK',
        'CRITICISM_AND_EDUCATION',
        'ORDERED_SELF_EXAMINATION',
        'ORDERED_PUBLIC_APOLOGY',
      ],
      includes: [],
    },
    { key: 'JUDICIAL', label: '移送司法机关', kinds: ['JUDICIAL_REFERRAL'], includes: [] },
  ],
  ranks: [
    { label: '厅级', ranks: ['BUREAU'] },
    { label: '处级', ranks: ['DIVISION'] },
    { label: '科级及以下', ranks: ['SECTION'] },
    { label: '其他', ranks: ['OTHER'] },
  ],
  wording: DEFAULT_WORDING,
};

/** The kinds a group counts: its own and those of the groups it includes. */
export function kindsCountedIn(table: AnnouncementTable, group: AnnouncementGroup): Set<string> {
  const kinds = new Set(group.kinds);
  for (const key of group.includes) {
    for (const k of table.groups.find((g) => g.key === key)?.kinds ?? []) kinds.add(k);
  }
  return kinds;
}
