/**
 * A rectification list as the notice publishes it: only 序号, 问题, 整改实施主体, 整改目标, 整改时限,
 * 整改措施 and 验收单位 (optionally a parent-number column for sub-items). 92 problems, as Jiangxi's
 * third round had, led by cities (some named bare, 九江市), counties, provincial departments by
 * their abbreviations (省住建厅), and several cells naming more than one unit.
 */
export const NOTICE_HEADINGS = [
  '序号',
  '问题',
  '整改实施主体',
  '整改目标',
  '整改时限',
  '整改措施',
  '验收单位',
] as const;

/** Lead-unit cells, in turn, with the acceptance unit that fits each (never one of its units). */
const UNIT_CELLS: readonly [string, string][] = [
  ['九江市人民政府', '省生态环境厅'],
  ['南昌市', '省住建厅'],
  ['赣州市人民政府', '省自然资源厅'],
  ['都昌县人民政府', '省水利厅'],
  ['省住建厅', '省生态环境厅'],
  ['省生态环境厅', '省发展改革委'],
  ['九江市、上饶市人民政府，省水利厅', '省生态环境厅'],
  ['省水利厅（牵头）、省农业农村厅', '省生态环境厅'],
  ['景德镇市人民政府', '省工信厅'],
  ['省工信厅，省发改委', '省生态环境厅'],
  ['修水县', '省林业局'],
  ['江投集团', '省国资委'],
  ['吉安市、宜春市、抚州市人民政府', '省自然资源厅'],
];

const DEADLINES = [
  '2025年12月底',
  '2026-06-30',
  '2025年底前',
  '2026年12月底，长期坚持',
  '长期坚持',
];

export interface NoticeRow {
  readonly number: number;
  readonly problem: string;
  readonly units: string;
  readonly acceptance: string;
  readonly deadline: string;
}

export function noticeRows(count = 92): NoticeRow[] {
  return Array.from({ length: count }, (_, i) => {
    const [units, acceptance] = UNIT_CELLS[i % UNIT_CELLS.length];
    return {
      number: i + 1,
      problem: `【测试】第 ${i + 1} 个反馈问题：部分区域生态环境问题整改不到位。`,
      units,
      acceptance,
      deadline: DEADLINES[i % DEADLINES.length],
    };
  });
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The list as UTF-8 CSV. `children` adds rows under a parent's 序号 (column 上级序号), each with its
 * own unit and deadline; child rows take numbers after the last problem.
 */
export function noticeCsv(
  rows: readonly NoticeRow[] = noticeRows(),
  children: readonly { parent: number; units: string; acceptance: string; deadline: string }[] = [],
): Buffer {
  const withParent = children.length > 0;
  const head = [...NOTICE_HEADINGS, ...(withParent ? ['上级序号'] : [])];
  const line = (r: NoticeRow, parent = '') =>
    [
      String(r.number),
      r.problem,
      r.units,
      '问题整改到位，长效机制建立',
      r.deadline,
      '制定方案；落实整改；建立长效机制',
      r.acceptance,
      ...(withParent ? [parent] : []),
    ]
      .map(csvCell)
      .join(',');
  const next = rows.length;
  const lines = [
    head.join(','),
    ...rows.map((r) => line(r)),
    ...children.map((c, i) =>
      line(
        {
          number: next + i + 1,
          problem: `【测试】第 ${c.parent} 个问题的子项 ${i + 1}`,
          units: c.units,
          acceptance: c.acceptance,
          deadline: c.deadline,
        },
        String(c.parent),
      ),
    ),
  ];
  return Buffer.from(`\ufeff${lines.join('\n')}\n`, 'utf8');
}
