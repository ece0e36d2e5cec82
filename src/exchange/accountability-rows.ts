import type { DatabaseSync } from 'node:sqlite';
import {
  announcementDecider,
  tableInForce,
  type AnnouncementState,
} from '../accountability/domain/announcement.decider.js';
import {
  DEFAULT_ANNOUNCEMENT_TABLE,
  type AnnouncementTable,
} from '../accountability/domain/announcement.table.js';
import { sanctionInfo, unitMethodZh } from '../accountability/domain/case.catalogue.js';
import type { CaseState } from '../accountability/domain/case.state.js';
import {
  countingSanctions,
  countingUnits,
  personsOf,
} from '../accountability/domain/case.state.js';
import { recordStatesAt } from '../../projections/ledger/ledger.queries.js';
import { summariseCases, type Tally } from '../accountability/domain/case.summary.js';
import type { Cell, ExportSection } from './export-document.js';
import { statesAt, type Snapshot } from './snapshot.js';
import { caseDecider } from '../accountability/domain/case.decider.js';
import { caseIdsOfInspection } from '../../projections/accountability/cases.queries.js';

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

/** An inspection's cases (only theirs are folded), or every case, in reference-number order. */
const caseFilter = (db: DatabaseSync, inspectionId?: string) => ({
  orderBy: `json_extract(e.state, '$.referenceNumber'), e.stream_id`,
  streamIds: inspectionId
    ? caseIdsOfInspection(db, inspectionId).map((id) => caseDecider.streamPrefix + id)
    : undefined,
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
    for (const page of statesAt(
      db,
      caseDecider.streamPrefix,
      snapshot,
      caseFilter(db, inspectionId),
    )) {
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
          caseFilter(db, inspectionId),
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

const ORGANISATION_TYPE_LABELS: Record<string, string> = {
  PARTY_COMMITTEE: '党委',
  GOVERNMENT: '政府',
  DEPARTMENT: '部门',
  STATE_OWNED_ENTERPRISE: '国有企业',
  PUBLIC_INSTITUTION: '事业单位',
  OTHER: '其他',
};

/** The inspection's announcement table at the snapshot (the default without one, or for all). */
function tableAt(db: DatabaseSync, snapshot: Snapshot, inspectionId?: string): AnnouncementTable {
  if (!inspectionId) return DEFAULT_ANNOUNCEMENT_TABLE;
  const streamId = announcementDecider.streamPrefix + inspectionId;
  // The prefix also matches longer ids (JX-3 and JX-31): keep the exact stream only.
  for (const r of recordStatesAt(db, streamId, snapshot.position)) {
    if (r.streamId === streamId) return tableInForce(r.state as unknown as AnnouncementState);
  }
  return DEFAULT_ANNOUNCEMENT_TABLE;
}

const published = (day: string) => (d: { publishedOn: string | null }) =>
  d.publishedOn !== null && d.publishedOn.slice(0, 10) <= day;

/** Text as a sentence part: without the full stop it may end with, so the draft adds its own. */
const clause = (text: string) => text.trim().replace(/[。．.；;，,\s]+$/u, '');

/**
 * 典型案例通报: one paragraph per case with a published decision, drafted from its record: the
 * problem, the investigation's findings, then each decision as published (people by position at the
 * time and name, units by name). Only decisions published on or before the snapshot's day appear.
 */
export function typicalCaseText(c: CaseState, n: number, day: string): string | null {
  const isPublished = published(day);
  const people = personsOf(c)
    .map((p) => ({ p, s: countingSanctions(p).filter(isPublished) }))
    .filter((x) => x.s.length > 0)
    .map(({ p, s }) => {
      // 移送司法机关 is not a sanction one receives: it reads "被移送司法机关".
      const judicial = s.some((x) => x.category === 'JUDICIAL');
      const received = s.filter((x) => x.category !== 'JUDICIAL');
      const parts = [
        ...(received.length
          ? [`受到${received.map((x) => sanctionInfo(x.kind)?.zh ?? x.kind).join('、')}`]
          : []),
        ...(judicial ? ['被移送司法机关'] : []),
      ];
      return `${clause(p.positionAtTheTime)}${p.name}${parts.join('，')}`;
    });
  const units = countingUnits(c)
    .filter(isPublished)
    .map((u) => `对${u.name}予以${u.methods.map(unitMethodZh).join('、')}`);
  const decisions = [...units, ...people];
  if (!decisions.length) return null;
  const findings = c.investigation ? `经查，${clause(c.investigation.findings)}。` : '';
  const ref = c.referenceNumber ? `（${c.referenceNumber}）` : '';
  return `${n}. ${clause(c.referredProblem ?? '')}${ref}。${findings}${decisions.join('；')}。`;
}

/**
 * 问责情况通报: the paragraph the disclosure team publishes, the figures per announcement group, the
 * units held accountable and the typical cases, all from the case states and the inspection's
 * announcement table at the snapshot, so a disclosure of it regenerates byte for byte.
 */
export function announcementSections(
  db: DatabaseSync,
  snapshot: Snapshot,
  inspectionId?: string,
): ExportSection[] {
  const cases = () => {
    const all: CaseState[] = [];
    for (const page of statesAt(
      db,
      caseDecider.streamPrefix,
      snapshot,
      caseFilter(db, inspectionId),
    )) {
      all.push(...(page as unknown as CaseState[]).filter((c) => c.status !== null));
    }
    return all;
  };
  const table = () => tableAt(db, snapshot, inspectionId);
  const day = snapshot.at.slice(0, 10);
  const text = [{ key: 'text', zh: '正文', en: 'Text', width: 100 }];
  return [
    {
      title: '问责情况 / Announcement',
      columns: text,
      pages: () => [[[summariseCases(cases(), table()).announcement]]],
    },
    {
      title: '按公告分组 / By announcement group',
      columns: [
        { key: 'item', zh: '项目', en: 'Item', width: 30 },
        { key: 'people', zh: '人数', en: 'People', width: 10 },
        { key: 'personTimes', zh: '人次', en: 'Person-times', width: 10 },
      ],
      *pages() {
        const t = table();
        const s = summariseCases(cases(), t);
        const label = (key: string) => t.groups.find((g) => g.key === key)?.label ?? key;
        yield [
          ['问责单位（个）', s.units, null],
          ['问责人员（人）', s.people, s.personTimes],
          ...s.byAnnouncementRank.map((r): Cell[] => [`  ${r.label}`, r.people, null]),
          ...s.byGroup.map((g): Cell[] => [
            g.includes.length ? `${g.label}（含${g.includes.map(label).join('、')}）` : g.label,
            g.people,
            g.personTimes,
          ]),
        ];
      },
    },
    {
      title: '单位问责 / Units held accountable',
      columns: [
        { key: 'reference', zh: '案件编号', en: 'Case', width: 16 },
        { key: 'unit', zh: '单位', en: 'Unit', width: 30 },
        { key: 'type', zh: '单位类型', en: 'Type', width: 12 },
        { key: 'methods', zh: '问责方式', en: 'Methods', width: 24 },
        { key: 'decidingBody', zh: '决定机关', en: 'Deciding body', width: 20 },
        { key: 'decidedOn', zh: '决定日期', en: 'Decided on', width: 12 },
      ],
      *pages() {
        const rows = cases().flatMap((c) =>
          countingUnits(c)
            .filter(published(day))
            .map((u): Cell[] => [
              c.referenceNumber ?? c.caseId,
              u.name,
              ORGANISATION_TYPE_LABELS[u.organisationType] ?? u.organisationType,
              u.methods.map(unitMethodZh).join('、'),
              u.decidingBody,
              u.decidedOn,
            ]),
        );
        if (rows.length) yield rows;
      },
    },
    {
      title: '典型案例通报 / Typical cases',
      columns: text,
      *pages() {
        let n = 0;
        const rows: Cell[][] = [];
        for (const c of cases()) {
          const draft = typicalCaseText(c, n + 1, day);
          if (draft === null) continue;
          n++;
          rows.push([draft]);
        }
        if (rows.length) yield rows;
      },
    },
  ];
}
