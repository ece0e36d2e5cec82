import type { Actor, Role } from '../../src/common/actor.js';
import type { CommandMeta } from '../../src/common/decider.js';
import type { TaskCommand } from '../../src/tasks/domain/task.commands.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import type { SignOffLevel, TaskState } from '../../src/tasks/domain/task.state.js';
import { fold } from '../../src/common/decider.js';

export const actor = (role: Role, organisation: string, region?: string): Actor => ({
  id: `${organisation}:${role}`,
  name: `${organisation} 张某`,
  roles: [role],
  organisation,
  region,
});

export const LEAD = '九江市人民政府';
export const SUPPORT = '江西省生态环境厅';
export const ACCEPTOR = '江西省水利厅';

export const actors = {
  office: actor('INSPECTION_OFFICE', '江西省督察办'),
  lead: actor('IMPLEMENTING_ENTITY', LEAD),
  supporting: actor('IMPLEMENTING_ENTITY', SUPPORT),
  otherEntity: actor('IMPLEMENTING_ENTITY', '赣州市人民政府'),
  acceptor: actor('ACCEPTANCE_UNIT', ACCEPTOR),
  otherAcceptor: actor('ACCEPTANCE_UNIT', '江西省林业局'),
  city: actor('CITY_GOVERNMENT', '九江市人民政府', '360400'),
  otherCity: actor('CITY_GOVERNMENT', '赣州市人民政府', '360700'),
  auditor: actor('AUDITOR', '江西省审计厅'),
  integration: actor('INTEGRATION', '省大数据中心'),
  disclosure: actor('DISCLOSURE_OFFICER', '省政府新闻办'),
  discipline: actor('DISCIPLINE_AUTHORITY', '省纪委监委'),
  admin: actor('ADMIN', 'system'),
};

/** The third-round inspection of Jiangxi (DOMAIN.md's example), as registerInspection takes it. */
export const JX3_INSPECTION = {
  inspectionId: 'JX-3',
  title: '第三轮中央生态环境保护督察（江西）',
  round: 3,
  regionCode: '360000',
  regionName: '江西省',
  team: '中央第三生态环境保护督察组',
  onSiteStart: '2024-05-08',
  onSiteEnd: '2024-06-08',
  feedbackDate: '2024-08-21',
};

export const at = (day: number): string =>
  new Date(Date.UTC(2024, 8, 1) + day * 86_400_000).toISOString();

export const meta = (a: Actor, when = at(100), reason?: string): CommandMeta => ({
  actor: a,
  at: when,
  reason,
});

export const EVIDENCE = {
  fileName: '整改前后对比照片.pdf',
  mediaType: 'application/pdf',
  size: 204_800,
  sha256: 'a'.repeat(64),
};

export const listTask: TaskCommand = {
  type: 'ListTask',
  taskId: 'T01',
  inspectionId: 'JX-3',
  number: 1,
  title: '鄱阳湖周边非法采砂整治不到位',
  problem: '督察发现湖区仍有非法采砂点位，整治不到位。',
};

export const assign = (tier: SignOffLevel = 'PROVINCIAL', longTerm = false): TaskCommand => ({
  type: 'AssignTask',
  leadUnit: LEAD,
  supportingUnits: [SUPPORT],
  responsibleLeader: { name: '李某', position: '副市长', phone: '0792-0000000' },
  acceptanceUnit: ACCEPTOR,
  target: '取缔全部非法采砂点位',
  measures: '开展联合执法，拆除采砂设备，修复岸线',
  deadline: longTerm ? null : '2025-06-30T00:00:00.000Z',
  longTerm,
  category: '水生态',
  regionCode: '360428',
  regionName: '九江市都昌县',
  signOffTier: tier,
});

type Step = [string, TaskCommand, Actor];

/** The happy path, step by step; each step names the status it leaves the task in. */
function path(tier: SignOffLevel, longTerm: boolean): Step[] {
  const steps: Step[] = [
    ['LISTED', listTask, actors.office],
    ['ASSIGNED', assign(tier, longTerm), actors.office],
    [
      'IN_PROGRESS',
      { type: 'ReportProgress', scheduleStatus: 'ON_SCHEDULE', summary: '已拆除设备 12 台' },
      actors.lead,
    ],
    [
      'ACCEPTANCE_REQUESTED',
      { type: 'RequestAcceptance', selfCheck: '自查完成', evidence: [EVIDENCE] },
      actors.lead,
    ],
    [
      'ACCEPTED',
      { type: 'RecordAcceptance', decision: 'ACCEPTED', opinion: '同意' },
      actors.acceptor,
    ],
    ['PUBLIC_NOTICE', { type: 'StartPublicNotice', start: at(10), end: at(17) }, actors.acceptor],
    ['CITY_SIGNED_OFF', { type: 'SignOff', level: 'CITY', signer: '市长 王某' }, actors.city],
  ];
  // Every task assigned since sign-off paths reaches the office's final sign-off, whatever its tier.
  {
    steps.push([
      'SIGNED_OFF',
      { type: 'SignOff', level: 'PROVINCIAL', signer: '省督察办' },
      actors.office,
    ]);
  }
  steps.push([
    'SPOT_CHECK_DRAWN',
    { type: 'MarkSpotCheckDrawn', drawId: 'D1', seed: 7 },
    actors.office,
  ]);
  return steps;
}

/** Events that bring a task to `stage` (a status, or SPOT_CHECK_DRAWN), decided by the decider. */
export function given(
  stage: string,
  options: { tier?: SignOffLevel; longTerm?: boolean } = {},
): TaskEvent[] {
  const events: TaskEvent[] = [];
  let state: TaskState = taskDecider.initialState();
  let day = 0;
  for (const [name, command, who] of path(
    options.tier ?? 'PROVINCIAL',
    options.longTerm ?? false,
  )) {
    const decided = taskDecider.decide(command, state, meta(who, at(day)));
    day += name === 'PUBLIC_NOTICE' ? 20 : 1;
    events.push(...decided);
    state = fold(taskDecider, decided, state);
    if (name === stage || state.status === stage) return events;
  }
  throw new Error(`stage ${stage} not on the path`);
}

export const stateOf = (events: readonly TaskEvent[]): TaskState => fold(taskDecider, events);
