import type { DatabaseSync } from 'node:sqlite';
import { binaryOrder } from '../binary-order.js';
import { INSPECTIONS_IN_PROVINCE_SQL } from '../national/scope-sql.js';
import { inspectionRowids, SEQ_MASK, textMatch, textRowid } from './task-text.js';
import { prepared } from '../prepared.js';

/** A page's entry: the task's seq and version, and its keyset position (number_key, id). */
export interface TextKeyRow {
  seq: number;
  version: number;
  k: string;
  id: string;
}

const byKey = (a: TextKeyRow, b: TextKeyRow): number =>
  binaryOrder(a.k, b.k) || binaryOrder(a.id, b.id);

/** number_key starts with the inspection and '|', which an id never holds (validation.ts). */
const prefixOf = (inspectionId: string): string => `${inspectionId}|`;

/**
 * The first `need` tasks in list order (NUMBER) whose text matches, after an exclusive keyset
 * position, among the inspections given (all, one, or a province's). The list order is inspection
 * by inspection, so inspections are visited in that order and the walk stops once the page is full:
 * a term found in 20,000 tasks across the country reads the matches of one or two inspections.
 * Within an inspection listed in list order, FTS5 gives the matches in that order and stops at the
 * page's end; otherwise the inspection's matches are sorted here.
 */
export function textPageKeys(
  db: DatabaseSync,
  text: string,
  scope: { inspectionId?: string | null; scopeProvince?: string | null },
  need: number,
  after: [string, string] | undefined,
): TextKeyRow[] {
  type Ranked = { inspection_id: string; rank: number; ordered: number };
  let inspections = (
    scope.inspectionId
      ? prepared(
          db,
          'SELECT inspection_id, rank, ordered FROM task_text_inspections WHERE inspection_id = ?',
        ).all(scope.inspectionId)
      : prepared(db, 'SELECT inspection_id, rank, ordered FROM task_text_inspections').all()
  ) as Ranked[];
  if (scope.scopeProvince) {
    const inProvince = new Set(
      (
        prepared(db, INSPECTIONS_IN_PROVINCE_SQL).all(scope.scopeProvince) as {
          inspection_id: string;
        }[]
      ).map((r) => r.inspection_id),
    );
    inspections = inspections.filter((i) => inProvince.has(i.inspection_id));
  }
  const prefixes = new Map(inspections.map((i) => [i, prefixOf(i.inspection_id)]));
  inspections.sort((a, b) => binaryOrder(prefixes.get(a)!, prefixes.get(b)!));
  const afterPrefix = after && after[0].slice(0, after[0].lastIndexOf('|') + 1);
  const matches = prepared(
    db,
    `SELECT rowid & ${SEQ_MASK} AS seq FROM task_text WHERE task_text MATCH ? AND rowid >= ?
     AND rowid < ? ORDER BY rowid LIMIT ?`,
  );
  const keyOf = prepared(
    db,
    'SELECT seq, version, number_key AS k, id FROM tasks INDEXED BY tasks_by_seq WHERE seq = ?',
  );
  const seqOf = prepared(db, 'SELECT seq FROM tasks WHERE id = ?');
  const match = textMatch(text);
  const isAfter = (r: TextKeyRow): boolean =>
    !after || (binaryOrder(r.k, after[0]) || binaryOrder(r.id, after[1])) > 0;
  const page: TextKeyRow[] = [];
  for (const inspection of inspections) {
    const prefix = prefixes.get(inspection)!;
    if (afterPrefix && binaryOrder(prefix, afterPrefix) < 0) continue;
    const [first, to] = inspectionRowids(inspection.rank);
    let from = first;
    if (inspection.ordered) {
      // In seq order is in list order: start right after the cursor's task.
      if (prefix === afterPrefix) {
        const cursor = seqOf.get(after![1]) as { seq: number } | undefined;
        if (cursor) from = textRowid(inspection.rank, cursor.seq) + 1n;
      }
      while (page.length < need) {
        const want = need - page.length;
        const seqs = matches.all(match, from, to, want) as { seq: number }[];
        for (const { seq } of seqs) {
          const row = keyOf.get(seq) as TextKeyRow | undefined;
          if (row && isAfter(row)) page.push(row);
        }
        if (seqs.length < want) break;
        from = textRowid(inspection.rank, seqs[seqs.length - 1].seq) + 1n;
      }
    } else {
      const rows = (matches.all(match, from, to, -1) as { seq: number }[])
        .map(({ seq }) => keyOf.get(seq) as TextKeyRow | undefined)
        .filter((r): r is TextKeyRow => !!r && isAfter(r))
        .sort(byKey);
      page.push(...rows.slice(0, need - page.length));
    }
    if (page.length >= need) break;
  }
  return page;
}
