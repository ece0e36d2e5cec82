import type { DatabaseSync } from 'node:sqlite';
import { reportText } from '../collection/domain/round.figures.js';
import {
  entryStatus,
  rosterOf,
  unitsOf,
  type CollectionRoundState,
  type FrozenReport,
} from '../collection/domain/round.state.js';
import { BadInputError } from '../common/errors.js';
import { recordId } from '../common/validation.js';
import { roundStateAt } from '../../projections/collection/rounds.queries.js';
import { chinaDate, chinaTime, type Cell, type ExportSection } from './export-document.js';
import type { Snapshot } from './snapshot.js';

const STATUS_LABELS = {
  REPORTED: '按时报送',
  LATE: '逾期报送',
  PENDING: '待报送',
  MISSING: '未报送',
} as const;

const item = (zh: string, en: string, value: Cell): Cell[] => [`${zh} / ${en}`, value];

/**
 * The frozen round as of the snapshot: a report exists only once the round is frozen, so the
 * document is the same at every position from the freeze on (apart from the subtitle naming it).
 */
function frozenRound(
  db: DatabaseSync,
  snapshot: Snapshot,
  roundId: string | undefined,
): CollectionRoundState & { report: FrozenReport } {
  if (!roundId) {
    throw new BadInputError(
      'collectionRoundId：调度情况报告须指明调度轮次',
      'collectionRoundId: a collection report names its round',
      { field: 'collectionRoundId' },
    );
  }
  const found = roundStateAt(db, recordId('collectionRoundId', roundId), snapshot.position);
  const state = found?.state;
  if (!state?.report) {
    throw new BadInputError(
      `collectionRoundId：截至台账位置 ${snapshot.position}，调度 ${roundId} ${state ? '尚未冻结上报' : '不存在'}`,
      `collectionRoundId: as of ledger position ${snapshot.position}, round ${roundId} ${state ? 'is not frozen yet' : 'does not exist'}`,
      { field: 'collectionRoundId' },
    );
  }
  return state as CollectionRoundState & { report: FrozenReport };
}

/**
 * 调度情况报告: the published wording and figures the round was frozen with (counted from the task
 * records at its asOfPosition), by planned year, and which lead unit reported on which task.
 */
export function collectionReport(
  db: DatabaseSync,
  snapshot: Snapshot,
  roundId: string | undefined,
): { title: string; sections: ExportSection[] } {
  const round = frozenRound(db, snapshot, roundId);
  const { figures: f, asOfTime, asOfPosition, frozenAt } = round.report;
  const asOfDate = chinaDate(asOfTime);
  const text = reportText(f, asOfDate);
  const reportYear = Number(asOfDate.slice(0, 4));
  return {
    title: `调度情况报告：${round.name}（${round.inspectionId}） / Collection report`,
    sections: [
      {
        title: '报告 / Report',
        columns: [{ key: 'text', zh: '内容', en: 'Text', width: 120 }],
        pages: () => [[[text.zh], [text.en]]],
      },
      {
        title: '总体情况 / Totals',
        columns: [
          { key: 'item', zh: '项目', en: 'Item', width: 40 },
          { key: 'value', zh: '数量', en: 'Count', width: 24 },
        ],
        pages: () => [
          [
            item('数据截至台账位置', 'ledger position', asOfPosition),
            item('数据截至（北京时间）', 'as of (Beijing time)', chinaTime(asOfTime)),
            item('冻结上报（北京时间）', 'frozen at (Beijing time)', chinaTime(frozenAt)),
            item('整改问题总数', 'problems', f.total),
            item('已完成', 'done', f.done),
            item('到期应完成', 'due', f.due),
            item('到期已完成', 'due and done', f.dueAndDone),
            item('达到序时进度', 'on schedule', f.onSchedule),
            item('滞后', 'behind', f.behind),
            item('尚未交办', 'not assigned', f.notAssigned),
            item('长期坚持', 'long-term', f.longTerm),
            item('长期坚持中已完成', 'long-term, done', f.longTermDone),
          ],
        ],
      },
      {
        title: '按计划完成年度 / By planned year',
        columns: [
          { key: 'year', zh: '计划完成年度', en: 'Planned year', width: 14 },
          { key: 'planned', zh: '问题数', en: 'Problems', width: 10 },
          { key: 'done', zh: '已完成', en: 'Done', width: 10 },
          { key: 'early', zh: '其中提前完成', en: 'Of which early', width: 14 },
        ],
        pages: () => [
          f.byYear.map((y) => [y.year, y.planned, y.done, y.year > reportYear ? y.done : 0]),
        ],
      },
      {
        title: '各单位报送情况 / Reports by unit',
        columns: [
          { key: 'number', zh: '序号', en: 'No.', width: 8 },
          { key: 'taskId', zh: '任务编号', en: 'Task', width: 14 },
          { key: 'title', zh: '任务', en: 'Title', width: 40 },
          { key: 'leadUnit', zh: '牵头单位', en: 'Lead unit', width: 24 },
          { key: 'status', zh: '报送情况', en: 'Status', width: 12 },
          { key: 'progress', zh: '进度（%）', en: 'Progress (%)', width: 10 },
          { key: 'reportedAt', zh: '报送时间', en: 'Reported at', width: 18 },
          { key: 'summary', zh: '进展情况', en: 'Summary', width: 60 },
        ],
        pages: () => [
          rosterOf(round).map((t) => {
            const r = round.reports[t.taskId];
            const status = entryStatus(round, t.taskId, frozenAt);
            return [
              t.number,
              t.taskId,
              t.title,
              t.leadUnit,
              `${STATUS_LABELS[status]} / ${status}`,
              r ? r.progressPercent : null,
              r ? chinaTime(r.at) : null,
              r ? r.summary : null,
            ];
          }),
        ],
      },
      {
        title: '按单位汇总 / By unit',
        columns: [
          { key: 'unit', zh: '牵头单位', en: 'Lead unit', width: 24 },
          { key: 'tasks', zh: '任务数', en: 'Tasks', width: 8 },
          { key: 'reported', zh: '按时报送', en: 'On time', width: 10 },
          { key: 'late', zh: '逾期报送', en: 'Late', width: 10 },
          { key: 'missing', zh: '未报送', en: 'Missing', width: 10 },
        ],
        pages: () => [
          unitsOf(round, frozenAt).map((u) => [
            u.unit,
            u.tasks,
            u.reported,
            u.late,
            u.missing + u.pending,
          ]),
        ],
      },
    ],
  };
}
