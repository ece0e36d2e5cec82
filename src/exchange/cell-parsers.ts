/**
 * How the cells of a real ledger are written, read into the values the task commands take. Each
 * parser returns a value or a problem in both languages; none throws.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; zh: string; en: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(zh: string, en: string): Parsed<T> => ({ ok: false, zh, en });

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function validDate(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > lastDay(y, m)) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** A date as ledgers write it: 2025-12-31, 2025/12/31, 2025年12月31日, 2025年12月底, 2025年底. */
export function parseDate(text: string): string | undefined {
  const t = text.replace(/\s/g, '').replace(/(前|以前|之前|完成)$/g, '');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (m) return validDate(+m[1], +m[2], +m[3]);
  m = /^(\d{4})[-/.年](\d{1,2})月?(底|末)?$/.exec(t);
  if (m) return validDate(+m[1], +m[2], lastDay(+m[1], +m[2]));
  m = /^(\d{4})年(底|末)?$/.exec(t);
  if (m) return `${m[1]}-12-31`;
  return undefined;
}

const LONG_TERM = /长期坚持|长期推进|持续推进|long[- ]?term/i;

/** 整改时限: a date, 长期坚持, or both (2025年底前完成，长期坚持). */
export function parseDeadline(
  text: string,
): Parsed<{ deadline: string | null; longTerm: boolean }> {
  const longTerm = LONG_TERM.test(text);
  const rest = text
    .replace(LONG_TERM, '')
    .replace(/^[，,；;、\s]+|[，,；;、\s]+$/g, '')
    .trim();
  if (!rest) {
    return longTerm ? ok({ deadline: null, longTerm }) : fail('不能为空', 'must not be empty');
  }
  const deadline = parseDate(rest);
  if (!deadline) {
    return fail(
      `“${text}” 不是可识别的日期（示例：2025-12-31、2025年12月底、长期坚持）`,
      `"${text}" is not a date we can read (e.g. 2025-12-31, 2025年12月底, 长期坚持)`,
    );
  }
  return ok({ deadline, longTerm });
}

/** 序号: a positive whole number (spreadsheets may hold 3 as 3.0). */
export function parseNumber(text: string): Parsed<number> {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    return fail(`“${text}” 不是正整数`, `"${text}" is not a positive whole number`);
  }
  return ok(n);
}

/** 责任领导 as exports write it, 姓名（职务）, or 姓名，职务. */
export function parseLeader(text: string): Parsed<{ name: string; position: string }> {
  const m =
    /^(.+?)\s*[（(]\s*(.+?)\s*[）)]$/.exec(text) ?? /^([^，,；;]+)[，,；;]\s*(.+)$/.exec(text);
  if (!m || !m[1].trim() || !m[2].trim()) {
    return fail(
      `“${text}” 应写作 姓名（职务），如 张三（副市长）`,
      `"${text}" should read name (position), e.g. 张三（副市长）`,
    );
  }
  return ok({ name: m[1].trim(), position: m[2].trim() });
}

const NONE = /^(无|—+|-+|\/|暂无|none)$/i;

/** 配合单位: separated by 、 ， ; or line breaks; 无 means none. */
export const parseUnits = (text: string): string[] =>
  NONE.test(text.trim())
    ? []
    : [
        ...new Set(
          text
            .split(/[、，,；;\n]+/)
            .map((u) => u.trim())
            .filter(Boolean),
        ),
      ];

/** 销号层级: 市级 / 省级 (销号), or CITY / PROVINCIAL. */
export function parseTier(text: string): Parsed<'CITY' | 'PROVINCIAL'> {
  const t = text.replace(/\s|销号|层级/g, '').toUpperCase();
  if (['市级', '市', 'CITY', '县级', '县'].includes(t)) return ok('CITY');
  if (['省级', '省', 'PROVINCIAL', 'PROVINCE'].includes(t)) return ok('PROVINCIAL');
  return fail(
    `“${text}” 应为 市级 或 省级`,
    `"${text}" should be 市级 (city) or 省级 (provincial)`,
  );
}

export const TIER_LABEL = {
  COUNTY: '县级',
  CITY: '市级',
  DEPARTMENT: '省直部门',
  PROVINCIAL: '省级',
} as const;

/** A sign-off path as a person reads it: who signs, in order, ending with the office. */
export const PATH_LABEL = {
  CITY: { zh: '市政府销号→省督察办销号', en: 'city, then the office' },
  COUNTY: { zh: '县政府→市政府→省督察办销号', en: 'county, city, then the office' },
  DEPARTMENT: { zh: '省直责任部门→省督察办销号', en: 'provincial department, then the office' },
} as const;

/** 地区 may carry its code: 南昌市（360100） or 360100 南昌市. */
export function splitRegion(text: string): { name: string; code?: string } {
  const m = /(\d{6}(?:\d{3})?)/.exec(text);
  if (!m) return { name: text.trim() };
  const name = text
    .replace(m[1], '')
    .replace(/[（()）\s]/g, '')
    .trim();
  return { name, code: m[1] };
}

/** When a ledger gives only the problem, its first clause (at most 60 characters) is the title. */
export function titleFromProblem(problem: string): string {
  const first = problem.split(/[。；;\n]/)[0].trim() || problem.trim();
  return first.length <= 60 ? first : `${first.slice(0, 59)}…`;
}
