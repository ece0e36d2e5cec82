import type { DatabaseSync } from 'node:sqlite';
import type { JsonObject } from '../common/json.js';
import { GAP_LABELS, reconciliationGaps } from '../tasks/domain/task.reconciliation.js';
import { STATUS_LABELS, type TaskState } from '../tasks/domain/task.state.js';
import { TIER_LABEL } from './cell-parsers.js';
import { chinaTime, type Cell, type ExportColumn } from './export-document.js';
import type { Snapshot } from './snapshot.js';
import { taskStatesAt } from './task-rows.js';

/** 对账销号清单: every task with its sign-offs, what it lacks, and the office's reconciliation. */
export const RECONCILIATION_COLUMNS: readonly ExportColumn[] = [
  { key: 'taskId', zh: '任务编号', en: 'Task ID', width: 16 },
  { key: 'number', zh: '序号', en: 'No.', width: 6 },
  { key: 'parent', zh: '上级任务', en: 'Parent task', width: 16 },
  { key: 'title', zh: '整改任务', en: 'Task', width: 30 },
  { key: 'leadUnit', zh: '责任单位', en: 'Lead unit', width: 20 },
  { key: 'status', zh: '当前状态', en: 'Status', width: 12 },
  { key: 'signOffs', zh: '销号情况', en: 'Sign-offs', width: 40 },
  { key: 'missing', zh: '尚缺', en: 'Still lacking', width: 30 },
  { key: 'reconciledBy', zh: '对账人', en: 'Reconciled by', width: 20 },
  { key: 'reconciledAt', zh: '对账时间', en: 'Reconciled at', width: 18 },
  { key: 'position', zh: '对账台账位置', en: 'Ledger position', width: 10 },
  { key: 'changed', zh: '对账后有变动', en: 'Changed since', width: 10 },
];

function row(t: TaskState, at: string): Cell[] {
  const gaps = reconciliationGaps(t, at);
  const r = t.reconciliation ?? null;
  return [
    t.taskId,
    t.number,
    t.parentId ?? '',
    t.title,
    t.leadUnit,
    STATUS_LABELS[t.status],
    (t.signOffs ?? [])
      .map((s) => `${TIER_LABEL[s.level]} ${s.unit ?? s.signer} ${chinaTime(s.at)}`)
      .join('；'),
    gaps.map((g) => GAP_LABELS[g].zh).join('、'),
    r?.by ?? '',
    r ? chinaTime(r.at) : '',
    r?.position ?? '',
    r ? (r.changedSince ? `是（${chinaTime(r.changedAt ?? r.at)}）` : '否') : '',
  ];
}

export function* reconciliationPages(
  db: DatabaseSync,
  snapshot: Snapshot,
  inspectionId?: string,
  pageSize?: number,
): Generator<Cell[][]> {
  for (const page of taskStatesAt(db, snapshot, inspectionId, pageSize)) {
    yield page.map((state: JsonObject) => row(state as unknown as TaskState, snapshot.at));
  }
}
