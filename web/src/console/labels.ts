import { STATUS_LABELS } from '../../../src/tasks/domain/task.state';
import type { BoardGroupBy, TaskStatus } from './types';

/** Chinese first, English beside it: the labels the console shows. */
export const statusLabel = (s: TaskStatus | string): string =>
  `${STATUS_LABELS[s as TaskStatus] ?? s}`;

export const GROUP_LABELS: Record<BoardGroupBy, string> = {
  REGION: '地区 Region',
  LEAD_UNIT: '牵头单位 Lead unit',
  CATEGORY: '类别 Category',
  STATUS: '状态 Status',
  PROVINCE: '省份 Province',
};

/** The board's measures, in the order a wall shows them. */
export const MEASURES = [
  ['total', '总数', 'Total'],
  ['done', '已完成', 'Done'],
  ['inProgress', '整改中', 'In progress'],
  ['overdue', '逾期', 'Overdue'],
  ['behindSchedule', '滞后', 'Behind schedule'],
  ['reopened', '重新打开', 'Reopened'],
] as const;
export type Measure = (typeof MEASURES)[number][0];

export const SCHEDULE_LABELS: Record<string, string> = {
  NOT_STARTED: '未开始 Not started',
  BEHIND: '滞后 Behind',
  ON_SCHEDULE: '正常 On schedule',
  AHEAD: '超前 Ahead',
};

export const KIND_LABELS: Record<string, string> = {
  LEDGER: '整改台账 Ledger',
  RECTIFICATION_STATUS: '整改落实情况 Rectification status',
  ACCOUNTABILITY_SUMMARY: '责任追究情况 Accountability summary',
};

export const CHANNEL_LABELS: Record<string, string> = {
  PROVINCIAL_TV: '省级电视台 Provincial TV',
  PARTY_PAPER: '党报 Party paper',
  GOVERNMENT_WEBSITE: '政府网站 Government website',
  OTHER: '其他 Other',
};

export const CASE_STATUS_LABELS: Record<string, string> = {
  REFERRED: '已移交 Referred',
  INVESTIGATING: '调查中 Investigating',
  CLOSED: '已办结 Closed',
};

export const RANK_LABELS: Record<string, string> = {
  BUREAU: '厅级 Bureau',
  DIVISION: '处级 Division',
  SECTION: '科级及以下 Section',
  OTHER: '其他 Other',
};

/** A moment as people in the province read it: Beijing time, to the minute. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const bj = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${bj.slice(0, 10)} ${bj.slice(11, 16)}`;
}

export const day = (iso: string | null | undefined): string => (iso ? when(iso).slice(0, 10) : '—');

/** The end of a picked day in Beijing time: the board "as of 30 June" counts all of 30 June. */
export const endOfDay = (date: string): string => `${date}T23:59:59.999+08:00`;

export const short = (hash: string, n = 12): string =>
  hash.length > n ? `${hash.slice(0, n)}…` : hash;

/** A JSON value of a field change, shown briefly. */
export function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
