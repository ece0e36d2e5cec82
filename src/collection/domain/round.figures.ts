import { BadInputError } from '../../common/errors.js';
import { integerIn } from '../../common/validation.js';

/**
 * The figures a round's report gives the central office (调度情况), counted from the task records at
 * one ledger position. Every listed task of the inspection counts once in `total` and in exactly one
 * of done, onSchedule, behind and notAssigned; `due` and the planned years cut across them.
 */
export type PlannedYearFigures = {
  /** The year of the task's deadline (Beijing time): its planned completion year. */
  year: number;
  planned: number;
  done: number;
};

export type CollectionFigures = {
  total: number;
  /** Signed off, or done and continuing long-term (已完成 / 已完成长期坚持). */
  done: number;
  /** Deadline passed by the report's time (到期应完成). */
  due: number;
  /** Of those, done (到期已完成). */
  dueAndDone: number;
  /** Not done, assigned, deadline not passed and not last reported behind (达到序时进度). */
  onSchedule: number;
  /** Not done, and past its deadline or last reported behind (滞后). */
  behind: number;
  /** Listed but not yet assigned to a unit. */
  notAssigned: number;
  /** Marked long-term (长期坚持), and of those the ones counted done. */
  longTerm: number;
  longTermDone: number;
  /** By planned completion year, ascending; tasks with no deadline are only in longTerm. */
  byYear: PlannedYearFigures[];
};

const MAX = 10_000_000;
const n = (field: string, value: unknown) => integerIn(`figures.${field}`, value, 0, MAX);

const inconsistent = (zh: string, en: string): never => {
  throw new BadInputError(`figures：${zh}`, `figures: ${en}`, { field: 'figures' });
};

/** Checks the figures' shape and that they add up; returns them as plain JSON. */
export function validFigures(value: CollectionFigures): CollectionFigures {
  if (typeof value !== 'object' || value === null || !Array.isArray(value.byYear)) {
    inconsistent('缺少统计数据', 'missing');
  }
  const f: CollectionFigures = {
    total: n('total', value.total),
    done: n('done', value.done),
    due: n('due', value.due),
    dueAndDone: n('dueAndDone', value.dueAndDone),
    onSchedule: n('onSchedule', value.onSchedule),
    behind: n('behind', value.behind),
    notAssigned: n('notAssigned', value.notAssigned),
    longTerm: n('longTerm', value.longTerm),
    longTermDone: n('longTermDone', value.longTermDone),
    byYear: value.byYear.map((y) => ({
      year: integerIn('figures.byYear.year', y?.year, 1900, 9999),
      planned: n('byYear.planned', y?.planned),
      done: n('byYear.done', y?.done),
    })),
  };
  if (f.done + f.onSchedule + f.behind + f.notAssigned !== f.total) {
    inconsistent(
      '已完成、序时推进、滞后与未交办之和应等于总数',
      'done, on schedule, behind and not assigned must add up to the total',
    );
  }
  if (f.dueAndDone > f.due || f.due > f.total || f.longTermDone > f.longTerm) {
    inconsistent('分项不能多于总项', 'a part exceeds its whole');
  }
  f.byYear.forEach((y, i) => {
    if (y.done > y.planned)
      inconsistent(`${y.year} 年完成数多于计划数`, `${y.year}: done > planned`);
    if (i > 0 && y.year <= f.byYear[i - 1].year) {
      inconsistent('年度须按升序且不重复', 'years must ascend without repeats');
    }
  });
  return f;
}

/** A year's sentence: past and current years say how many are done; later ones, how many early. */
const yearZh = (y: PlannedYearFigures, reportYear: number): string => {
  const head = `计划 ${y.year} 年完成的 ${y.planned} 个问题`;
  if (y.year <= reportYear) {
    return y.done === y.planned ? `${head}已全部完成` : `${head}已完成 ${y.done} 个`;
  }
  return y.done > 0 ? `${head}已提前完成 ${y.done} 个` : `${head}正在按计划推进`;
};

const yearEn = (y: PlannedYearFigures, reportYear: number): string => {
  const head = `of the ${y.planned} problems planned for ${y.year}`;
  if (y.year <= reportYear) {
    return y.done === y.planned ? `all ${head} are done` : `${y.done} ${head} are done`;
  }
  return y.done > 0 ? `${y.done} ${head} are done early` : `${head}, work is under way`;
};

/**
 * The report's published wording (Chinese, then English), a function of the figures and the date
 * they were taken at only, so a report rendered again reads the same.
 */
export function reportText(
  figures: CollectionFigures,
  asOfDate: string,
): { zh: string; en: string } {
  const f = figures;
  const reportYear = Number(asOfDate.slice(0, 4));
  const unassignedZh = f.notAssigned ? `，尚未交办 ${f.notAssigned} 个` : '';
  const unassignedEn = f.notAssigned ? `, ${f.notAssigned} not yet assigned` : '';
  const years = f.byYear.length ? `${f.byYear.map((y) => yearZh(y, reportYear)).join('，')}。` : '';
  const yearsEn = f.byYear.length
    ? ` ${f.byYear.map((y) => yearEn(y, reportYear)).join('; ')}.`
    : '';
  const zh =
    `截至 ${asOfDate}，${f.total} 个整改问题中已完成 ${f.done} 个；` +
    `到期应完成 ${f.due} 个，已完成 ${f.dueAndDone} 个；` +
    `未完成的问题中达到序时进度 ${f.onSchedule} 个，滞后 ${f.behind} 个${unassignedZh}。` +
    years +
    `长期坚持 ${f.longTerm} 个，其中已完成 ${f.longTermDone} 个、持续巩固。`;
  const en =
    `As of ${asOfDate}, ${f.done} of ${f.total} problems are done; ` +
    `${f.due} were due, of which ${f.dueAndDone} are done; ` +
    `of the rest ${f.onSchedule} are on schedule and ${f.behind} behind${unassignedEn}.` +
    yearsEn +
    ` ${f.longTerm} are long-term, ${f.longTermDone} of them done and continuing.`;
  return { zh, en };
}
