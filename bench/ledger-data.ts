/**
 * Synthetic ledger for bench/ledger.ts: inspections and rectification tasks written through the real
 * deciders (decide, then store.append at the exact expected revision), so every event, hash and state
 * is what the API itself would have written. Deterministic: task i always gets the same script.
 */
import type { Actor, Role } from '../src/common/actor.js';
import divisions from '../src/common/divisions/administrative-divisions.json';
import { divisionName } from '../src/common/divisions/administrative-divisions.js';
import { toEventActor } from '../src/common/actor.js';
import { unitName } from '../src/common/units/units.js';
import type { Decider, DomainEvent } from '../src/common/decider.js';
import type { JsonObject } from '../src/common/json.js';
import type { EventStore } from '../src/event-store/event-store.port.js';
import type { InspectionCommand } from '../src/inspections/domain/inspection.commands.js';
import { inspectionDecider } from '../src/inspections/domain/inspection.decider.js';
import type { TaskCommand } from '../src/tasks/domain/task.commands.js';
import { taskDecider } from '../src/tasks/domain/task.decider.js';

/** The 31 provinces on the shipped division list, each with its real cities and counties. */
const CODES = Object.keys(divisions);
export const PROVINCES: readonly (readonly [string, string])[] = CODES.filter((c) =>
  c.endsWith('0000'),
).map((c) => [c.slice(0, 2), divisionName(c)!] as const);
const citiesOf = new Map(
  PROVINCES.map(([p]) => {
    const cities = CODES.filter((c) => c.startsWith(p) && c.endsWith('00') && !c.endsWith('0000'));
    return [p, cities.length ? cities : [`${p}0000`]];
  }),
);
const countiesOf = (city: string): string[] => {
  const counties = CODES.filter((c) => c.startsWith(city.slice(0, 4)) && !c.endsWith('00'));
  return counties.length ? counties : [city];
};
const countyCache = new Map<string, string[]>();
const CITIES = [
  '省会市',
  '东城市',
  '西山市',
  '南湖市',
  '北岭市',
  '河口市',
  '江源市',
  '湖滨市',
  '云岭市',
  '石门市',
  '清溪市',
];
const DEPARTMENTS = [
  '生态环境厅',
  '住房和城乡建设厅',
  '水利厅',
  '自然资源厅',
  '农业农村厅',
  '工业和信息化厅',
];
/** The registered province's departments of DEPARTMENTS, by their full registered names. */
const REGISTERED_DEPARTMENTS = DEPARTMENTS.map((d) => unitName('leadUnit', d));
const CATEGORIES = [
  '水污染防治',
  '大气污染防治',
  '固体废物污染防治',
  '自然保护地',
  '矿山生态修复',
  '长江保护修复',
  '农业面源污染',
  '产业结构调整',
];
/** Sites in titles: the text filter searches one of them (1 task in 37 carries each). */
export const SITES = [
  '鄱阳湖',
  '赣江',
  '抚河',
  '信江',
  '饶河',
  '修河',
  '袁河',
  '锦江',
  '蜀水',
  '禾水',
  '泸水',
  '乌江',
  '昌江',
  '乐安河',
  '琴江',
  '梅江',
  '湘水',
  '濂水',
  '桃江',
  '章水',
  '上犹江',
  '遂川江',
  '孤江',
  '萍水河',
  '渌水',
  '潦河',
  '博阳河',
  '长河',
  '西河',
  '东河',
  '白塔河',
  '泸溪河',
  '芦溪河',
  '宜水',
  '富水',
  '平江',
  '贡水',
];
const TOPICS = [
  '黑臭水体整治不到位',
  '工业园区污水直排',
  '非法采砂',
  '垃圾填埋场渗滤液超标',
  '尾矿库环境风险',
  '畜禽养殖污染',
  '港口码头扬尘',
  '自然保护区违规开发',
  '矿山生态修复滞后',
  '危险废物非法转移',
  '城镇污水管网建设滞后',
];

export const BENCH_NOW = '2025-03-01T00:00:00.000Z';
const T0 = Date.parse('2024-09-01T00:00:00.000Z');
const DAY = 86_400_000;
/** Event k of task i is recorded at T0 + i * 20 s + k * 10 days. */
export const eventTime = (i: number, k: number): string =>
  new Date(T0 + i * 20_000 + k * 10 * DAY).toISOString();

export const inspectionIdOf = (n: number): string => `bench-insp-${String(n).padStart(4, '0')}`;
export const taskIdOf = (i: number): string => `bench-${String(i).padStart(7, '0')}`;

export interface TaskShape {
  readonly inspection: number;
  readonly province: (typeof PROVINCES)[number];
  readonly cityCode: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly leadUnit: string;
  readonly acceptanceUnit: string;
  /** in progress, signed off (city tier), signed off (provincial tier), rejected once, supervised, long-term, reopened */
  readonly kind:
    'progress' | 'city' | 'provincial' | 'rejected' | 'supervised' | 'longTerm' | 'reopened';
}

const KINDS: TaskShape['kind'][] = [
  ...Array<TaskShape['kind']>(8).fill('progress'),
  ...Array<TaskShape['kind']>(5).fill('city'),
  'provincial',
  'provincial',
  'rejected',
  'rejected',
  'supervised',
  'longTerm',
  'reopened',
];

export function shapeOf(i: number, perInspection: number): TaskShape {
  const inspection = Math.floor(i / perInspection);
  const province = PROVINCES[inspection % PROVINCES.length];
  const cities = citiesOf.get(province[0])!;
  const cityCode = cities[i % cities.length];
  let counties = countyCache.get(cityCode);
  if (!counties) countyCache.set(cityCode, (counties = countiesOf(cityCode)));
  const regionName = `${province[1]}${divisionName(cityCode) ?? CITIES[i % CITIES.length]}`;
  // Units come from the unit registry (the tasks domain takes registered units only), which holds
  // one province's departments: every synthetic task is department-led, whatever its region.
  const leadUnit = REGISTERED_DEPARTMENTS[i % REGISTERED_DEPARTMENTS.length];
  return {
    inspection,
    province,
    cityCode,
    regionCode: counties[Math.floor(i / cities.length) % counties.length],
    regionName,
    leadUnit,
    acceptanceUnit: REGISTERED_DEPARTMENTS[(i + 3) % REGISTERED_DEPARTMENTS.length],
    kind: KINDS[i % KINDS.length],
  };
}

export const actor = (role: Role, organisation: string, region?: string): Actor => ({
  id: `${role.toLowerCase()}:${organisation}`,
  name: `${organisation}经办人`,
  roles: [role],
  organisation,
  region,
});

const evidence = (i: number, k: number) => [
  {
    fileName: `现场照片-${k}.zip`,
    mediaType: 'application/zip',
    size: 1_048_576 + k,
    sha256: (i * 31 + k).toString(16).padStart(8, '0').repeat(8),
  },
];

export type Step = { command: TaskCommand; actor: Actor; reason?: string };

/** The commands of task i, `length` of them (at least 2), following its kind's lifecycle. */
export function taskScript(i: number, length: number, perInspection: number): Step[] {
  const s = shapeOf(i, perInspection);
  const office = actor('INSPECTION_OFFICE', `${s.province[1]}督察办`);
  const entity = actor('IMPLEMENTING_ENTITY', s.leadUnit);
  const acceptance = actor('ACCEPTANCE_UNIT', s.acceptanceUnit);
  const department = actor('PROVINCIAL_DEPARTMENT', s.leadUnit);
  const site = SITES[i % SITES.length];
  const topic = TOPICS[i % TOPICS.length];
  const longTerm = s.kind === 'longTerm';
  const before: Step[] = [
    {
      actor: office,
      command: {
        type: 'ListTask',
        taskId: taskIdOf(i),
        inspectionId: inspectionIdOf(s.inspection),
        number: (i % perInspection) + 1,
        title: `${s.regionName}${site}流域${topic}问题`,
        problem: `督察发现，${s.regionName}${site}流域${topic}，群众反映强烈；相关部门整改推进不力，存在敷衍应付现象。第 ${i} 号。`,
      },
    },
    {
      actor: office,
      command: {
        type: 'AssignTask',
        leadUnit: s.leadUnit,
        supportingUnits: [],
        responsibleLeader: { name: `责任领导${i % 97}`, position: '分管副职' },
        acceptanceUnit: s.acceptanceUnit,
        target: `${site}流域${topic}问题得到彻底解决，水质稳定达到 III 类`,
        measures: '一、全面排查；二、分类整治；三、建立长效机制；四、举一反三开展同类问题排查。',
        deadline: longTerm ? null : ['2024-12-31', '2025-06-30', '2025-12-31', '2026-12-31'][i % 4],
        longTerm,
        category: CATEGORIES[i % CATEGORIES.length],
        regionCode: s.regionCode,
        regionName: s.regionName,
        signOffTier: s.kind === 'provincial' ? 'PROVINCIAL' : 'CITY',
      },
    },
  ];
  const progress = (k: number): Step => ({
    actor: entity,
    command: {
      type: 'ReportProgress',
      scheduleStatus: s.kind === 'supervised' || k % 7 === 3 ? 'BEHIND' : 'ON_SCHEDULE',
      summary: `第 ${k} 次调度：已完成排查 ${k * 3} 处，整改 ${k * 2} 处，其余按序时推进。`,
      evidence: k % 3 === 0 ? evidence(i, k) : null,
    },
  });
  const accept: Step[] = [
    {
      actor: entity,
      command: { type: 'RequestAcceptance', selfCheck: '已完成全部整改措施，自查合格，申请验收。' },
    },
    {
      actor: acceptance,
      command: {
        type: 'RecordAcceptance',
        decision: 'ACCEPTED',
        opinion: '经现场核查，整改到位，同意验收。',
      },
    },
  ];
  const notice = (k: number): Step => ({
    actor: acceptance,
    command: {
      type: 'StartPublicNotice',
      start: eventTime(i, k),
      end: new Date(Date.parse(eventTime(i, k)) + 7 * DAY).toISOString(),
    },
  });
  // Department-led: the responsible department signs, then the office gives the final 销号.
  const citySignOff: Step = {
    actor: department,
    command: { type: 'SignOff', level: 'DEPARTMENT', signer: s.leadUnit },
  };
  const officeSignOff: Step = {
    actor: office,
    command: { type: 'SignOff', level: 'PROVINCIAL', signer: `${s.province[1]}督察办` },
  };
  // `after` comes behind the padding of progress reports; `tail` after that, still padded at its end.
  let after: ((k: number) => Step)[] = [];
  switch (s.kind) {
    case 'city':
    case 'longTerm':
    case 'reopened':
      after = [() => accept[0], () => accept[1], notice, () => citySignOff, () => officeSignOff];
      if (s.kind === 'reopened')
        after.push(() => ({
          actor: office,
          reason: '回头看发现整改不彻底，存在反弹',
          command: { type: 'ReopenTask', source: 'LOOK_BACK_REVIEW' },
        }));
      break;
    case 'provincial':
      after = [() => accept[0], () => accept[1], notice, () => citySignOff, () => officeSignOff];
      break;
    case 'rejected':
      after = [
        () => accept[0],
        () => ({
          actor: acceptance,
          command: {
            type: 'RecordAcceptance',
            decision: 'REJECTED',
            findings: '现场核查发现仍有 3 处排污口未封堵。',
          },
        }),
      ];
      break;
    case 'supervised':
      after = [
        () => ({
          actor: office,
          command: {
            type: 'SuperviseTask',
            kind: 'WARNING_LETTER',
            note: '整改进度滞后，予以函告。',
          },
        }),
        () => ({
          actor: office,
          reason: '涉及工程建设周期，经研究同意延期',
          command: {
            type: 'AdjustDeadline',
            newDeadline: '2026-06-30',
            approver: `${s.province[1]}督察办`,
          },
        }),
      ];
      break;
    case 'progress':
      break;
  }
  // Acceptance needs one progress report first; a script too short for its kind only reports progress.
  if (after.length && length < before.length + 1 + after.length) after = [];
  // Signed-off tasks take no more reports: their padding goes before acceptance; others split it.
  const closed = s.kind === 'city' || s.kind === 'provincial';
  const padding = length - before.length - after.length;
  const lead = !after.length || closed ? padding : 1 + Math.floor((padding - 1) / 2);
  const steps = [...before];
  for (let k = 0; k < lead; k++) steps.push(progress(steps.length));
  for (const make of after) steps.push(make(steps.length));
  while (steps.length < length) steps.push(progress(steps.length));
  return steps;
}

/** decide -> append at the exact revision -> evolve, for one stream, one append per command (bench/complaints.ts writes with it too). */
export async function write<S extends JsonObject, C, E extends DomainEvent>(
  store: Pick<EventStore, 'append'>,
  decider: Decider<S, C, E>,
  id: string,
  steps: { command: C; actor: Actor; reason?: string; at: string; commandId: string }[],
): Promise<void> {
  let state = decider.initialState();
  let revision = -1n;
  for (const step of steps) {
    const meta = { actor: step.actor, at: step.at, reason: step.reason };
    const events = decider.decide(step.command, state, meta);
    const result = await store.append({
      streamId: decider.streamPrefix + id,
      expectedRevision: revision < 0n ? 'no_stream' : revision,
      events,
      context: {
        actor: toEventActor(step.actor),
        commandId: step.commandId,
        recordedAt: step.at,
        reason: step.reason,
      },
    });
    revision = result.revision;
    for (const e of events) state = decider.evolve(state, e);
  }
}

export async function writeInspections(
  store: Pick<EventStore, 'append'>,
  count: number,
): Promise<void> {
  for (let n = 0; n < count; n++) {
    const province = PROVINCES[n % PROVINCES.length];
    const command: InspectionCommand = {
      type: 'RegisterInspection',
      inspectionId: inspectionIdOf(n),
      title: `（基准测试数据）第 ${n + 1} 轮督察 ${province[1]}`,
      round: Math.floor(n / PROVINCES.length) + 1,
      regionCode: `${province[0]}0000`,
      regionName: province[1],
      team: `中央第 ${(n % 8) + 1} 生态环境保护督察组`,
      onSiteStart: '2024-05-08',
      onSiteEnd: '2024-06-08',
      feedbackDate: '2024-08-21',
    };
    await write(store, inspectionDecider, inspectionIdOf(n), [
      {
        command,
        actor: actor('INSPECTION_OFFICE', `${province[1]}督察办`),
        at: '2024-08-25T00:00:00.000Z',
        commandId: `bench-reg-${n}`,
      },
    ]);
  }
}

/** Writes tasks [0, tasks) with `events` events in all, from `writers` concurrent writers. */
export async function writeTasks(
  store: EventStore,
  tasks: number,
  events: number,
  perInspection: number,
  writers: number,
  onTask?: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const base = Math.floor(events / tasks);
  const extra = events % tasks;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < tasks) {
        const i = next++;
        const steps = taskScript(i, base + (i < extra ? 1 : 0), perInspection);
        await write(
          store,
          taskDecider,
          taskIdOf(i),
          steps.map((s, k) => ({ ...s, at: eventTime(i, k), commandId: `bench-${i}-${k}` })),
        );
        onTask?.(++done);
      }
    }),
  );
}
