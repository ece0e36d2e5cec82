import type { Unit } from './unit.js';

/**
 * Provincial departments, state-owned enterprises and other bodies of Jiangxi that rectification
 * lists name, with the abbreviations the published lists use. Every `江西省X` also answers to `省X`
 * and `X` (units.ts adds those), so only other short forms are listed here.
 */
const dept = (code: string, name: string, ...aliases: string[]): Unit => ({
  code: `DEPT-${code}`,
  name,
  aliases,
  kind: 'PROVINCIAL_DEPARTMENT',
  parent: null,
  regionCode: '360000',
});

const soe = (code: string, name: string, ...aliases: string[]): Unit => ({
  code: `SOE-${code}`,
  name,
  aliases,
  kind: 'STATE_OWNED_ENTERPRISE',
  parent: null,
  regionCode: '360000',
});

export const PROVINCIAL_UNITS: readonly Unit[] = [
  dept('FGW', '江西省发展和改革委员会', '省发展改革委', '省发改委'),
  dept('GXT', '江西省工业和信息化厅', '省工信厅'),
  dept('GAT', '江西省公安厅'),
  dept('CZT', '江西省财政厅'),
  dept('ZRZYT', '江西省自然资源厅', '省自然资源厅'),
  dept('STHJT', '江西省生态环境厅', '省环境厅'),
  dept('ZJT', '江西省住房和城乡建设厅', '省住房城乡建设厅', '省住建厅'),
  dept('JTYST', '江西省交通运输厅', '省交通厅'),
  dept('SLT', '江西省水利厅'),
  dept('NYNCT', '江西省农业农村厅', '省农业厅'),
  dept('SWT', '江西省商务厅'),
  dept('WHLYT', '江西省文化和旅游厅', '省文旅厅'),
  dept('WJW', '江西省卫生健康委员会', '省卫生健康委', '省卫健委'),
  dept('YJT', '江西省应急管理厅', '省应急厅'),
  dept('SCJGJ', '江西省市场监督管理局', '省市场监管局'),
  dept('LYJ', '江西省林业局'),
  dept('NYJ', '江西省能源局'),
  dept('SJT', '江西省审计厅'),
  dept('KJT', '江西省科学技术厅', '省科技厅'),
  dept('JYT', '江西省教育厅'),
  dept('SFT', '江西省司法厅'),
  dept('RST', '江西省人力资源和社会保障厅', '省人社厅'),
  dept('TJJ', '江西省统计局'),
  dept('GZW', '江西省人民政府国有资产监督管理委员会', '省国资委', '江西省国资委'),
  dept('QXJ', '江西省气象局'),
  dept('JCY', '江西省人民检察院', '省检察院'),
  soe('JTJT', '江西省投资集团有限公司', '江投集团', '省投资集团'),
  soe('JTJC', '江西铜业集团有限公司', '江铜集团'),
  soe('JTTZ', '江西省交通投资集团有限责任公司', '江西交投', '省交投集团'),
  soe('SLTZ', '江西省水利投资集团有限公司', '江西水投', '省水投集团'),
  {
    code: 'OFFICE-DCB',
    name: '江西省生态环境保护督察整改工作领导小组办公室',
    aliases: ['省督察办', '江西省督察办', '督察办', '省督察整改办'],
    kind: 'OTHER',
    parent: 'OFFICE-LDXZ',
    regionCode: '360000',
  },
  {
    code: 'OFFICE-LDXZ',
    name: '江西省生态环境保护督察整改工作领导小组',
    aliases: ['省整改领导小组', '领导小组'],
    kind: 'OTHER',
    parent: null,
    regionCode: '360000',
  },
];
