import type { Actor } from '../auth/actor.js';
import { BadInputError, isTaizhangError } from '../common/errors.js';
import { recordId } from '../common/validation.js';
import type { TaskCommand } from '../tasks/task.commands.js';
import { readTable } from './read-table.js';
import { mapRow, missingHeadings, type MappedRow, type RowProblem } from './row-mapping.js';

/** Sends one task command; says whether its command id had been seen (nothing appended). */
export type SendTaskCommand = (
  taskId: string,
  command: TaskCommand,
  commandId: string,
) => Promise<{ duplicate: boolean }>;

export interface ImportOptions {
  readonly inspectionId: string;
  readonly actor: Actor;
  readonly dryRun?: boolean;
  /** Import the good rows of a file that has bad ones (default: a bad row stops the whole file). */
  readonly skipInvalid?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export type RowOutcome = 'CREATED' | 'ALREADY_IMPORTED' | 'CONFLICT' | 'FAILED';

export interface RowResult {
  readonly row: number;
  readonly taskId: string;
  readonly outcome: RowOutcome;
  readonly zh?: string;
  readonly en?: string;
}

export interface ImportReport {
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
  readonly problems: RowProblem[];
  /** False when nothing was written: a dry run, or bad rows without skipInvalid. */
  readonly written: boolean;
  readonly created: number;
  readonly alreadyImported: number;
  readonly conflicts: number;
  readonly failed: number;
  readonly results: RowResult[];
}

/** Reads, maps and checks every row; writes only on a real run, and only clean rows. */
export async function importRectificationList(
  bytes: Uint8Array,
  options: ImportOptions,
  send: SendTaskCommand,
): Promise<ImportReport> {
  recordId('inspectionId', options.inspectionId);
  const table = await readTable(bytes);
  const headingProblems = missingHeadings(table);
  const mapped = headingProblems.length
    ? []
    : table.rows.map((r) => mapRow(table, r, options.inspectionId, options.actor));
  const duplicates = duplicateKeys(mapped);
  const problems = [...headingProblems, ...mapped.flatMap((m) => m.problems), ...duplicates];
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
  };
  const blocked = headingProblems.length > 0 || (good.length < mapped.length && !base.skipInvalid);
  if (base.dryRun || blocked) {
    return {
      ...base,
      written: false,
      created: 0,
      alreadyImported: 0,
      conflicts: 0,
      failed: 0,
      results: [],
    };
  }
  const results: RowResult[] = [];
  for (const [i, row] of good.entries()) {
    results.push(await importRow(row, send));
    options.onProgress?.(i + 1, good.length);
  }
  const count = (o: RowOutcome) => results.filter((r) => r.outcome === o).length;
  return {
    ...base,
    written: true,
    created: count('CREATED'),
    alreadyImported: count('ALREADY_IMPORTED'),
    conflicts: count('CONFLICT'),
    failed: count('FAILED'),
    results,
  };
}

async function importRow(row: MappedRow, send: SendTaskCommand): Promise<RowResult> {
  const base = { row: row.row, taskId: row.taskId };
  let listed: { duplicate: boolean };
  try {
    listed = await send(row.taskId, row.list, row.commandIds.list);
  } catch (e) {
    if (isTaizhangError(e) && e.code === 'INVALID_TRANSITION') {
      return {
        ...base,
        outcome: 'CONFLICT',
        zh: `任务 ${row.taskId} 已存在且与本行内容不同，未作改动；如需修改请用 amendTask`,
        en: `Task ${row.taskId} already exists with other content; left unchanged (use amendTask to change it)`,
      };
    }
    return failed(base, e);
  }
  if (!row.assign) return { ...base, outcome: listed.duplicate ? 'ALREADY_IMPORTED' : 'CREATED' };
  try {
    const assigned = await send(row.taskId, row.assign, row.commandIds.assign);
    return {
      ...base,
      outcome: listed.duplicate && assigned.duplicate ? 'ALREADY_IMPORTED' : 'CREATED',
    };
  } catch (e) {
    return failed(base, e);
  }
}

const failed = (base: { row: number; taskId: string }, e: unknown): RowResult => {
  if (!isTaizhangError(e) || e.code === 'INTERNAL') throw e;
  return { ...base, outcome: 'FAILED', zh: e.zh, en: e.en };
};

function duplicateKeys(rows: readonly MappedRow[]): RowProblem[] {
  const first = new Map<string, number>();
  const problems: RowProblem[] = [];
  for (const r of rows) {
    const seen = first.get(r.taskId);
    if (seen === undefined) first.set(r.taskId, r.row);
    else
      problems.push({
        row: r.row,
        column: '任务编号 / 序号',
        field: 'taskId',
        zh: `任务编号 ${r.taskId} 与第 ${seen} 行重复`,
        en: `Task ID ${r.taskId} repeats row ${seen}`,
      });
  }
  return problems;
}

export const requireInspectionId = (value: unknown): string => {
  if (typeof value !== 'string' || !value) {
    throw new BadInputError('需要督察轮次编号 inspectionId', 'inspectionId is required', {
      field: 'inspectionId',
    });
  }
  return recordId('inspectionId', value);
};
