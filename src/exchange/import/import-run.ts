import { isTaizhangError } from '../../common/errors.js';
import type { SourceRow, SourceTable } from './table-collector.js';

/** One thing wrong with one cell: where, and what, in both languages. */
export interface RowProblem<F extends string = string> {
  readonly row: number;
  /** The heading as the file writes it (or the heading it lacks). */
  readonly column: string;
  readonly field: F | null;
  readonly zh: string;
  readonly en: string;
}

/** A row mapped to what it will write, with every problem it has. */
export interface PlannedRow<P extends RowProblem = RowProblem> {
  readonly row: number;
  readonly problems: readonly P[];
  /** What the row left out and a default filled in: shown, never an error. */
  readonly warnings?: readonly P[];
}

/** How one kind of sheet is checked: its missing headings, its rows, the key no two rows share. */
export interface ImportPlan<R extends PlannedRow<P>, P extends RowProblem = RowProblem> {
  readonly headingProblems: readonly P[];
  /** Optional headings the sheet lacks, whose values defaults will give. */
  readonly headingWarnings?: readonly P[];
  map(row: SourceRow): R;
  keyOf(row: R): string;
  /** The problem of a row whose key an earlier row (`firstRow`) already has. */
  repeated(row: R, firstRow: number): P;
}

export interface RunOptions {
  readonly dryRun?: boolean;
  /** Import the good rows of a file that has bad ones (default: a bad row stops the whole file). */
  readonly skipInvalid?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/** What every import report says, whatever the sheet. */
export interface RunReport<Res, P extends RowProblem = RowProblem> {
  readonly format: string;
  readonly encoding: string | null;
  readonly headingRow: number;
  /** Headings the file has that map to no field: ignored, listed so nobody loses a column unaware. */
  readonly ignoredHeadings: string[];
  readonly dryRun: boolean;
  readonly skipInvalid: boolean;
  readonly rows: number;
  readonly validRows: number;
  readonly invalidRows: number;
  readonly problems: P[];
  /** Values a row left out and defaults filled in (and optional columns absent): not errors. */
  readonly warnings: P[];
  /** False when nothing was written: a dry run, or bad rows without skipInvalid. */
  readonly written: boolean;
  readonly results: Res[];
}

/**
 * The one way a sheet is imported: map and check every row (the plan's own rules, then keys
 * repeated within the file); write nothing on a dry run, or when any row is bad unless told to
 * skip bad rows; otherwise write the clean rows one at a time, in file order.
 */
export async function runImport<R extends PlannedRow<P>, Res, P extends RowProblem = RowProblem>(
  table: SourceTable,
  plan: ImportPlan<R, P>,
  options: RunOptions,
  write: (row: R) => Promise<Res>,
): Promise<RunReport<Res, P>> {
  const headingProblems = [...plan.headingProblems];
  const mapped = headingProblems.length ? [] : table.rows.map((r) => plan.map(r));
  const first = new Map<string, number>();
  const repeats: P[] = [];
  for (const r of mapped) {
    const key = plan.keyOf(r);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, r.row);
    else repeats.push(plan.repeated(r, seen));
  }
  const problems: P[] = [...headingProblems, ...mapped.flatMap((m) => m.problems), ...repeats];
  const badRows = new Set(problems.map((p) => p.row));
  const good = mapped.filter((m) => !badRows.has(m.row));
  const base = {
    format: table.format,
    encoding: table.encoding ?? null,
    headingRow: table.headingRow,
    ignoredHeadings: table.headings.filter((h) => h.text && !h.column).map((h) => h.text),
    dryRun: options.dryRun ?? false,
    skipInvalid: options.skipInvalid ?? false,
    rows: table.rows.length,
    validRows: good.length,
    invalidRows: headingProblems.length ? table.rows.length : mapped.length - good.length,
    problems: problems.sort((a, b) => a.row - b.row),
    warnings: [...(plan.headingWarnings ?? []), ...mapped.flatMap((m) => m.warnings ?? [])],
  };
  const blocked = headingProblems.length > 0 || (good.length < mapped.length && !base.skipInvalid);
  if (base.dryRun || blocked) return { ...base, written: false, results: [] };
  const results: Res[] = [];
  for (const [i, row] of good.entries()) {
    results.push(await write(row));
    options.onProgress?.(i + 1, good.length);
  }
  return { ...base, written: true, results };
}

/**
 * A refused row as its result: the domain's own words. Anything that is not a domain refusal is a
 * fault, not a row problem, and stops the import.
 */
export function refusedRow<B extends object, O extends string>(
  base: B,
  e: unknown,
  outcome: O,
): B & { outcome: O; zh: string; en: string } {
  if (!isTaizhangError(e) || e.code === 'INTERNAL') throw e;
  return { ...base, outcome, zh: e.zh, en: e.en };
}

/** A thrown value's words, for a row problem. */
export const describe = (e: unknown) =>
  isTaizhangError(e) ? { zh: e.zh, en: e.en } : { zh: String(e), en: String(e) };
