import { BadInputError } from '../../common/errors.js';
import { oneOf, requiredText } from '../../common/validation.js';
import {
  DEFAULT_WORDING,
  type AnnouncementGroup,
  type AnnouncementRankLine,
  type AnnouncementTable,
  type AnnouncementWording,
} from './announcement.table.js';
import { RANKS, SANCTION_CATALOGUE, sanctionInfo } from './case.catalogue.js';

/** What a province may enter as its announcement table, checked whole before anything is written. */
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
