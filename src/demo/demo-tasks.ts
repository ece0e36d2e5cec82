/**
 * The demo rectification list: fictional items in the shape of a provincial list after the third
 * round of central inspection in Jiangxi. `until` is how far each one gets through the lifecycle.
 */
export type DemoStage =
  | 'LISTED'
  | 'ASSIGNED'
  | 'IN_PROGRESS'
  | 'BEHIND_SUPERVISED'
  | 'ACCEPTANCE_REQUESTED'
  | 'REJECTED'
  | 'ACCEPTED'
  | 'PUBLIC_NOTICE'
  | 'VERIFYING'
  | 'COUNTY_SIGNED_OFF'
  | 'CITY_SIGNED_OFF'
  | 'DEPARTMENT_SIGNED_OFF'
  /** Through the whole sign-off chain, not drawn for a spot check. */
  | 'SIGNED_OFF'
  | 'SIGNED_OFF_PASSED'
  | 'LONG_TERM'
  | 'REOPENED';

export interface DemoTask {
  readonly id: string;
  readonly title: string;
  readonly problem: string;
  readonly leadUnit: string;
  readonly city: string;
  readonly cityCode: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly category: string;
  readonly acceptanceUnit: string;
  readonly tier: 'CITY' | 'PROVINCIAL';
  readonly deadline: string | null;
  readonly until: DemoStage;
}

const t = (
  n: number,
  title: string,
  problem: string,
  [leadUnit, city, cityCode, regionCode, regionName]: [string, string, string, string, string],
  category: string,
  acceptanceUnit: string,
  tier: 'CITY' | 'PROVINCIAL',
  deadline: string | null,
  until: DemoStage,
): DemoTask => ({
  id: `DEMO-${String(n).padStart(2, '0')}`,
  title: `【演示】${title}`,
  problem,
  leadUnit,
  city,
  cityCode,
  regionCode,
  regionName,
  category,
  acceptanceUnit,
  tier,
  deadline,
  until,
});

const JJ: [string, string, string, string, string] = [
  '九江市人民政府',
  '九江市人民政府',
  '360400',
  '360428',
  '九江市都昌县',
];

export const DEMO_TASKS: readonly DemoTask[] = [
  t(
    1,
    '部分县城生活污水处理厂进水浓度偏低',
    '管网错接混接，进水 BOD 浓度长期偏低（示例）。',
    ['江西省住房和城乡建设厅', '南昌市人民政府', '360100', '360100', '南昌市'],
    '水污染',
    '江西省住房和城乡建设厅',
    'PROVINCIAL',
    '2025-12-31',
    'LISTED',
  ),
  t(
    2,
    '陶瓷企业窑炉废气治理不到位',
    '部分企业脱硫脱硝设施不正常运行（示例）。',
    ['景德镇市人民政府', '景德镇市人民政府', '360200', '360203', '景德镇市珠山区'],
    '大气污染',
    '江西省生态环境厅',
    'CITY',
    '2025-12-31',
    'ASSIGNED',
  ),
  t(
    3,
    '稀土矿山生态修复进展缓慢',
    '废弃稀土矿区植被恢复率低，水土流失严重（示例）。',
    ['赣州市人民政府', '赣州市人民政府', '360700', '360728', '赣州市定南县'],
    '矿山生态',
    '江西省自然资源厅',
    'PROVINCIAL',
    '2026-12-31',
    'IN_PROGRESS',
  ),
  t(
    4,
    '长江岸线非法码头整治不彻底',
    '部分已取缔码头未完成生态复绿（示例）。',
    ['九江市人民政府', '九江市人民政府', '360400', '360402', '九江市濂溪区'],
    '水生态',
    '江西省交通运输厅',
    'PROVINCIAL',
    '2025-06-30',
    'BEHIND_SUPERVISED',
  ),
  t(
    5,
    '城镇污水管网建设滞后',
    '老城区雨污合流，汛期溢流入河（示例）。',
    ['南昌市人民政府', '南昌市人民政府', '360100', '360111', '南昌市青山湖区'],
    '水污染',
    '江西省住房和城乡建设厅',
    'CITY',
    '2025-10-31',
    'ACCEPTANCE_REQUESTED',
  ),
  t(
    6,
    '锂云母开采尾矿堆存不规范',
    '尾矿库防渗不到位，周边水体氟化物超标（示例）。',
    ['宜春市人民政府', '宜春市人民政府', '360900', '360902', '宜春市袁州区'],
    '矿山生态',
    '江西省自然资源厅',
    'PROVINCIAL',
    '2025-09-30',
    'VERIFYING',
  ),
  t(
    7,
    '煤矸石堆场扬尘和淋溶水污染',
    '堆场未覆盖，淋溶水直排（示例）。',
    ['萍乡市人民政府', '萍乡市人民政府', '360300', '360321', '萍乡市莲花县'],
    '固体废物',
    '江西省生态环境厅',
    'CITY',
    '2025-08-31',
    'REJECTED',
  ),
  t(
    8,
    '乐安河流域重金属污染防控不力',
    '部分涉重企业雨污分流不彻底（示例）。',
    ['上饶市人民政府', '上饶市人民政府', '361100', '361181', '上饶市德兴市'],
    '水污染',
    '江西省生态环境厅',
    'CITY',
    '2025-09-30',
    'PUBLIC_NOTICE',
  ),
  t(
    9,
    '工业固废违规填埋',
    '园区周边发现违规填埋点（示例）。',
    ['新余市人民政府', '新余市人民政府', '360500', '360502', '新余市渝水区'],
    '固体废物',
    '江西省生态环境厅',
    'PROVINCIAL',
    '2025-06-30',
    'CITY_SIGNED_OFF',
  ),
  t(
    10,
    '铜冶炼企业无组织排放',
    '厂区无组织排放管控不到位（示例）。',
    ['鹰潭市人民政府', '鹰潭市人民政府', '360600', '360681', '鹰潭市贵溪市'],
    '大气污染',
    '江西省生态环境厅',
    'CITY',
    '2025-05-31',
    'SIGNED_OFF_PASSED',
  ),
  t(
    11,
    '自然保护区内违规建设问题',
    '保护区实验区内存在违规旅游设施（示例）。',
    ['吉安市人民政府', '吉安市人民政府', '360800', '360881', '吉安市井冈山市'],
    '自然保护地',
    '江西省林业局',
    'PROVINCIAL',
    null,
    'LONG_TERM',
  ),
  t(
    12,
    '畜禽养殖污染治理不到位',
    '禁养区内仍有规模养殖场，粪污直排（示例）。',
    ['抚州市人民政府', '抚州市人民政府', '361000', '361002', '抚州市临川区'],
    '农业面源',
    '江西省农业农村厅',
    'CITY',
    '2025-04-30',
    'REOPENED',
  ),
  t(
    13,
    '鄱阳湖区非法采砂整治不到位',
    '湖区仍有夜间偷采现象（示例）。',
    JJ,
    '水生态',
    '江西省水利厅',
    'CITY',
    '2025-07-31',
    'ACCEPTED',
  ),
  // One task on each sign-off path (分级销号): county-led, department-led, province-wide.
  t(
    14,
    '县城黑臭水体返黑返臭',
    '县城建成区两处水体雨后返黑（示例）。',
    ['都昌县人民政府', '九江市人民政府', '360400', '360428', '九江市都昌县'],
    '水污染',
    '江西省住房和城乡建设厅',
    'CITY',
    '2025-10-31',
    'COUNTY_SIGNED_OFF',
  ),
  t(
    15,
    '县级饮用水水源地保护区内违规项目',
    '水源地二级保护区内存在违规餐饮（示例）。',
    ['修水县人民政府', '九江市人民政府', '360400', '360424', '九江市修水县'],
    '饮用水',
    '江西省生态环境厅',
    'CITY',
    '2025-09-30',
    'SIGNED_OFF',
  ),
  t(
    16,
    '全省小水电生态流量泄放不到位',
    '部分小水电站未按要求泄放生态流量（示例）。',
    ['江西省水利厅', '', '', '360000', '江西省'],
    '水生态',
    '江西省生态环境厅',
    'PROVINCIAL',
    '2025-12-31',
    'DEPARTMENT_SIGNED_OFF',
  ),
  t(
    17,
    '工业园区环境基础设施短板',
    '省级以上工业园区污水集中处理设施不完善（示例）。',
    ['江西省工业和信息化厅', '', '', '360000', '江西省'],
    '工业污染',
    '江西省生态环境厅',
    'PROVINCIAL',
    '2025-11-30',
    'SIGNED_OFF',
  ),
];
