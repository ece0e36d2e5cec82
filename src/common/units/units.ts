import divisions from '../divisions/administrative-divisions.json';
import { BadInputError } from '../errors.js';
import { PROVINCIAL_UNITS } from './provincial-units.js';
import type { Unit } from './unit.js';

export { UNIT_KINDS, type Unit, type UnitKind } from './unit.js';

/**
 * The unit registry (单位名录): every organisation a task, an import or a token may name, with its
 * full name, the abbreviations lists use (省住建厅 is 江西省住房和城乡建设厅), its kind, the unit above
 * it and its region. Governments come from the shipped administrative divisions (every city and
 * county of the province); provincial departments, state-owned enterprises and the office from
 * provincial-units.ts. Static data in the kernel, like the divisions, so deciders stay pure.
 */

/** The province the registry serves (its divisions become city and county governments). */
export const PROVINCE = { code: '360000', name: '江西省' } as const;

const NAMES: Readonly<Record<string, string>> = divisions;

function governments(): Unit[] {
  const prefix = PROVINCE.code.slice(0, 2);
  const out: Unit[] = [];
  for (const [code, name] of Object.entries(NAMES)) {
    if (!code.startsWith(prefix) || code === PROVINCE.code || name === '市辖区') continue;
    const city = code.endsWith('00');
    const cityCode = `${code.slice(0, 4)}00`;
    const cityName = NAMES[cityCode] ?? '';
    const bare = name.replace(/(市|县|区)$/, '');
    const aliases = [`${name}政府`, name];
    if (city) aliases.push(bare);
    else aliases.push(`${cityName}${name}人民政府`, `${cityName}${name}`);
    out.push({
      code: `GOV-${code}`,
      name: `${name}人民政府`,
      aliases,
      kind: city ? 'CITY_GOVERNMENT' : 'COUNTY_GOVERNMENT',
      parent: city ? null : `GOV-${cityCode}`,
      regionCode: code,
    });
  }
  return out;
}

export const UNITS: readonly Unit[] = [...governments(), ...PROVINCIAL_UNITS];

const BY_CODE = new Map(UNITS.map((u) => [u.code, u]));

/** Names compare without spaces and brackets' notes (（牵头）), full- and half-width alike. */
const key = (text: string): string =>
  text
    .replace(/[（(【[][^）)】\]]*[）)】\]]/g, '')
    .replace(/\s/g, '')
    .trim();

/** Every name a unit answers to; a provincial `江西省X` also answers to `省X` and `X`. */
function namesOf(u: Unit): string[] {
  const names = [u.name, ...u.aliases];
  for (const n of [...names]) {
    if (n.startsWith(PROVINCE.name)) {
      const rest = n.slice(PROVINCE.name.length);
      names.push(`省${rest}`);
      if (u.kind !== 'CITY_GOVERNMENT' && u.kind !== 'COUNTY_GOVERNMENT') names.push(rest);
    }
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

/** The unit a name or alias means; undefined when none or when it could mean several. */
export function findUnit(text: string | null | undefined): Unit | undefined {
  if (!text) return undefined;
  const found = BY_NAME.get(key(text)) ?? BY_CODE.get(text.trim());
  const one = Array.isArray(found) ? (found.length === 1 ? found[0] : undefined) : found;
  return one;
}

/** Whether two names mean the same unit (or are the same text, for names not registered). */
export const sameUnit = (a: string | null | undefined, b: string | null | undefined): boolean => {
  if (!a || !b) return false;
  if (a === b) return true;
  const ua = findUnit(a);
  return ua !== undefined && ua === findUnit(b);
};

/** Registered names closest to an unknown one (most shared two-character runs), best first. */
export function suggestUnits(text: string, max = 3): string[] {
  const bare = (s: string) => key(s).replace(/^江西省|^省/, '');
  const grams = (s: string) => new Set([...s].slice(0, -1).map((c, i) => c + s[i + 1]));
  const want = grams(bare(text));
  if (!want.size) return [];
  const score = (name: string) => {
    const have = grams(bare(name));
    let shared = 0;
    for (const g of want) if (have.has(g)) shared++;
    return shared / want.size;
  };
  return UNITS.map((u) => ({
    name: u.name,
    score: Math.max(...[u.name, ...u.aliases].map(score)),
  }))
    .filter((x) => x.score >= 0.3)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((x) => x.name);
}

/** Why a name does not resolve, in both languages, naming the closest registered units. */
export function unknownUnitMessage(field: string, text: string): { zh: string; en: string } {
  const candidates = BY_NAME.get(key(text));
  if (candidates && candidates.length > 1) {
    const names = candidates.map((u) => u.name).join('、');
    return {
      zh: `${field}：“${text}”可指多个单位（${names}），请写全称`,
      en: `${field}: "${text}" could mean several units (${names}); give the full name`,
    };
  }
  const close = suggestUnits(text);
  return {
    zh: `${field}：“${text}”不在单位名录中${close.length ? `；相近的有：${close.join('、')}` : ''}`,
    en: `${field}: "${text}" is not in the unit registry${close.length ? `; closest: ${close.join(', ')}` : ''}`,
  };
}

/** The registered unit a name means, or BAD_USER_INPUT naming it and the closest names. */
export function resolveUnit(field: string, text: string): Unit {
  const unit = findUnit(text);
  if (unit) return unit;
  const { zh, en } = unknownUnitMessage(field, text);
  throw new BadInputError(zh, en, { field, unit: text });
}

/** The registered full name for a name or alias (BAD_USER_INPUT if unknown). */
export const unitName = (field: string, text: string): string => resolveUnit(field, text).name;

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
export function resolveUnitCell(text: string): UnitCell {
  const { parts, lead } = splitUnitCell(text);
  const units: (Unit | undefined)[] = parts.map((p) => findUnit(p));
  const unknown = parts
    .filter((_, i) => units[i] === undefined)
    .map((p) => ({ text: p, suggestions: suggestUnits(p) }));
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
 * a provincial department, an enterprise or another body, and every province-wide task, by the
 * responsible provincial department.
 */
export function signOffPathOf(lead: Unit | undefined, regionCode: string | null): SignOffPathKind {
  if (regionCode === PROVINCE.code) return 'DEPARTMENT';
  if (lead?.kind === 'CITY_GOVERNMENT') return 'CITY';
  if (lead?.kind === 'COUNTY_GOVERNMENT') return 'COUNTY';
  return 'DEPARTMENT';
}
