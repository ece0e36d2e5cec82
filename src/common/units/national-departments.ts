import type { Unit } from './unit.js';

/**
 * The departments every provincial-level government has, by their standard names (a province's 厅,
 * a municipality's 局 or 委员会), with the abbreviations lists use, written with the 省 prefix:
 * `provinceDepartments` derives each province's units and rewrites 省 to that province's prefix
 * (自治区/区 for an autonomous region, 市 for a municipality). Jiangxi's own departments, with their
 * local aliases, stay in provincial-units.ts.
 */
const TABLE: readonly (readonly [
  code: string,
  province: string,
  municipality: string,
  ...aliases: string[],
])[] = [
  ['FGW', '发展和改革委员会', '发展和改革委员会', '省发展改革委', '省发改委'],
  ['GXT', '工业和信息化厅', '经济和信息化局', '省工信厅'],
  ['GAT', '公安厅', '公安局'],
  ['CZT', '财政厅', '财政局'],
  ['ZRZYT', '自然资源厅', '规划和自然资源委员会', '省自然资源厅'],
  ['STHJT', '生态环境厅', '生态环境局', '省环境厅'],
  ['ZJT', '住房和城乡建设厅', '住房和城乡建设委员会', '省住房城乡建设厅', '省住建厅'],
  ['JTYST', '交通运输厅', '交通委员会', '省交通厅'],
  ['SLT', '水利厅', '水务局'],
  ['NYNCT', '农业农村厅', '农业农村局', '省农业厅'],
  ['SWT', '商务厅', '商务局'],
  ['WHLYT', '文化和旅游厅', '文化和旅游局', '省文旅厅'],
  ['WJW', '卫生健康委员会', '卫生健康委员会', '省卫生健康委', '省卫健委'],
  ['YJT', '应急管理厅', '应急管理局', '省应急厅'],
  ['SCJGJ', '市场监督管理局', '市场监督管理局', '省市场监管局'],
  ['LYJ', '林业局', '园林绿化局'],
  ['SJT', '审计厅', '审计局'],
  ['KJT', '科学技术厅', '科学技术委员会', '省科技厅'],
  ['JYT', '教育厅', '教育委员会'],
  ['SFT', '司法厅', '司法局'],
  ['RST', '人力资源和社会保障厅', '人力资源和社会保障局', '省人社厅'],
  ['TJJ', '统计局', '统计局'],
  ['GZW', '人民政府国有资产监督管理委员会', '人民政府国有资产监督管理委员会', '省国资委'],
];

/** How a provincial-level division's name begins and how its abbreviations are written. */
export interface ProvinceNaming {
  readonly code: string;
  /** 广东省, 广西壮族自治区, 北京市 */
  readonly name: string;
  /** 广东, 广西, 北京: the short form lists put before a department (广东生态环境厅) */
  readonly short: string;
  /** The prefixes that stand for the province in abbreviations: 省, 自治区 and 区, or 市. */
  readonly prefixes: readonly string[];
  readonly municipality: boolean;
}

const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000']);

export function provinceNaming(code: string, name: string): ProvinceNaming {
  const municipality = MUNICIPALITIES.has(code);
  const autonomous = name.endsWith('自治区');
  const short = name.replace(/(壮族|回族|维吾尔)?自治区$|省$|市$/, '');
  return {
    code,
    name,
    short,
    prefixes: municipality ? ['市'] : autonomous ? ['自治区', '区'] : ['省'],
    municipality,
  };
}

/** One province's departments from the standard table (not used for Jiangxi, whose list is its own). */
export function provinceDepartments(p: ProvinceNaming): Unit[] {
  return TABLE.map(([code, provinceName, municipalName, ...aliases]) => {
    const bare = p.municipality ? municipalName : provinceName;
    const names = aliases.flatMap((a) => {
      const rest = a.replace(/^省/, '');
      const fitted = p.municipality ? rest.replace(/厅$/, '局') : rest;
      return [`${p.name}${fitted}`, `${p.short}${fitted}`];
    });
    return {
      code: `DEPT-${p.code}-${code}`,
      name: `${p.name}${bare}`,
      aliases: [...new Set([`${p.short}${bare}`, ...names])],
      kind: 'PROVINCIAL_DEPARTMENT' as const,
      parent: null,
      regionCode: p.code,
    };
  });
}
