import { createHash } from 'node:crypto';
import type { Actor } from '../common/actor.js';
import { BadInputError, isTaizhangError } from '../common/errors.js';
import { canonicalJson } from '../common/json.js';
import { integerIn, recordId } from '../common/validation.js';
import type { HandOverComplaint } from '../complaints/domain/complaint.commands.js';
import { complaintDecider } from '../complaints/domain/complaint.decider.js';
import { complaintIdOf } from '../complaints/domain/complaint.ids.js';
import type { PollutionType } from '../complaints/domain/complaint.catalogue.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimitsConfig } from '../config/config.js';
import { parseDate, splitRegion } from './cell-parsers.js';
import { COMPLAINT_SHEET_COLUMNS, type ComplaintSheetField } from './complaint-columns.js';
import {
  describe,
  refusedRow,
  runImport,
  type ImportPlan,
  type RowProblem,
  type RunReport,
} from './import/import-run.js';
import { readTable, type SourceRow, type SourceTable } from './read-table.js';

/** Sends one complaint command; says whether its command id had been seen (nothing appended). */
export type SendComplaintCommand = (
  complaintId: string,
  command: HandOverComplaint,
  commandId: string,
) => Promise<{ duplicate: boolean }>;

export interface ComplaintImportOptions {
  readonly inspectionId: string;
  readonly actor: Actor;
  /** The batch (第 N 批) when the sheet has no batch column; must agree with it when it has one. */
  readonly batch?: number;
  readonly limits?: ImportLimitsConfig;
  readonly dryRun?: boolean;
  readonly skipInvalid?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export type ComplaintRowOutcome = 'CREATED' | 'ALREADY_IMPORTED' | 'CONFLICT' | 'FAILED';

export interface ComplaintRowResult {
  readonly row: number;
  readonly trackingNumber: string;
  readonly complaintId: string;
  readonly outcome: ComplaintRowOutcome;
  readonly zh?: string;
  readonly en?: string;
}

type Problem = RowProblem<ComplaintSheetField>;

export type ComplaintImportReport = RunReport<ComplaintRowResult, Problem> & {
  /** Headings of the complainant's name or contact: recognised and never read. */
  readonly personalColumnsDropped: string[];
  readonly created: number;
  readonly alreadyImported: number;
  readonly conflicts: number;
  readonly failed: number;
};

interface MappedComplaint {
  readonly row: number;
  readonly complaintId: string;
  readonly command: HandOverComplaint;
  /** Derived from the inspection and the row's content: the same sheet again appends nothing. */
  readonly commandId: string;
  readonly problems: readonly Problem[];
}

const REQUIRED: readonly ComplaintSheetField[] = [
  'handedOverOn',
  'trackingNumber',
  'regionName',
  'pollutionTypes',
  'description',
  'handedTo',
  'replyDueOn',
];

const headingOf = (field: ComplaintSheetField) =>
  COMPLAINT_SHEET_COLUMNS.find((c) => c.field === field)!.zh;

function missingHeadings(table: SourceTable, batch: number | undefined): Problem[] {
  const present = new Set(table.headings.map((h) => h.column?.field));
  const need = batch === undefined ? [...REQUIRED, 'batch' as const] : REQUIRED;
  return need
    .filter((field) => !present.has(field))
    .map((field) => ({
      row: table.headingRow,
      column: headingOf(field),
      field,
      zh:
        field === 'batch' ? '缺少列“批次”（或在导入时指定 batch）' : `缺少列“${headingOf(field)}”`,
      en:
        field === 'batch'
          ? 'Column "批次" (batch) is missing: add it or give batch with the import'
          : `Column "${headingOf(field)}" is missing`,
    }));
}

const TYPE_WORDS: readonly [RegExp, PollutionType][] = [
  [/大气|空气|废气|扬尘|油烟|异味|臭气|烟尘/, 'AIR'],
  [/水|废水|污水/, 'WATER'],
  [/土壤/, 'SOIL'],
  [/噪声|噪音/, 'NOISE'],
  [/固废|固体废物|垃圾|危废|危险废物/, 'SOLID_WASTE'],
  [/生态/, 'ECOLOGY'],
  [/辐射|电磁/, 'RADIATION'],
  [/其他|其它/, 'OTHER'],
];

/** 污染类型 as the team writes it: 大气、水 / 噪声；固废 / 大气污染. */
function parseTypes(text: string): { types: PollutionType[]; unknown: string[] } {
  const types: PollutionType[] = [];
  const unknown: string[] = [];
  for (const part of text.split(/[、,，;；/|\s]+/).filter(Boolean)) {
    const found = TYPE_WORDS.find(([re]) => re.test(part));
    if (found) types.push(found[1]);
    else unknown.push(part);
  }
  return { types, unknown };
}

const YES = /^(是|√|✓|y|yes|true|1|重点|重点关注)$/i;
const NO = /^(否|无|—+|-+|\/|n|no|false|0|)$/i;

/** 受理方式 as written, or from the tracking number's first letter (D: 来电, X: 来信). */
function parseChannel(text: string, trackingNumber: string): string | undefined {
  if (/电话|来电|热线|12345|12369/.test(text)) return 'PHONE';
  if (/信|邮/.test(text)) return 'LETTER';
  if (text) return 'OTHER';
  if (/^D/i.test(trackingNumber)) return 'PHONE';
  if (/^X/i.test(trackingNumber)) return 'LETTER';
  return undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function mapComplaint(
  table: SourceTable,
  source: SourceRow,
  options: ComplaintImportOptions,
): MappedComplaint {
  const problems: Problem[] = [];
  const cell = (field: ComplaintSheetField): string => {
    const h = table.headings.find((x) => x.column?.field === field);
    return h ? (source.cells[h.index] ?? '').trim() : '';
  };
  const columnOf = (field: ComplaintSheetField) =>
    table.headings.find((h) => h.column?.field === field)?.text ?? headingOf(field);
  const problem = (field: ComplaintSheetField | null, zh: string, en: string) =>
    problems.push({ row: source.rowNumber, column: field ? columnOf(field) : '', field, zh, en });
  for (const field of REQUIRED) if (!cell(field)) problem(field, '不能为空', 'must not be empty');

  const trackingNumber = cell('trackingNumber');
  let batch = options.batch;
  if (cell('batch')) {
    const n = Number(/\d+/.exec(cell('batch'))?.[0] ?? NaN);
    if (!Number.isSafeInteger(n) || n < 1) {
      problem(
        'batch',
        '批次须为正整数，如 3 或 第3批',
        'batch must be a whole number, e.g. 3 or 第3批',
      );
    } else if (batch !== undefined && n !== batch) {
      problem(
        'batch',
        `本行为第 ${n} 批，导入指定第 ${batch} 批`,
        `row says batch ${n}, the import says ${batch}`,
      );
    } else batch = n;
  }
  const date = (field: ComplaintSheetField): string => {
    if (!cell(field)) return '';
    const d = parseDate(cell(field));
    if (!d)
      problem(field, '日期无法识别（如 2024-05-08、2024年5月8日）', 'not a date (e.g. 2024-05-08)');
    return d ?? '';
  };
  const handedOverOn = date('handedOverOn');
  const replyDueOn = date('replyDueOn');
  const { types, unknown } = parseTypes(cell('pollutionTypes'));
  if (unknown.length) {
    problem(
      'pollutionTypes',
      `无法识别的污染类型：${unknown.join('、')}（可用：大气、水、土壤、噪声、固废、生态、辐射、其他）`,
      `unknown pollution type(s): ${unknown.join(', ')}`,
    );
  }
  const channel = parseChannel(cell('channel'), trackingNumber);
  if (!channel) {
    problem(
      'channel',
      '缺少受理方式（来电、来信或其他）',
      'the channel (来电, 来信, other) is missing',
    );
  }
  const keyText = cell('keyAttention');
  if (!YES.test(keyText) && !NO.test(keyText)) {
    problem('keyAttention', '重点关注应填“是”或“否”', 'key attention is 是 (yes) or 否 (no)');
  }
  const dupText = cell('duplicateOf');
  let duplicateOf: string | null = null;
  if (!NO.test(dupText)) {
    duplicateOf = /[A-Za-z0-9]{4,}/.exec(dupText)?.[0] ?? null;
    if (!duplicateOf) {
      problem(
        'duplicateOf',
        '重复件须写明原件的受理编号',
        'a duplicate names the tracking number of the earlier case',
      );
    }
  }
  const region = splitRegion(cell('regionName'));
  const command: HandOverComplaint = {
    type: 'HandOverComplaint',
    complaintId: complaintIdOf(options.inspectionId, trackingNumber),
    inspectionId: options.inspectionId,
    batch: batch ?? 0,
    handedOverOn,
    trackingNumber,
    channel: channel ?? 'OTHER',
    keyAttention: YES.test(keyText),
    duplicateOf,
    regionCode: cell('regionCode') || region.code || '',
    regionName: region.name,
    pollutionTypes: [...new Set(types)],
    description: cell('description'),
    handedTo: cell('handedTo'),
    replyDueOn,
  };
  // The domain's own rules (lengths, codes, dates, roles) judge a row that parsed.
  if (!problems.length) {
    try {
      complaintDecider.decide(command, complaintDecider.initialState(), {
        actor: options.actor,
        at: '2000-01-01T00:00:00.000Z',
      });
    } catch (e) {
      const field = isTaizhangError(e) ? String(e.details.field ?? '') : '';
      const known = COMPLAINT_SHEET_COLUMNS.find((c) => c.field === field)?.field ?? null;
      problem(known, describe(e).zh, describe(e).en);
    }
  }
  const content = sha256(canonicalJson({ command }));
  return {
    row: source.rowNumber,
    complaintId: command.complaintId,
    command,
    commandId: `import-${content.slice(0, 40)}-handover`,
    problems,
  };
}

/**
 * Imports the inspection team's daily handover sheet: one HandOverComplaint per row, with the same
 * dry run, row-level problems and idempotency as the rectification list. A tracking number handed
 * over before with other content is a conflict and is left alone; the same sheet again writes
 * nothing. The complainant's name and contact columns are recognised and never read.
 */
export async function importComplaintSheet(
  bytes: Uint8Array,
  options: ComplaintImportOptions,
  send: SendComplaintCommand,
): Promise<ComplaintImportReport> {
  recordId('inspectionId', options.inspectionId);
  if (options.batch !== undefined) integerIn('batch', options.batch, 1, 10_000);
  const table = await readTable(bytes, options.limits ?? DEFAULT_IMPORT_LIMITS, 'complaints');
  const plan: ImportPlan<MappedComplaint, Problem> = {
    headingProblems: missingHeadings(table, options.batch),
    map: (r) => mapComplaint(table, r, options),
    keyOf: (r) => r.command.trackingNumber.toUpperCase(),
    repeated: (r, seen) => ({
      row: r.row,
      column: headingOf('trackingNumber'),
      field: 'trackingNumber',
      zh: `受理编号 ${r.command.trackingNumber} 与第 ${seen} 行重复`,
      en: `Tracking number ${r.command.trackingNumber} repeats row ${seen}`,
    }),
  };
  const run = await runImport(table, plan, options, async (row) => {
    const base = {
      row: row.row,
      trackingNumber: row.command.trackingNumber,
      complaintId: row.complaintId,
    };
    try {
      const out = await send(row.complaintId, row.command, row.commandId);
      return { ...base, outcome: out.duplicate ? 'ALREADY_IMPORTED' : 'CREATED' } as const;
    } catch (e) {
      // Handed over before with other content: the tracking number is taken in this inspection.
      const taken = isTaizhangError(e) && e.code === 'INVALID_TRANSITION';
      return refusedRow<typeof base, ComplaintRowOutcome>(base, e, taken ? 'CONFLICT' : 'FAILED');
    }
  });
  const count = (o: ComplaintRowOutcome) => run.results.filter((r) => r.outcome === o).length;
  const { results, ...base } = run;
  return {
    ...base,
    personalColumnsDropped: table.headings
      .filter((h) => h.column?.field === 'complainant')
      .map((h) => h.text),
    created: count('CREATED'),
    alreadyImported: count('ALREADY_IMPORTED'),
    conflicts: count('CONFLICT'),
    failed: count('FAILED'),
    results,
  };
}

/** The batch given with an import request, if any. */
export function optionalBatch(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new BadInputError('batch 须为正整数', 'batch must be a positive whole number', {
      field: 'batch',
    });
  }
  return n;
}
