import divisions from '../divisions/administrative-divisions.json';
import { BadInputError } from '../errors.js';
import { PROVINCIAL_UNITS } from './provincial-units.js';
import type { Unit } from './unit.js';
import {
  provinceDepartments,
  provinceNaming,
  type ProvinceNaming,
} from './national-departments.js';

export { UNIT_KINDS, type Unit, type UnitKind } from './unit.js';

/**
 * The unit registry (单位名录): every organisation a task, an import or a token may name, with its
 * full name, the abbreviations lists use (省住建厅 is 江西省住房和城乡建设厅), its kind, the unit above
 * it and its region. It serves every province: the governments of all 31 provincial-level divisions,
 * their cities and counties come from the shipped administrative divisions; Jiangxi's departments,
 * state-owned enterprises and office from provincial-units.ts, every other province's departments
 * from the standard table (national-departments.ts). Static data in the kernel, like the divisions,
 * so deciders stay pure.
 *
 * Abbreviations (省住建厅, 生态环境厅) mean a different unit in each province: a name is read in a
 * province (`scope`, any code of it). A name that only one unit in the country answers to resolves
 * anywhere; one that several do resolves to the scope province's, if that is exactly one.
 */

/** The province the registry first served, and in which a name read without a province is read. */
export const PROVINCE = { code: '360000', name: '江西省' } as const;

const NAMES: Readonly<Record<string, string>> = divisions;

/** Divisions the list carries that are groupings, not governments (市辖区, 省直辖县级行政区划). */
const NOT_A_GOVERNMENT = /^(市辖区|县)$|直辖县级行政区划$/;

/** The 31 provincial-level divisions with how their names abbreviate. */
export const PROVINCES: readonly ProvinceNaming[] = Object.entries(NAMES)
  .filter(([code]) => code.endsWith('0000'))
  .map(([code, name]) => provinceNaming(code, name));

const PROVINCE_BY_PREFIX = new Map(PROVINCES.map((p) => [p.code.slice(0, 2), p]));

/** The province a code (of the province, a city or a county) lies in. */
export const provinceOf = (code: string | null | undefined): ProvinceNaming | undefined =>
  code ? PROVINCE_BY_PREFIX.get(code.slice(0, 2)) : undefined;

function governments(): Unit[] {
  const out: Unit[] = [];
  for (const [code, name] of Object.entries(NAMES)) {
    if (NOT_A_GOVERNMENT.test(name)) continue;
    const province = provinceOf(code);
    if (!province) continue;
    if (code === province.code) {
      out.push({
        code: `GOV-${code}`,
        name: `${name}人民政府`,
        aliases: [`${name}政府`, name],
        kind: 'PROVINCIAL_GOVERNMENT',
        parent: null,
        regionCode: code,
      });
      continue;
    }
    const city = code.endsWith('00');
    const cityCode = `${code.slice(0, 4)}00`;
    // A municipality's districts and a province's directly administered counties answer to the province.
    const cityName = NAMES[cityCode];
    const cityIsGovernment = cityName !== undefined && !NOT_A_GOVERNMENT.test(cityName);
    // A city without districts is listed again as its own county (嘉峪关市): one government.
    if (!city && cityIsGovernment && name === cityName) continue;
    const above = cityIsGovernment ? cityName : province.name;
    const bare = name.replace(/(市|县|区)$/, '');
    const aliases = [`${name}政府`, name];
    if (city) aliases.push(bare);
    else aliases.push(`${above}${name}人民政府`, `${above}${name}`);
    out.push({
      code: `GOV-${code}`,
      name: `${name}人民政府`,
      aliases,
      kind: city ? 'CITY_GOVERNMENT' : 'COUNTY_GOVERNMENT',
      parent: city ? null : `GOV-${cityIsGovernment ? cityCode : province.code}`,
      regionCode: code,
    });
  }
  return out;
}

export const UNITS: readonly Unit[] = [
  ...governments(),
  ...PROVINCIAL_UNITS,
  ...PROVINCES.filter((p) => p.code !== PROVINCE.code).flatMap(provinceDepartments),
];

const BY_CODE = new Map(UNITS.map((u) => [u.code, u]));

/** Names compare without spaces and brackets' notes (（牵头）), full- and half-width alike. */
const key = (text: string): string =>
  text
    .replace(/[（(【[][^）)】\]]*[）)】\]]/g, '')
    .replace(/\s/g, '')
    .trim();

/**
 * Every name a unit answers to; a provincial `江西省X` also answers to `省X` (`自治区X`/`区X` in an
 * autonomous region, `市X` in a municipality) and, unless it is a government, to `X`.
 */
function namesOf(u: Unit): string[] {
  const names = [u.name, ...u.aliases];
  const province = provinceOf(u.regionCode);
  for (const n of [...names]) {
    if (!province || !n.startsWith(province.name) || n === province.name) continue;
    const rest = n.slice(province.name.length);
    for (const prefix of province.prefixes) names.push(`${prefix}${rest}`);
    if (!u.kind.endsWith('_GOVERNMENT')) names.push(rest);
  }
  return names.map(key);
}

const BY_NAME = new Map<string, Unit[]>();
for (const u of UNITS) {
  for (const n of new Set(namesOf(u))) {
    const held = BY_NAME.get(n) ?? [];
    if (!held.includes(u)) BY_NAME.set(n, [...held, u]);
  }
}

export const unitByCode = (code: string): Unit | undefined => BY_CODE.get(code);

const inProvince = (u: Unit, scope: string): boolean =>
  u.regionCode.slice(0, 2) === scope.slice(0, 2);

/** Every unit a name or code could mean, in the whole country. */
function candidates(text: string): readonly Unit[] {
  const named = BY_NAME.get(key(text));
  if (named) return named;
  const coded = BY_CODE.get(text.trim());
  return coded ? [coded] : [];
}

/**
 * The unit a name or alias means, read in the province of `scope` (a region code; Jiangxi when not
 * given): undefined when none, or when it could mean several there.
 */
export function findUnit(
  text: string | null | undefined,
  scope: string | null = PROVINCE.code,
): Unit | undefined {
  if (!text) return undefined;
  const all = candidates(text);
  if (all.length === 1) return all[0];
  const local = all.filter((u) => inProvince(u, scope || PROVINCE.code));
  return local.length === 1 ? local[0] : undefined;
}

/** Whether two names mean the same unit in a province (or are the same text, for names not registered). */
export const sameUnit = (
  a: string | null | undefined,
  b: string | null | undefined,
  scope: string | null = PROVINCE.code,
): boolean => {
  if (!a || !b) return false;
  if (a === b) return true;
  const ua = findUnit(a, scope);
  return ua !== undefined && ua === findUnit(b, scope);
};

/** Registered names of the province closest to an unknown one (most shared two-character runs), best first. */
export function suggestUnits(
  text: string,
  max = 3,
  scope: string | null = PROVINCE.code,
): string[] {
  const province = provinceOf(scope) ?? provinceOf(PROVINCE.code)!;
  const bare = (s: string) => {
    const k = key(s);
    return k.startsWith(province.name) ? k.slice(province.name.length) : k.replace(/^省/, '');
  };
  const grams = (s: string) => new Set([...s].slice(0, -1).map((c, i) => c + s[i + 1]));
  const want = grams(bare(text));
  if (!want.size) return [];
  const score = (name: string) => {
    const have = grams(bare(name));
    let shared = 0;
    for (const g of want) if (have.has(g)) shared++;
    return shared / want.size;
  };
  return UNITS.filter((u) => inProvince(u, province.code))
    .map((u) => ({
      name: u.name,
      score: Math.max(...[u.name, ...u.aliases].map(score)),
    }))
    .filter((x) => x.score >= 0.3)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((x) => x.name);
}

/** Why a name does not resolve, in both languages, naming the closest registered units. */
export function unknownUnitMessage(
  field: string,
  text: string,
  scope: string | null = PROVINCE.code,
): { zh: string; en: string } {
  const all = candidates(text);
  const local = all.filter((u) => inProvince(u, scope || PROVINCE.code));
  const several = local.length > 1 ? local : all;
  if (several.length > 1) {
    const names = several.map((u) => u.name).join('、');
    return {
      zh: `${field}：“${text}”可指多个单位（${names}），请写全称`,
      en: `${field}: "${text}" could mean several units (${names}); give the full name`,
    };
  }
  const close = suggestUnits(text, 3, scope);
  return {
    zh: `${field}：“${text}”不在单位名录中${close.length ? `；相近的有：${close.join('、')}` : ''}`,
    en: `${field}: "${text}" is not in the unit registry${close.length ? `; closest: ${close.join(', ')}` : ''}`,
  };
}

/** The registered unit a name means, or BAD_USER_INPUT naming it and the closest names. */
export function resolveUnit(
  field: string,
  text: string,
  scope: string | null = PROVINCE.code,
): Unit {
  const unit = findUnit(text, scope);
  if (unit) return unit;
  const { zh, en } = unknownUnitMessage(field, text, scope);
  throw new BadInputError(zh, en, { field, unit: text });
}

/** The registered full name for a name or alias (BAD_USER_INPUT if unknown). */
export const unitName = (
  field: string,
  text: string,
  scope: string | null = PROVINCE.code,
): string => resolveUnit(field, text, scope).name;

const NONE = /^(无|—+|-+|\/|暂无|none)$/i;
const LEAD_NOTE = /[（(]\s*牵头\s*[）)]/;

/**
 * A cell naming units, as lists write it: “九江市、上饶市人民政府，省水利厅”, separated by 、，,；; or line
 * breaks, 无 meaning none. The unit marked （牵头） leads, otherwise the first; the rest support.
 */
export function splitUnitCell(text: string): { readonly parts: string[]; readonly lead: number } {
  if (NONE.test(text.trim())) return { parts: [], lead: -1 };
  const raw = text
    .split(/[、，,；;\n]+/)
    .map((u) => u.trim().replace(/等$/, ''))
    .filter(Boolean);
  const marked = raw.findIndex((p) => LEAD_NOTE.test(p));
  return { parts: raw.map((p) => p.replace(LEAD_NOTE, '').trim()), lead: marked >= 0 ? marked : 0 };
}

export interface UnitCell {
  readonly lead: Unit | undefined;
  readonly supporting: readonly Unit[];
  readonly unknown: readonly { readonly text: string; readonly suggestions: string[] }[];
}

/** Resolves a cell of units: its lead, the rest as supporting units (once each), and what is unknown. */
export function resolveUnitCell(text: string, scope: string | null = PROVINCE.code): UnitCell {
  const { parts, lead } = splitUnitCell(text);
  const units: (Unit | undefined)[] = parts.map((p) => findUnit(p, scope));
  const unknown = parts
    .filter((_, i) => units[i] === undefined)
    .map((p) => ({ text: p, suggestions: suggestUnits(p, 3, scope) }));
  const leadUnit = units[lead];
  const supporting = [...new Set(units.filter((u, i): u is Unit => !!u && i !== lead))].filter(
    (u) => u !== leadUnit,
  );
  return { lead: leadUnit, supporting, unknown };
}

/** Who signs a task off before the office's final 销号, by who leads it (分级销号). */
export type SignOffPathKind = 'CITY' | 'COUNTY' | 'DEPARTMENT';

/**
 * City-led tasks are signed off by the city; county-led by the county, then its city; tasks led by
 * a provincial department, a provincial government, an enterprise or another body, and every
 * province-wide task, by the responsible provincial department.
 */
export function signOffPathOf(lead: Unit | undefined, regionCode: string | null): SignOffPathKind {
  if (regionCode && provinceOf(regionCode)?.code === regionCode) return 'DEPARTMENT';
  if (lead?.kind === 'CITY_GOVERNMENT') return 'CITY';
  if (lead?.kind === 'COUNTY_GOVERNMENT') return 'COUNTY';
  return 'DEPARTMENT';
}
