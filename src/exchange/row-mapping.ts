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
  PATH_LABEL,
  TIER_LABEL,
  titleFromProblem,
  type Parsed,
} from './cell-parsers.js';
import { columnOf, type LedgerField } from './ledger-columns.js';
import { findUnit, resolveUnitCell, unknownUnitMessage } from '../common/units/units.js';
import type { Assignment } from '../tasks/domain/task.events.js';
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
  /** What the row left out and was filled in from the registry: shown, never blocking. */
  readonly warnings: readonly RowProblem[];
}

/** What a published list fixes for every problem (整改实施主体、目标、时限、措施、验收单位). */
const REQUIRED: readonly LedgerField[] = [
  'leadUnit',
  'target',
  'deadline',
  'measures',
  'acceptanceUnit',
];

/** Filled in from the unit registry, or left for later, when a list does not give them. */
const OPTIONAL: readonly LedgerField[] = [
  'responsibleLeader',
  'category',
  'regionName',
  'signOffTier',
];

/** Headings a list must have: reported once, against the heading row. */
export function missingHeadings(table: SourceTable): RowProblem[] {
  const present = presentFields(table);
  const problems: RowProblem[] = [];
  if (!present.has('title') && !present.has('problem')) {
    problems.push(missing(table.headingRow, '整改任务 / 存在问题', null));
  }
  for (const field of REQUIRED) {
    if (!present.has(field)) problems.push(missing(table.headingRow, columnOf(field).zh, field));
  }
  return problems;
}

const presentFields = (table: SourceTable) =>
  new Set(table.headings.map((h) => h.column?.field).filter(Boolean));

/** Optional headings a list lacks: a warning, once, saying where their values will come from. */
export function defaultedHeadings(table: SourceTable): RowProblem[] {
  const present = presentFields(table);
  const absent = OPTIONAL.filter((f) => !present.has(f));
  if (!absent.length) return [];
  const names = absent.map((f) => columnOf(f).zh);
  return [
    {
      row: table.headingRow,
      column: names.join('、'),
      field: null,
      zh: `未提供列“${names.join('”“')}”：地区与销号路径按单位名录由牵头单位推定，责任领导与类别留空，可日后用 amendTask 补充`,
      en: `No column ${absent.join(', ')}: region and sign-off path come from the lead unit in the unit registry; leader and category stay empty (amendTask fills them later)`,
    },
  ];
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
  scope?: string | null,
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
  const listedOnly = [
    ...REQUIRED,
    ...OPTIONAL,
    'supportingUnits' as const,
    'regionCode' as const,
  ].every((f) => !cell(f));
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
  // A region named without its code takes the code of the government of that name; none at all,
  // the lead unit's (the tasks domain fills it in from the unit registry).
  const regionCode =
    cell('regionCode') ||
    region.code ||
    (region.name && findUnit(region.name, scope)?.regionCode) ||
    '';
  if (listedOnly) {
    // nothing to check: no assignment
  } else if (!regionCode && region.name) {
    problem(
      'regionCode',
      `缺少行政区划代码，且“${region.name}”不是名录中的市县（可单列代码，或写在地区中，如 南昌市（360100））`,
      `region code missing and "${region.name}" is no city or county of the registry (give the code, e.g. 南昌市（360100）)`,
    );
  } else if (regionCode) {
    // The kernel's check: 6 or 9 digits, and on the shipped list of divisions.
    try {
      checkRegionCode('regionCode', regionCode);
    } catch (e) {
      problem(cell('regionCode') ? 'regionCode' : 'regionName', describe(e).zh, describe(e).en);
    }
  }
  // A sub-item names its parent by the parent's 序号 in the same list.
  let parentId: string | null = null;
  if (cell('parentNumber')) {
    const parent = take('parentNumber', parseNumber(cell('parentNumber')));
    if (parent !== undefined && !numbersOf(table).has(parent)) {
      problem(
        'parentNumber',
        `上级序号 ${parent} 不是本表中任何一行的序号`,
        `parent number ${parent} is the number of no row in this list`,
      );
    } else if (parent !== undefined) {
      parentId = `${inspectionId}-${String(parent).padStart(3, '0')}`;
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
    ...(parentId ? { parentId } : {}),
  };
  // A cell may name several units (“九江市、上饶市人民政府，省水利厅”): the first (or the one marked
  // （牵头）) leads, the others support; every name must be in the unit registry.
  const units = resolveUnitCell(cell('leadUnit'), scope);
  for (const u of units.unknown) {
    const { zh, en } = unknownUnitMessage(headingOf('leadUnit'), u.text, scope);
    problem('leadUnit', zh, en);
  }
  const supportingUnits = [
    ...units.supporting.map((u) => u.name),
    ...parseUnits(cell('supportingUnits')),
  ];
  const assign: AssignTaskCommand = {
    type: 'AssignTask',
    leadUnit: units.lead?.name ?? cell('leadUnit'),
    supportingUnits,
    responsibleLeader: leader
      ? {
          name: leader.name,
          position: leader.position,
          phone: cell('responsibleLeaderPhone') || null,
        }
      : null,
    acceptanceUnit: cell('acceptanceUnit'),
    target: cell('target'),
    measures: cell('measures'),
    deadline: deadline?.deadline ?? null,
    longTerm: deadline?.longTerm ?? false,
    category: cell('category') || null,
    regionCode: regionCode || null,
    regionName: region.name || null,
    signOffTier: tier ?? null,
  };
  const assigned = problems.length
    ? undefined
    : checkWithDecider(list, listedOnly ? null : assign, actor, problem);
  const warnings: RowProblem[] = [];
  if (assigned && !listedOnly) {
    const filled = defaultsApplied(assign, assigned);
    if (filled.zh.length) {
      warnings.push({
        row: source.rowNumber,
        column: headingOf('leadUnit'),
        field: null,
        zh: `按单位名录补充：${filled.zh.join('；')}`,
        en: `Filled in from the unit registry: ${filled.en.join('; ')}`,
      });
    }
  }
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
    warnings,
  };
}

/** What the decider filled in that the row did not give, for the dry run to show. */
function defaultsApplied(row: AssignTaskCommand, assigned: Assignment) {
  const zh: string[] = [];
  const en: string[] = [];
  if (!row.regionCode) {
    zh.push(`地区 ${assigned.regionName}（${assigned.regionCode}）`);
    en.push(`region ${assigned.regionName} (${assigned.regionCode})`);
  }
  if (!row.signOffTier) {
    zh.push(`销号层级 ${TIER_LABEL[assigned.signOffTier]}`);
    en.push(`sign-off tier ${assigned.signOffTier}`);
  }
  if (assigned.signOffPath) {
    const path = PATH_LABEL[assigned.signOffPath];
    const by = assigned.signOffDepartment ? `（${assigned.signOffDepartment}）` : '';
    zh.push(`销号路径 ${path.zh}${by}`);
    en.push(`sign-off path: ${path.en}${by}`);
  }
  if (!row.responsibleLeader) {
    zh.push('责任领导未填');
    en.push('no responsible leader');
  }
  return { zh, en };
}

const NUMBERS = new WeakMap<SourceTable, Set<number>>();

/** The 序号 every row of the table gives (read once per table). */
function numbersOf(table: SourceTable): Set<number> {
  let numbers = NUMBERS.get(table);
  if (!numbers) {
    const h = table.headings.find((x) => x.column?.field === 'number');
    numbers = new Set(
      h ? table.rows.map((r) => Number((r.cells[h.index] ?? '').trim())).filter((n) => n > 0) : [],
    );
    NUMBERS.set(table, numbers);
  }
  return numbers;
}

/** The tasks domain's own rules (lengths, codes, roles) judge the row, so import adds none of its own. */
function checkWithDecider(
  list: ListTaskCommand,
  assign: AssignTaskCommand | null,
  actor: Actor,
  problem: (field: LedgerField | null, zh: string, en: string) => void,
): Assignment | undefined {
  const meta = { actor, at: '2000-01-01T00:00:00.000Z' };
  try {
    const listed = taskDecider.decide(list, taskDecider.initialState(), meta);
    const state = listed.reduce(taskDecider.evolve, taskDecider.initialState());
    if (!assign) return undefined;
    const [event] = taskDecider.decide(assign, state, meta);
    if (event?.type !== 'TaskAssigned') return undefined;
    const { at: _at, ...assignment } = event.data;
    return assignment;
  } catch (e) {
    const field = isTaizhangError(e) ? fieldOfCommandField(String(e.details.field ?? '')) : null;
    problem(field, describe(e).zh, describe(e).en);
    return undefined;
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
