import type { DatabaseSync } from 'node:sqlite';
import { sanctionInfo } from '../accountability/domain/case.catalogue.js';
import type { CaseState } from '../accountability/domain/case.state.js';
import { countingSanctions, personsOf } from '../accountability/domain/case.state.js';
import { summariseCases, type Tally } from '../accountability/domain/case.summary.js';
import type { Cell, ExportSection } from './export-document.js';
import { statesAt, type Snapshot } from './snapshot.js';
import { caseDecider } from '../accountability/domain/case.decider.js';

/**
 * The accountability announcement as a publication prints it: totals, people by rank and by
 * sanction, then the named officials whose sanctions have themselves been published (a decision's
 * `publishedOn` is on or before the snapshot). Unpublished decisions stay out of public documents.
 */
const RANK_LABELS: Record<string, string> = {
  BUREAU: '厅级',
  DIVISION: '处级',
  SECTION: '科级及以下',
  OTHER: '其他',
};
const CATEGORY_LABELS: Record<string, string> = {
  ACCOUNTABILITY_METHOD: '问责（通报、诫勉、组织处理等）',
  PARTY_DISCIPLINE: '党纪处分',
  GOVERNMENT_SANCTION: '政务处分',
  JUDICIAL: '移送司法机关',
};

const caseFilter = (inspectionId?: string) => ({
  orderBy: `json_extract(e.state, '$.referenceNumber'), e.stream_id`,
  where: inspectionId ? `json_extract(e.state, '$.inspectionId') = ?` : undefined,
  params: inspectionId ? [inspectionId] : [],
});

const tallyRow = (label: string, t: Tally): Cell[] => [label, t.people, t.personTimes];

export function accountabilitySections(
  db: DatabaseSync,
  snapshot: Snapshot,
  inspectionId?: string,
): ExportSection[] {
  // Cases number in the hundreds per round: the totals are summed over whole states in memory.
  const summary = () => {
    const cases: CaseState[] = [];
    for (const page of statesAt(db, caseDecider.streamPrefix, snapshot, caseFilter(inspectionId))) {
      cases.push(...(page as unknown as CaseState[]));
    }
    return summariseCases(cases.filter((c) => c.status !== null));
  };
  const tallyColumns = [
    { key: 'item', zh: '项目', en: 'Item', width: 30 },
    { key: 'people', zh: '人数', en: 'People', width: 10 },
    { key: 'personTimes', zh: '人次', en: 'Person-times', width: 10 },
  ];
  return [
    {
      title: '总体情况 / Totals',
      columns: [
        { key: 'item', zh: '项目', en: 'Item', width: 30 },
        { key: 'value', zh: '数量', en: 'Count', width: 12 },
      ],
      *pages() {
        const s = summary();
        yield [
          ['移交责任追究问题（件）', s.casesReferred],
          ['已办结（件）', s.casesClosed],
          ['组建调查组（个）', s.investigationTeams],
          ['谈话询问（人次）', s.interviews],
          ['问责人数（人）', s.people],
          ['问责人次（人次）', s.personTimes],
          ['生态环境损害赔偿（件）', s.compensation.claims],
          ['公益诉讼（件）', s.litigation.referred],
        ];
      },
    },
    {
      title: '按职级 / By rank',
      columns: tallyColumns,
      *pages() {
        yield summary().byRank.map((r) => tallyRow(RANK_LABELS[r.rank] ?? r.rank, r));
      },
    },
    {
      title: '按处理类别 / By kind of sanction',
      columns: tallyColumns,
      *pages() {
        const s = summary();
        yield [
          ...s.byCategory.map((c) => tallyRow(CATEGORY_LABELS[c.category] ?? c.category, c)),
          ...s.bySanctionKind
            .filter((k) => k.personTimes > 0)
            .map((k) => tallyRow(`  ${sanctionInfo(k.kind)?.zh ?? k.kind}`, k)),
        ];
      },
    },
    {
      title: '典型案例 / Published decisions',
      columns: [
        { key: 'reference', zh: '案件编号', en: 'Case', width: 16 },
        { key: 'problem', zh: '移交问题', en: 'Referred problem', width: 50 },
        { key: 'name', zh: '姓名', en: 'Name', width: 10 },
        { key: 'position', zh: '时任职务', en: 'Position at the time', width: 30 },
        { key: 'rank', zh: '职级', en: 'Rank', width: 10 },
        { key: 'sanctions', zh: '处理结果', en: 'Sanctions', width: 40 },
      ],
      *pages() {
        const day = snapshot.at.slice(0, 10);
        for (const page of statesAt(
          db,
          caseDecider.streamPrefix,
          snapshot,
          caseFilter(inspectionId),
        )) {
          const rows: Cell[][] = [];
          for (const c of page as unknown as CaseState[]) {
            for (const p of personsOf(c)) {
              const published = countingSanctions(p).filter(
                (s) => s.publishedOn !== null && s.publishedOn.slice(0, 10) <= day,
              );
              if (!published.length) continue;
              rows.push([
                c.referenceNumber ?? c.caseId,
                c.referredProblem,
                p.name,
                p.positionAtTheTime,
                RANK_LABELS[p.rank] ?? p.rank,
                published.map((s) => sanctionInfo(s.kind)?.zh ?? s.kind).join('、'),
              ]);
            }
          }
          if (rows.length) yield rows;
        }
      },
    },
  ];
}
