import { createHash } from 'node:crypto';
import type { Actor } from '../common/actor.js';
import { isTaizhangError } from '../common/errors.js';
import { canonicalJson } from '../common/json.js';
import { recordId, regionCode as checkRegionCode } from '../common/validation.js';
import type { TaskCommand } from '../tasks/domain/task.commands.js';
import { taskDecider } from '../tasks/domain/task.decider.js';
import {
  parseDeadline,
  parseLeader,
  parseNumber,
  parseTier,
  parseUnits,
  splitRegion,
  titleFromProblem,
  type Parsed,
} from './cell-parsers.js';
import { columnOf, type LedgerField } from './ledger-columns.js';
import type { SourceRow, SourceTable } from './read-table.js';
import { describe, type RowProblem as GenericRowProblem } from './import/import-run.js';

/** One thing wrong with one cell of a rectification list. */
export type RowProblem = GenericRowProblem<LedgerField>;

export type ListTaskCommand = Extract<TaskCommand, { type: 'ListTask' }>;
export type AssignTaskCommand = Extract<TaskCommand, { type: 'AssignTask' }>;

export interface MappedRow {
  readonly row: number;
  readonly taskId: string;
  readonly list: ListTaskCommand;
  /** null for a row that is listed but not yet assigned (no assignment cell filled in). */
  readonly assign: AssignTaskCommand | null;
  /** Derived from the inspection, the task id and the row's content: a re-import appends nothing. */
  readonly commandIds: { readonly list: string; readonly assign: string };
  readonly problems: readonly RowProblem[];
}

const REQUIRED: readonly LedgerField[] = [
  'leadUnit',
  'responsibleLeader',
  'target',
  'deadline',
  'measures',
  'acceptanceUnit',
  'category',
  'regionName',
  'signOffTier',
];

/** Headings a list must have: reported once, against the heading row. */
export function missingHeadings(table: SourceTable): RowProblem[] {
  const present = new Set(table.headings.map((h) => h.column?.field).filter(Boolean));
  const need = [...REQUIRED];
  const problems: RowProblem[] = [];
  if (!present.has('title') && !present.has('problem')) {
    problems.push(missing(table.headingRow, '整改任务 / 存在问题', null));
  }
  for (const field of need) {
    if (!present.has(field)) problems.push(missing(table.headingRow, columnOf(field).zh, field));
  }
  return problems;
}

const missing = (row: number, heading: string, field: LedgerField | null): RowProblem => ({
  row,
  column: heading,
  field,
  zh: `缺少列“${heading}”`,
  en: `Column "${heading}" is missing`,
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Maps one row to the ListTask and AssignTask it stands for, with every problem it has. */
export function mapRow(
  table: SourceTable,
  source: SourceRow,
  inspectionId: string,
  actor: Actor,
): MappedRow {
  const problems: RowProblem[] = [];
  const headingOf = (field: LedgerField) =>
    table.headings.find((h) => h.column?.field === field)?.text ?? columnOf(field).zh;
  const cell = (field: LedgerField): string => {
    const h = table.headings.find((x) => x.column?.field === field);
    return h ? (source.cells[h.index] ?? '').trim() : '';
  };
  const problem = (field: LedgerField | null, zh: string, en: string) =>
    problems.push({
      row: source.rowNumber,
      column: field ? headingOf(field) : '',
      field,
      zh,
      en,
    });
  const take = <T>(field: LedgerField, parsed: Parsed<T>): T | undefined => {
    if (parsed.ok) return parsed.value;
    problem(field, parsed.zh, parsed.en);
    return undefined;
  };
  // A row with no assignment cell filled in stands for a task listed but not yet assigned.
  const listedOnly = [...REQUIRED, 'supportingUnits' as const, 'regionCode' as const].every(
    (f) => !cell(f),
  );
  for (const field of listedOnly ? [] : REQUIRED) {
    if (table.headings.some((h) => h.column?.field === field) && !cell(field)) {
      problem(field, '不能为空', 'must not be empty');
    }
  }
  const problemText = cell('problem') || cell('title');
  if (!problemText) problem('problem', '整改任务与存在问题不能都为空', 'give a task or a problem');
  const title = cell('title') || titleFromProblem(problemText);
  const number = cell('number') ? take('number', parseNumber(cell('number'))) : undefined;
  const deadline = cell('deadline') ? take('deadline', parseDeadline(cell('deadline'))) : undefined;
  const leader = cell('responsibleLeader')
    ? take('responsibleLeader', parseLeader(cell('responsibleLeader')))
    : undefined;
  const tier = cell('signOffTier')
    ? take('signOffTier', parseTier(cell('signOffTier')))
    : undefined;
  const region = splitRegion(cell('regionName'));
  const regionCode = cell('regionCode') || region.code || '';
  if (listedOnly) {
    // nothing to check: no assignment
  } else if (!regionCode) {
    problem(
      'regionCode',
      '缺少行政区划代码（可单列，或写在地区中，如 南昌市（360100））',
      'region code missing (its own column, or in the region, e.g. 南昌市（360100）)',
    );
  } else {
    // The kernel's check: 6 or 9 digits, and on the shipped list of divisions.
    try {
      checkRegionCode('regionCode', regionCode);
    } catch (e) {
      problem(cell('regionCode') ? 'regionCode' : 'regionName', describe(e).zh, describe(e).en);
    }
  }
  let taskId = cell('taskId');
  if (!taskId) {
    taskId =
      number !== undefined
        ? `${inspectionId}-${String(number).padStart(3, '0')}`
        : `${inspectionId}-h${sha256(problemText).slice(0, 12)}`;
  }
  try {
    recordId('taskId', taskId);
  } catch (e) {
    problem('taskId', describe(e).zh, describe(e).en);
  }

  const list: ListTaskCommand = {
    type: 'ListTask',
    taskId,
    inspectionId,
    number: number ?? null,
    title,
    problem: problemText,
  };
  const assign: AssignTaskCommand = {
    type: 'AssignTask',
    leadUnit: cell('leadUnit'),
    supportingUnits: parseUnits(cell('supportingUnits')),
    responsibleLeader: {
      name: leader?.name ?? '',
      position: leader?.position ?? '',
      phone: cell('responsibleLeaderPhone') || null,
    },
    acceptanceUnit: cell('acceptanceUnit'),
    target: cell('target'),
    measures: cell('measures'),
    deadline: deadline?.deadline ?? null,
    longTerm: deadline?.longTerm ?? false,
    category: cell('category'),
    regionCode,
    regionName: region.name,
    signOffTier: tier ?? 'CITY',
  };
  if (!problems.length) checkWithDecider(list, listedOnly ? null : assign, actor, problem);
  const content = sha256(canonicalJson({ inspectionId, taskId, list, assign }));
  return {
    row: source.rowNumber,
    taskId,
    list,
    assign: listedOnly ? null : assign,
    commandIds: {
      list: `import-${content.slice(0, 40)}-list`,
      assign: `import-${content.slice(0, 40)}-assign`,
    },
    problems,
  };
}

/** The tasks domain's own rules (lengths, codes, roles) judge the row, so import adds none of its own. */
function checkWithDecider(
  list: ListTaskCommand,
  assign: AssignTaskCommand | null,
  actor: Actor,
  problem: (field: LedgerField | null, zh: string, en: string) => void,
): void {
  const meta = { actor, at: '2000-01-01T00:00:00.000Z' };
  try {
    const listed = taskDecider.decide(list, taskDecider.initialState(), meta);
    const state = listed.reduce(taskDecider.evolve, taskDecider.initialState());
    if (assign) taskDecider.decide(assign, state, meta);
  } catch (e) {
    const field = isTaizhangError(e) ? fieldOfCommandField(String(e.details.field ?? '')) : null;
    problem(field, describe(e).zh, describe(e).en);
  }
}

const fieldOfCommandField = (name: string): LedgerField | null => {
  const head = name.split(/[.[]/)[0];
  if (head === 'responsibleLeader') {
    return name.endsWith('phone') ? 'responsibleLeaderPhone' : 'responsibleLeader';
  }
  const known: readonly string[] = [
    'taskId',
    'number',
    'title',
    'problem',
    'leadUnit',
    'supportingUnits',
    'target',
    'deadline',
    'measures',
    'acceptanceUnit',
    'category',
    'regionCode',
    'regionName',
    'signOffTier',
  ];
  return known.includes(head) ? (head as LedgerField) : null;
};
