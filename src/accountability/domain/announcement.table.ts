import { BadInputError } from '../../common/errors.js';
import { oneOf, requiredText } from '../../common/validation.js';
import { RANKS, SANCTION_CATALOGUE, sanctionInfo, type Rank } from './case.catalogue.js';

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

const GROUPS_MAX = 20;
const LABEL_MAX = 40;
const WORDING_MAX = 200;
const GROUP_KEY = /^[A-Z][A-Z0-9_]{0,39}$/;

const PLACEHOLDERS: Record<keyof AnnouncementWording, string[]> = {
  paragraph: ['units', 'people', 'ranks', 'groups'],
  units: ['n'],
  rank: ['label', 'n'],
  rankSeparator: [],
  group: ['label', 'n'],
  groupSeparator: [],
  within: ['label', 'n'],
  none: [],
};

const bad = (field: string, zh: string, en: string, details: Record<string, unknown> = {}) =>
  new BadInputError(`${field}：${zh}`, `${field}: ${en}`, { field, ...details });

/** Input as it comes from GraphQL or an import: checked here, whole, before anything is written. */
export interface AnnouncementTableInput {
  name: unknown;
  groups: unknown;
  ranks: unknown;
  wording?: unknown;
}

const list = (field: string, value: unknown, max: number): unknown[] => {
  if (!Array.isArray(value)) throw bad(field, '须为列表', 'must be a list');
  if (value.length > max) throw bad(field, `最多 ${max} 项`, `at most ${max} items`);
  return value;
};

const record = (field: string, value: unknown): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad(field, '须为对象', 'must be an object');
  }
  return value as Record<string, unknown>;
};

/**
 * A table checked whole: keys unique and well formed; every kind in the catalogue, current (a pre-2020
 * kind follows its equivalent) and in at most one group; `includes` naming other groups that include
 * none themselves; every rank in exactly one line; wording with known placeholders only.
 */
export function announcementTable(input: AnnouncementTableInput): AnnouncementTable {
  const name = requiredText('name', input.name, 100);
  const rawGroups = list('groups', input.groups, GROUPS_MAX);
  if (!rawGroups.length) throw bad('groups', '至少一个分组', 'give at least one group');
  const seenKinds = new Map<string, string>();
  const groups = rawGroups.map((g, i): AnnouncementGroup => {
    const field = `groups[${i}]`;
    const raw = record(field, g);
    const key = raw.key;
    if (typeof key !== 'string' || !GROUP_KEY.test(key)) {
      throw bad(
        `${field}.key`,
        '须为大写字母、数字和下划线',
        'must be upper-case letters, digits, _',
      );
    }
    const kinds = list(`${field}.kinds`, raw.kinds, SANCTION_CATALOGUE.length).map((k) => {
      const kind = oneOf(
        `${field}.kinds`,
        k,
        SANCTION_CATALOGUE.map((s) => s.kind),
      );
      const countsAs = sanctionInfo(kind)?.countsAs;
      if (countsAs) {
        throw bad(
          `${field}.kinds`,
          `${kind} 随 ${countsAs} 计入，请列 ${countsAs}`,
          `${kind} is counted with ${countsAs}: list ${countsAs}`,
          { kind },
        );
      }
      const other = seenKinds.get(kind);
      if (other !== undefined) {
        throw bad(
          `${field}.kinds`,
          `${kind} 已在分组 ${other} 中，一种处理只能计入一个分组`,
          `${kind} is already in group ${other}; a kind counts in one group`,
          { kind },
        );
      }
      seenKinds.set(kind, key);
      return kind;
    });
    const includes =
      raw.includes == null ? [] : list(`${field}.includes`, raw.includes, GROUPS_MAX);
    return {
      key,
      label: requiredText(`${field}.label`, raw.label, LABEL_MAX),
      kinds,
      includes: includes.map((k) => String(k)),
    };
  });
  const keys = groups.map((g) => g.key);
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate) throw bad('groups', `分组 ${duplicate} 重复`, `group ${duplicate} given twice`);
  for (const g of groups) {
    for (const inc of g.includes) {
      const target = groups.find((x) => x.key === inc);
      if (!target || inc === g.key || target.includes.length) {
        throw bad(
          `groups.${g.key}.includes`,
          `${inc} 须为另一个本身不含其他分组的分组`,
          `${inc} must be another group that includes none itself`,
        );
      }
    }
  }
  const rawRanks = list('ranks', input.ranks, RANKS.length);
  const ranks = rawRanks.map((r, i): AnnouncementRankLine => {
    const raw = record(`ranks[${i}]`, r);
    return {
      label: requiredText(`ranks[${i}].label`, raw.label, LABEL_MAX),
      ranks: list(`ranks[${i}].ranks`, raw.ranks, RANKS.length).map((x) =>
        oneOf(`ranks[${i}].ranks`, x, RANKS),
      ),
    };
  });
  const placed = ranks.flatMap((l) => l.ranks);
  for (const rank of RANKS) {
    if (placed.filter((r) => r === rank).length !== 1) {
      throw bad(
        'ranks',
        `职级 ${rank} 须恰好在一行中，各行之和才等于总人数`,
        `rank ${rank} must be in exactly one line, so the lines add up to the total`,
        { rank },
      );
    }
  }
  return { name, groups, ranks, wording: wordingOf(input.wording) };
}

function wordingOf(input: unknown): AnnouncementWording {
  if (input == null) return DEFAULT_WORDING;
  const raw = record('wording', input);
  const wording = {} as Record<keyof AnnouncementWording, string>;
  for (const field of Object.keys(PLACEHOLDERS) as (keyof AnnouncementWording)[]) {
    const value = raw[field];
    if (typeof value !== 'string' || value.length > WORDING_MAX) {
      throw bad(
        `wording.${field}`,
        `须为文字，最多 ${WORDING_MAX} 字`,
        `text of at most ${WORDING_MAX}`,
      );
    }
    for (const m of value.matchAll(/\{([^}]*)\}/g)) {
      if (!PLACEHOLDERS[field].includes(m[1])) {
        throw bad(
          `wording.${field}`,
          `未知占位符 {${m[1]}}，可用：${PLACEHOLDERS[field].map((p) => `{${p}}`).join('') || '无'}`,
          `unknown placeholder {${m[1]}}; allowed: ${PLACEHOLDERS[field].join(', ') || 'none'}`,
        );
      }
    }
    wording[field] = value;
  }
  if (!wording.paragraph.includes('{people}')) {
    throw bad('wording.paragraph', '须含 {people}', 'must contain {people}');
  }
  return wording;
}

/** The kinds a group counts: its own and those of the groups it includes. */
export function kindsCountedIn(table: AnnouncementTable, group: AnnouncementGroup): Set<string> {
  const kinds = new Set(group.kinds);
  for (const key of group.includes) {
    for (const k of table.groups.find((g) => g.key === key)?.kinds ?? []) kinds.add(k);
  }
  return kinds;
}

/** The figures the paragraph is written from. */
export interface AnnouncementFigures {
  people: number;
  units: number;
  ranks: { label: string; people: number }[];
  groups: { key: string; label: string; people: number }[];
}

const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? String(values[key]) : whole,
  );

/**
 * The paragraph the disclosure team publishes, written from the figures with the table's wording: a
 * pure function of both, so a disclosure regenerates it byte for byte. A group counted inside
 * another (`includes`) is shown within it ("（含移送司法机关 4 人）") rather than on its own.
 */
export function announcementParagraph(table: AnnouncementTable, f: AnnouncementFigures): string {
  const w = table.wording;
  if (f.people === 0 && f.units === 0) return w.none;
  const within = new Set(table.groups.flatMap((g) => g.includes));
  const count = (key: string) => f.groups.find((g) => g.key === key)?.people ?? 0;
  const ranks = f.ranks
    .filter((r) => r.people > 0)
    .map((r) => fill(w.rank, { label: r.label, n: r.people }))
    .join(w.rankSeparator);
  const groups = table.groups
    .filter((g) => !within.has(g.key) && count(g.key) > 0)
    .map((g) => {
      const inner = g.includes
        .filter((key) => count(key) > 0)
        .map((key) => {
          const label = table.groups.find((x) => x.key === key)?.label ?? key;
          return fill(w.within, { label, n: count(key) });
        })
        .join('');
      return fill(w.group, { label: g.label, n: count(g.key) }) + inner;
    })
    .join(w.groupSeparator);
  return fill(w.paragraph, {
    units: f.units > 0 ? fill(w.units, { n: f.units }) : '',
    people: f.people,
    ranks,
    groups,
  });
}
