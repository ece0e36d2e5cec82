import type { DatabaseSync } from 'node:sqlite';
import {
  FIGURE_COLUMNS,
  FIGURE_NAMES,
  figuresOf,
} from '../../projections/complaints/complaints.projection.js';
import {
  complaintIdsOf,
  summariseFigures,
} from '../../projections/complaints/complaints.queries.js';
import {
  ENFORCEMENT_COUNTS,
  POLLUTION_LABELS,
  STATUS_LABELS,
  VERIFICATION_LABELS,
} from '../complaints/domain/complaint.catalogue.js';
import { complaintDecider } from '../complaints/domain/complaint.decider.js';
import type { ComplaintState } from '../complaints/domain/complaint.state.js';
import type { Cell, ExportColumn, ExportSection } from './export-document.js';
import { recordStatesAt } from '../../projections/ledger/ledger.queries.js';
import { statesAt, type Snapshot } from './snapshot.js';

/**
 * The published columns of a batch's table (公开情况一览表). The complainant is not among them, nor
 * anywhere in a complaint's record: nothing here can reach a name or a phone number.
 */
export const COMPLAINT_TABLE_COLUMNS: readonly ExportColumn[] = [
  { key: 'trackingNumber', zh: '受理编号', en: 'Tracking number', width: 20 },
  { key: 'description', zh: '交办问题基本情况', en: 'Complaint as handed over', width: 50 },
  { key: 'region', zh: '行政区域', en: 'Region', width: 14 },
  { key: 'pollutionTypes', zh: '污染类型', en: 'Pollution types', width: 12 },
  { key: 'findings', zh: '调查核实情况', en: 'Findings', width: 50 },
  { key: 'verification', zh: '是否属实', en: 'Substantiated', width: 10 },
  { key: 'handling', zh: '处理和整改情况', en: 'Handling and rectification', width: 50 },
  { key: 'accountability', zh: '责任追究情况', en: 'Accountability', width: 30 },
];

const handlingText = (c: ComplaintState): string => {
  const handling = c.handling?.handling ?? '';
  if (c.status !== 'CLOSED_IN_STAGES' || !c.stageClosure) return handling;
  const { remaining, remainingDueOn } = c.stageClosure;
  return `${handling}\n（阶段性办结。尚需：${remaining}；计划于 ${remainingDueOn} 前完成）`;
};

const accountabilityText = (c: ComplaintState): string =>
  c.handling?.accountability ??
  (c.enforcement.peopleHeldAccountable ? `问责 ${c.enforcement.peopleHeldAccountable} 人` : '');

/** One case as its row in the published table. */
export const complaintTableRow = (c: ComplaintState): Cell[] => [
  c.trackingNumber,
  c.description,
  c.regionName,
  c.pollutionTypes.map((t) => POLLUTION_LABELS[t]).join('、'),
  c.verification?.findings ?? '正在调查核实',
  c.verification ? VERIFICATION_LABELS[c.verification.result] : '',
  handlingText(c),
  accountabilityText(c),
];

/**
 * The cases of one batch (every batch when none is given: the bench's 4,000-row table) as of the
 * snapshot, by tracking number. Only the inspection's cases of that batch are read: an inspection,
 * a batch and a tracking number never change once handed over, and a case handed over after the
 * snapshot has no state then and drops out. A case not changed since the snapshot is its current
 * state (the read model's, folded by the same evolve); only the others are folded from the ledger.
 */
export function complaintTableSection(
  db: DatabaseSync,
  snapshot: Snapshot,
  inspectionId: string,
  batch?: number,
  pageSize = 250,
): ExportSection {
  return {
    title: batch === undefined ? '全部批次 / All batches' : `第${batch}批 / Batch ${batch}`,
    columns: COMPLAINT_TABLE_COLUMNS,
    *pages() {
      const current = db.prepare(
        'SELECT last_position, state FROM complaint_cases WHERE complaint_id = ?',
      );
      let page: Cell[][] = [];
      for (const id of complaintIdsOf(db, inspectionId, batch, 'tracking_number, complaint_id')) {
        const row = current.get(id) as { last_position: number; state: string } | undefined;
        let state: ComplaintState | undefined;
        if (row && BigInt(row.last_position) <= snapshot.position) {
          state = JSON.parse(row.state) as ComplaintState;
        } else {
          const streamId = complaintDecider.streamPrefix + id;
          for (const r of recordStatesAt(db, complaintDecider.streamPrefix, snapshot.position, [
            streamId,
          ]))
            state = r.state as unknown as ComplaintState;
        }
        if (!state) continue;
        page.push(complaintTableRow(state));
        if (page.length === pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length) yield page;
    },
  };
}

let summaries = 0;

/**
 * The summary as of the snapshot: each case's figures as of that position go into a temporary table
 * and are summed by the same aggregation the API's `complaintSummary` uses.
 */
function summaryAt(db: DatabaseSync, snapshot: Snapshot, inspectionId?: string) {
  const table = `temp.complaint_summary_${++summaries}`;
  db.exec(`CREATE TABLE ${table} (${FIGURE_COLUMNS})`);
  try {
    const insert = db.prepare(
      `INSERT INTO ${table} (${FIGURE_NAMES.join(', ')}) VALUES (${FIGURE_NAMES.map(() => '?').join(', ')})`,
    );
    const pages = statesAt(db, complaintDecider.streamPrefix, snapshot, {
      orderBy: 'e.stream_id',
      streamIds: inspectionId
        ? complaintIdsOf(db, inspectionId).map((id) => complaintDecider.streamPrefix + id)
        : undefined,
    });
    for (const page of pages) {
      for (const state of page as unknown as ComplaintState[]) {
        if (state.status !== null) insert.run(...figuresOf(state));
      }
    }
    return summariseFigures(db, { from: table, where: '1', params: [] });
  } finally {
    db.exec(`DROP TABLE IF EXISTS ${table}`);
  }
}

const item = (zh: string, en: string) => [
  { key: 'item', zh, en, width: 30 },
  { key: 'value', zh: '数量', en: 'Count', width: 14 },
];

/** The figures a province publishes about its complaint cases, as sections of a document. */
export function complaintSummarySections(
  db: DatabaseSync,
  snapshot: Snapshot,
  inspectionId?: string,
): ExportSection[] {
  let cached: ReturnType<typeof summaryAt> | undefined;
  const summary = () => (cached ??= summaryAt(db, snapshot, inspectionId));
  return [
    {
      title: '总体情况 / Totals',
      columns: item('项目', 'Item'),
      *pages() {
        const s = summary();
        yield [
          ['交办信访举报件（件）', s.handedOver],
          ['已办结（件）', s.closed],
          ['阶段性办结（件）', s.closedInStages],
          ['办理中（件）', s.inProgress],
          ['重点关注（件）', s.keyAttention],
          ['重复件（件）', s.duplicates],
        ];
      },
    },
    {
      title: '核实结果 / Verification',
      columns: item('是否属实', 'Result'),
      *pages() {
        yield summary().byVerification.map((v) => [VERIFICATION_LABELS[v.result], v.cases]);
      },
    },
    {
      title: '污染类型 / Pollution types',
      columns: item('污染类型', 'Type'),
      *pages() {
        yield summary().byPollutionType.map((t) => [POLLUTION_LABELS[t.pollutionType], t.cases]);
      },
    },
    {
      title: '行政区域 / Regions',
      columns: [
        { key: 'region', zh: '行政区域', en: 'Region', width: 20 },
        { key: 'cases', zh: '交办（件）', en: 'Handed over', width: 12 },
        { key: 'closed', zh: '已办结（件）', en: 'Closed', width: 12 },
      ],
      *pages() {
        const rows: Cell[][] = summary().byRegion.map((r) => [
          `${r.regionName}（${r.regionCode}）`,
          r.cases,
          r.closed,
        ]);
        if (rows.length) yield rows;
      },
    },
    {
      title: '查处情况 / Enforcement',
      columns: item('项目', 'Item'),
      *pages() {
        const e = summary().enforcement;
        yield ENFORCEMENT_COUNTS.map((c) => [`${c.zh}（${c.unit}）`, e[c.key]]);
      },
    },
    {
      title: '办理状态 / Status',
      columns: item('状态', 'Status'),
      *pages() {
        yield summary().byStatus.map((s) => [STATUS_LABELS[s.status], s.cases]);
      },
    },
  ];
}
