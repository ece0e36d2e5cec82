import type { Actor } from '../common/actor.js';
import { BadInputError, isTaizhangError } from '../common/errors.js';
import { refusedRow, runImport, type ImportPlan, type RunReport } from './import/import-run.js';
import { optionalIsoTime, recordId } from '../common/validation.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimitsConfig } from '../config/config.js';
import { changedFields } from '../tasks/domain/task.amendment.js';
import { AMENDABLE_FIELDS, type TaskCommand } from '../tasks/domain/task.commands.js';
import type { TaskState } from '../tasks/domain/task.state.js';
import { readTable } from './read-table.js';
import {
  defaultedHeadings,
  mapRow,
  missingHeadings,
  type MappedRow,
  type RowProblem,
} from './row-mapping.js';

/** Sends one task command; says whether its command id had been seen (nothing appended). */
export type SendTaskCommand = (
  taskId: string,
  command: TaskCommand,
  commandId: string,
  reason?: string,
) => Promise<{ duplicate: boolean }>;

/** The task as stored now (only asked for rows that conflict, and only when amending). */
export type ReadTask = (taskId: string) => Promise<TaskState>;

export interface ImportOptions {
  readonly inspectionId: string;
  /** The inspection's region: the province whose units the list's abbreviations name (Jiangxi if absent). */
  readonly regionCode?: string | null;
  readonly actor: Actor;
  /** Caps on reading the file (configuration; the defaults when not given). */
  readonly limits?: ImportLimitsConfig;
  readonly dryRun?: boolean;
  /** Import the good rows of a file that has bad ones (default: a bad row stops the whole file). */
  readonly skipInvalid?: boolean;
  /**
   * Amend tasks that exist with other content to what their row says, recording this reason
   * (default: such rows are reported as conflicts and left alone). Deadlines are not amended: a new
   * one needs adjustDeadline and its approver.
   */
  readonly amend?: { readonly reason: string; readonly readTask: ReadTask };
  readonly onProgress?: (done: number, total: number) => void;
}

export type RowOutcome = 'CREATED' | 'ALREADY_IMPORTED' | 'AMENDED' | 'CONFLICT' | 'FAILED';

export interface RowResult {
  readonly row: number;
  readonly taskId: string;
  readonly outcome: RowOutcome;
  readonly zh?: string;
  readonly en?: string;
}

export type ImportReport = RunReport<RowResult, RowProblem> & {
  readonly created: number;
  readonly alreadyImported: number;
  readonly amended: number;
  readonly conflicts: number;
  readonly failed: number;
};

/** Reads, maps and checks every row; writes only on a real run, and only clean rows. */
export async function importRectificationList(
  bytes: Uint8Array,
  options: ImportOptions,
  send: SendTaskCommand,
): Promise<ImportReport> {
  recordId('inspectionId', options.inspectionId);
  const amend = amendOptions(options);
  const table = await readTable(bytes, options.limits ?? DEFAULT_IMPORT_LIMITS);
  const plan: ImportPlan<MappedRow, RowProblem> = {
    headingProblems: missingHeadings(table),
    headingWarnings: defaultedHeadings(table),
    map: (r) => mapRow(table, r, options.inspectionId, options.actor, options.regionCode),
    keyOf: (r) => r.taskId,
    repeated: (r, seen) => ({
      row: r.row,
      column: '任务编号 / 序号',
      field: 'taskId',
      zh: `任务编号 ${r.taskId} 与第 ${seen} 行重复`,
      en: `Task ID ${r.taskId} repeats row ${seen}`,
    }),
  };
  const run = await runImport(table, plan, options, (row) => importRow(row, send, amend));
  const count = (o: RowOutcome) => run.results.filter((r) => r.outcome === o).length;
  const { results, ...base } = run;
  return {
    ...base,
    created: count('CREATED'),
    alreadyImported: count('ALREADY_IMPORTED'),
    amended: count('AMENDED'),
    conflicts: count('CONFLICT'),
    failed: count('FAILED'),
    results,
  };
}

type Amend = NonNullable<ImportOptions['amend']>;

function amendOptions(options: ImportOptions): Amend | undefined {
  if (!options.amend) return undefined;
  const reason = options.amend.reason.trim();
  if (!reason) {
    throw new BadInputError(
      '按表修改已有任务须说明原因',
      'Amending existing tasks from a file needs a reason',
      { field: 'amend' },
    );
  }
  return { ...options.amend, reason };
}

const isInvalidTransition = (e: unknown): boolean =>
  isTaizhangError(e) && e.code === 'INVALID_TRANSITION';

async function importRow(
  row: MappedRow,
  send: SendTaskCommand,
  amend: Amend | undefined,
): Promise<RowResult> {
  const base = { row: row.row, taskId: row.taskId };
  // INVALID_TRANSITION: the task exists (listed, or assigned) with other content than this row.
  const refused = (e: unknown): RowResult | Promise<RowResult> => {
    if (!isInvalidTransition(e)) return failed(base, e);
    return amend ? amendRow(row, send, amend) : conflict(base);
  };
  let listed: { duplicate: boolean };
  try {
    listed = await send(row.taskId, row.list, row.commandIds.list);
  } catch (e) {
    return refused(e);
  }
  if (!row.assign) return { ...base, outcome: listed.duplicate ? 'ALREADY_IMPORTED' : 'CREATED' };
  try {
    const assigned = await send(row.taskId, row.assign, row.commandIds.assign);
    return {
      ...base,
      outcome: listed.duplicate && assigned.duplicate ? 'ALREADY_IMPORTED' : 'CREATED',
    };
  } catch (e) {
    return refused(e);
  }
}

const conflict = (base: { row: number; taskId: string }): RowResult => ({
  ...base,
  outcome: 'CONFLICT',
  zh: `任务 ${base.taskId} 已存在且与本行内容不同，未作改动；如需按本行修改，请加 --amend "原因" 重新导入或用 amendTask`,
  en: `Task ${base.taskId} already exists with other content; left unchanged (import again with --amend "reason", or use amendTask)`,
});

/**
 * Brings an existing task to what its row says: the fields that differ, through AmendTask with the
 * reason given (the tasks domain decides who may, and in which states); a task never assigned gets
 * the row's assignment. The deadline is left to adjustDeadline and reported when it differs.
 */
async function amendRow(row: MappedRow, send: SendTaskCommand, amend: Amend): Promise<RowResult> {
  const base = { row: row.row, taskId: row.taskId };
  const task = await amend.readTask(row.taskId);
  const assignNow = row.assign !== null && task.status === 'LISTED';
  // A task never assigned takes the row's assignment as an assignment, not as an amendment.
  const fields: Record<string, unknown> = { ...(assignNow ? {} : row.assign), ...row.list };
  const changes = changedFields(
    task,
    Object.fromEntries(AMENDABLE_FIELDS.map((field) => [field, fields[field]])),
  );
  const amending = Object.keys(changes).length > 0;
  // Compared as the tasks domain stores it (a time), not as the cell wrote it (a day).
  const deadlineDiffers =
    row.assign !== null &&
    !assignNow &&
    optionalIsoTime('deadline', row.assign.deadline) !== task.deadline;
  try {
    if (amending) {
      const amendId = `${row.commandIds.list}-amend`;
      await send(row.taskId, { type: 'AmendTask', changes }, amendId, amend.reason);
    }
    if (assignNow && row.assign) await send(row.taskId, row.assign, row.commandIds.assign);
  } catch (e) {
    return failed(base, e, isInvalidTransition(e) ? 'CONFLICT' : 'FAILED');
  }
  const note = deadlineDiffers
    ? {
        zh: `时限未改（现为 ${task.deadline?.slice(0, 10) ?? '无'}，本行为 ${row.assign?.deadline ?? '无'}）：调整时限请用 adjustDeadline`,
        en: `Deadline left as ${task.deadline?.slice(0, 10) ?? 'none'} (row: ${row.assign?.deadline ?? 'none'}): use adjustDeadline to change it`,
      }
    : {};
  if (amending || assignNow) return { ...base, outcome: 'AMENDED', ...note };
  return deadlineDiffers
    ? { ...base, outcome: 'CONFLICT', ...note }
    : { ...base, outcome: 'ALREADY_IMPORTED' };
}

const failed = (
  base: { row: number; taskId: string },
  e: unknown,
  outcome: 'FAILED' | 'CONFLICT' = 'FAILED',
): RowResult => refusedRow(base, e, outcome);

export const requireInspectionId = (value: unknown): string => {
  if (typeof value !== 'string' || !value) {
    throw new BadInputError('需要督察轮次编号 inspectionId', 'inspectionId is required', {
      field: 'inspectionId',
    });
  }
  return recordId('inspectionId', value);
};
