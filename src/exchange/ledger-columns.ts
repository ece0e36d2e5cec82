/**
 * The columns of a rectification ledger (DOMAIN.md, "The lifecycle of one rectification task"): the
 * heading a province's spreadsheet uses, the variants seen in real ledgers, and whether the column
 * may leave the building. Import maps headings through this table; every export writes from it.
 */
export type LedgerField =
  | 'taskId'
  | 'number'
  | 'parentNumber'
  | 'title'
  | 'problem'
  | 'leadUnit'
  | 'supportingUnits'
  | 'responsibleLeader'
  | 'responsibleLeaderPhone'
  | 'target'
  | 'deadline'
  | 'measures'
  | 'acceptanceUnit'
  | 'category'
  | 'regionCode'
  | 'regionName'
  | 'signOffTier'
  | 'status'
  | 'scheduleStatus'
  | 'completion'
  | 'latestProgress';

export interface LedgerColumn {
  readonly field: LedgerField;
  /** The heading exports write. */
  readonly zh: string;
  readonly en: string;
  /** Other headings accepted on import (compared after normalising, see `normaliseHeading`). */
  readonly variants: readonly string[];
  /** May appear in an export or a public disclosure. Leaders' phone numbers never do. */
  readonly public: boolean;
  /** Read on import (status columns are history, which an import cannot invent). */
  readonly importable: boolean;
}

const col = (
  field: LedgerField,
  zh: string,
  en: string,
  variants: string[],
  flags: { public?: boolean; importable?: boolean } = {},
): LedgerColumn => ({
  field,
  zh,
  en,
  variants,
  public: flags.public ?? true,
  importable: flags.importable ?? true,
});

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  col('taskId', '任务编号', 'Task ID', ['编号', '任务ID', 'ID', 'task id']),
  col('number', '序号', 'No.', ['序', '编码序号', 'number', 'no']),
  col('parentNumber', '上级序号', 'Parent No.', [
    '父项序号',
    '所属问题序号',
    '所属序号',
    'parent no',
  ]),
  col('title', '整改任务', 'Task', ['任务名称', '整改事项', '整改任务名称', 'task', 'title']),
  col('problem', '存在问题', 'Problem', [
    '问题',
    '问题描述',
    '反馈问题',
    '督察反馈问题',
    '整改问题',
    '主要问题',
    '问题清单',
  ]),
  col('leadUnit', '责任单位', 'Lead unit', [
    '牵头单位',
    '整改实施主体',
    '实施主体',
    '责任主体',
    '整改责任单位',
    '牵头责任单位',
    'lead unit',
    'implementing entity',
  ]),
  col('supportingUnits', '配合单位', 'Supporting units', [
    '协办单位',
    '配合责任单位',
    'supporting unit',
  ]),
  col('responsibleLeader', '责任领导', 'Responsible leader', [
    '责任人',
    '牵头领导',
    '分管领导',
    'leader',
  ]),
  col(
    'responsibleLeaderPhone',
    '责任领导联系电话',
    "Leader's phone",
    ['联系电话', '联系方式', '电话', 'phone'],
    { public: false },
  ),
  col('target', '整改目标', 'Target', ['目标', '整改要求', 'target']),
  col('deadline', '整改时限', 'Deadline', ['完成时限', '时限', '整改期限', '完成时间', 'deadline']),
  col('measures', '整改措施', 'Measures', ['措施', '主要措施', 'measures']),
  col('acceptanceUnit', '验收单位', 'Acceptance unit', [
    '验收责任单位',
    '验收部门',
    'acceptance unit',
  ]),
  col('category', '类别', 'Category', ['问题类别', '问题类型', '所属领域', '类型', 'category']),
  col('regionCode', '行政区划代码', 'Region code', ['区划代码', '地区代码', 'region code']),
  col('regionName', '地区', 'Region', ['所属地区', '行政区划', '设区市', '地市', 'region']),
  col('signOffTier', '销号层级', 'Sign-off tier', ['销号级别', '销号单位层级', 'sign-off tier']),
  col('status', '当前状态', 'Status', [], { importable: false }),
  col('scheduleStatus', '序时进度', 'Schedule', [], { importable: false }),
  col('completion', '完成情况', 'Completion', ['整改完成情况', '完成状态'], { importable: false }),
  col('latestProgress', '最新进展', 'Latest progress', ['整改进展'], { importable: false }),
];

/** Headings compare without spaces, line breaks, punctuation, case, or notes in brackets. */
export const normaliseHeading = (text: string): string =>
  text
    .replace(/[（(【[][^）)】\]]*[）)】\]]/g, '')
    .replace(/[\s*＊:：/、_\-—.]/g, '')
    .toLowerCase();

const BY_HEADING = new Map<string, LedgerColumn>();
for (const c of LEDGER_COLUMNS) {
  for (const h of [c.zh, c.en, c.field, ...c.variants]) BY_HEADING.set(normaliseHeading(h), c);
}

/** The column a heading names, if it names one. */
export const columnOfHeading = (heading: string): LedgerColumn | undefined =>
  BY_HEADING.get(normaliseHeading(heading));

export const columnOf = (field: LedgerField): LedgerColumn =>
  LEDGER_COLUMNS.find((c) => c.field === field)!;
