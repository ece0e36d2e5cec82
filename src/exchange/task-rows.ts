import type { DatabaseSync } from 'node:sqlite';
import type { JsonObject } from '../common/json.js';
import { DONE_STATUSES, STATUS_LABELS, type TaskState } from '../tasks/domain/task.state.js';
import { TIER_LABEL } from './cell-parsers.js';
import { chinaDate, type Cell, type ExportColumn } from './export-document.js';
import { LEDGER_COLUMNS, columnOf, type LedgerField } from './ledger-columns.js';
import { statesAt, type Snapshot } from './snapshot.js';
import { taskDecider } from '../tasks/domain/task.decider.js';
import { taskIdsOfInspection } from '../../projections/tasks/tasks.queries.js';

/** Task rows as a publication prints them, from whole task states as of a snapshot. */

const SCHEDULE_LABELS: Record<string, string> = {
  NOT_STARTED: '尚未启动',
  BEHIND: '未达到序时进度',
  ON_SCHEDULE: '达到序时进度',
  AHEAD: '超过序时进度',
};

/** 完成情况 as published: 已完成 / 已完成长期坚持 / 已逾期 / 正在推进. */
export function completionOf(task: TaskState, at: string): string {
  if (task.status === 'LONG_TERM') return '已完成，长期坚持';
  if (DONE_STATUSES.includes(task.status as never)) return '已完成';
  // A deadline is a day: overdue once that day has passed in China.
  if (task.deadline && chinaDate(at) > chinaDate(task.deadline)) return '已逾期';
  return '正在推进';
}

export const deadlineText = (task: TaskState): string => {
  const date = chinaDate(task.deadline);
  if (!task.longTerm) return date;
  return date ? `${date}，长期坚持` : '长期坚持';
};

const leaderText = (task: TaskState): string =>
  task.responsibleLeader
    ? `${task.responsibleLeader.name}（${task.responsibleLeader.position}）`
    : '';

const VALUE: Record<LedgerField, (t: TaskState, at: string) => Cell> = {
  taskId: (t) => t.taskId,
  number: (t) => t.number,
  parentNumber: (t) => t.parentId,
  title: (t) => t.title,
  problem: (t) => t.problem,
  leadUnit: (t) => t.leadUnit,
  supportingUnits: (t) => t.supportingUnits.join('、'),
  responsibleLeader: leaderText,
  // Never exported: the column is not public; kept here so the table stays total.
  responsibleLeaderPhone: () => null,
  target: (t) => t.target,
  deadline: deadlineText,
  measures: (t) => t.measures,
  acceptanceUnit: (t) => t.acceptanceUnit,
  category: (t) => t.category,
  regionCode: (t) => t.regionCode,
  regionName: (t) => t.regionName,
  signOffTier: (t) => (t.signOffTier ? TIER_LABEL[t.signOffTier] : ''),
  status: (t) => STATUS_LABELS[t.status],
  scheduleStatus: (t) => (t.scheduleStatus ? SCHEDULE_LABELS[t.scheduleStatus] : ''),
  completion: completionOf,
  latestProgress: (t) => t.progressReports[t.progressReports.length - 1]?.summary ?? '',
};

const WIDTHS: Partial<Record<LedgerField, number>> = {
  number: 6,
  title: 30,
  problem: 50,
  target: 40,
  measures: 50,
  latestProgress: 40,
};

const exportColumn = (field: LedgerField): ExportColumn => {
  const c = columnOf(field);
  return { key: field, zh: c.zh, en: c.en, width: WIDTHS[field] ?? 16 };
};

/** The one explicit list of what leaves the building: columns marked public, nothing else. */
export const PUBLIC_LEDGER_FIELDS: readonly LedgerField[] = LEDGER_COLUMNS.filter(
  // The ledger export keeps the columns it had before sub-items: a ledger exported then at a
  // position exports the same bytes now. Sub-items show in the reconciliation list.
  (c) => c.public && c.field !== 'parentNumber',
).map((c) => c.field);

export const STATUS_TABLE_FIELDS: readonly LedgerField[] = [
  'number',
  'problem',
  'leadUnit',
  'measures',
  'target',
  'deadline',
  'completion',
];

export const columnsOf = (fields: readonly LedgerField[]): ExportColumn[] =>
  fields.filter((f) => columnOf(f).public).map(exportColumn);

/**
 * Pages of task states as of the snapshot, ordered by inspection, 序号, id: an inspection's tasks
 * only (just theirs are folded), or every task.
 */
export function taskStatesAt(
  db: DatabaseSync,
  snapshot: Snapshot,
  inspectionId?: string,
  pageSize?: number,
): Generator<JsonObject[]> {
  return statesAt(db, taskDecider.streamPrefix, snapshot, {
    orderBy: `json_extract(e.state, '$.inspectionId'), json_extract(e.state, '$.number') IS NULL,
      json_extract(e.state, '$.number'), e.stream_id`,
    pageSize,
    streamIds: inspectionId
      ? taskIdsOfInspection(db, inspectionId).map((id) => taskDecider.streamPrefix + id)
      : undefined,
  });
}

/** Pages of task rows: tasks ordered by inspection, 序号, id. */
export function* taskPages(
  db: DatabaseSync,
  snapshot: Snapshot,
  fields: readonly LedgerField[],
  inspectionId?: string,
  pageSize?: number,
): Generator<Cell[][]> {
  const publicFields = fields.filter((f) => columnOf(f).public);
  for (const page of taskStatesAt(db, snapshot, inspectionId, pageSize)) {
    yield page.map((state: JsonObject) => {
      const task = state as unknown as TaskState;
      return publicFields.map((f) => VALUE[f](task, snapshot.at));
    });
  }
}
