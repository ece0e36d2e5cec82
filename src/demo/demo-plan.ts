import type { Actor } from '../common/actor.js';
import { seededSample } from '../common/seeded-sample.js';
import type { ComplaintCommand } from '../complaints/domain/complaint.commands.js';
import type { InspectionCommand } from '../inspections/domain/inspection.commands.js';
import type { TaskCommand } from '../tasks/domain/task.commands.js';
import { taskDecider } from '../tasks/domain/task.decider.js';
import { signOffChain } from '../tasks/domain/task.sign-off.js';
import type { SignOffLevel } from '../tasks/domain/task.state.js';
import { assignment } from '../tasks/domain/task.validation.js';
import { demoAccountabilitySteps, type DemoAccountabilityStep } from './demo-accountability.js';
import { demoAcceptor, demoCity, demoDepartment, demoEntity, demoOffice } from './demo-actors.js';
import { demoComplaintSteps } from './demo-complaints.js';
import { DEMO_TASKS, type DemoStage, type DemoTask } from './demo-tasks.js';

export const DEMO_INSPECTION_ID = 'DEMO-JX3';

/** Who gives each sign-off of a demo task, and the signer they record. */
const signerFor = (t: DemoTask, level: SignOffLevel): Actor => {
  switch (level) {
    case 'COUNTY':
      return demoCity(t.leadUnit, t.regionCode);
    case 'CITY':
      return demoCity(t.city, t.cityCode);
    case 'DEPARTMENT':
      return demoDepartment(t.leadUnit);
    default:
      return demoOffice;
  }
};
const SIGNER: Record<SignOffLevel, (t: DemoTask) => string> = {
  COUNTY: (t) => `${t.leadUnit}主要负责同志（演示）`,
  CITY: (t) => `${t.city}主要负责同志（演示）`,
  DEPARTMENT: (t) => `${t.leadUnit}主要负责同志（演示）`,
  PROVINCIAL: () => '省督察办（演示）',
};

/** One command of the demo, with the fixed id that makes loading it idempotent. */
export type DemoStep =
  | ({
      readonly commandId: string;
      readonly at: string;
      readonly actor: Actor;
      readonly reason?: string;
    } & (
      | { readonly kind: 'inspection'; readonly id: string; readonly command: InspectionCommand }
      | { readonly kind: 'task'; readonly id: string; readonly command: TaskCommand }
      | { readonly kind: 'complaint'; readonly id: string; readonly command: ComplaintCommand }
    ))
  | DemoAccountabilityStep;

const day = (iso: string, plus = 0) =>
  new Date(Date.parse(`${iso}T01:00:00.000Z`) + plus * 86_400_000).toISOString();

const EVIDENCE = (name: string, n: number) => ({
  fileName: `${name}.pdf`,
  mediaType: 'application/pdf',
  size: 100_000 + n,
  sha256: (n.toString(16) + 'e'.repeat(64)).slice(0, 64),
});

const ORDER: DemoStage[] = [
  'LISTED',
  'ASSIGNED',
  'IN_PROGRESS',
  'ACCEPTANCE_REQUESTED',
  'ACCEPTED',
  'PUBLIC_NOTICE',
  'CITY_SIGNED_OFF',
];
const reaches = (t: DemoTask, stage: DemoStage): boolean => {
  const rank: Record<DemoStage, number> = {
    LISTED: 0,
    ASSIGNED: 1,
    IN_PROGRESS: 2,
    BEHIND_SUPERVISED: 2,
    REJECTED: 3,
    ACCEPTANCE_REQUESTED: 3,
    ACCEPTED: 4,
    PUBLIC_NOTICE: 5,
    VERIFYING: 5,
    COUNTY_SIGNED_OFF: 6,
    CITY_SIGNED_OFF: 6,
    DEPARTMENT_SIGNED_OFF: 6,
    SIGNED_OFF: 6,
    SIGNED_OFF_PASSED: 6,
    LONG_TERM: 6,
    REOPENED: 6,
  };
  return rank[t.until] >= ORDER.indexOf(stage);
};

function taskSteps(t: DemoTask, n: number): DemoStep[] {
  const steps: DemoStep[] = [];
  const add = (at: string, actor: Actor, command: TaskCommand, reason?: string) =>
    steps.push({
      kind: 'task',
      id: t.id,
      commandId: `demo:${t.id}:${steps.length + 1}`,
      at,
      actor,
      command,
      reason,
    });
  const entity = demoEntity(t.leadUnit);
  const acceptor = demoAcceptor(t.acceptanceUnit);
  add(day('2024-11-20', n / 100), demoOffice, {
    type: 'ListTask',
    taskId: t.id,
    inspectionId: DEMO_INSPECTION_ID,
    number: n,
    title: t.title,
    problem: t.problem,
  });
  if (!reaches(t, 'ASSIGNED')) return steps;
  const assignCommand = {
    type: 'AssignTask' as const,
    leadUnit: t.leadUnit,
    supportingUnits: ['江西省生态环境厅'].filter((u) => u !== t.leadUnit && u !== t.acceptanceUnit),
    responsibleLeader: { name: '某副市长（演示）', position: '分管副职', phone: null },
    acceptanceUnit: t.acceptanceUnit,
    target: '问题全面整改到位，长效机制建立（示例）',
    measures: '排查建档、限期整改、执法问责、举一反三（示例）',
    deadline: t.deadline,
    longTerm: t.deadline === null,
    category: t.category,
    regionCode: t.regionCode,
    regionName: t.regionName,
    signOffTier: t.tier,
  };
  add(day('2024-11-25', n / 100), demoOffice, assignCommand);
  if (!reaches(t, 'IN_PROGRESS')) return steps;
  const behind = t.until === 'BEHIND_SUPERVISED';
  add(day('2025-01-15'), entity, {
    type: 'ReportProgress',
    scheduleStatus: behind ? 'BEHIND' : 'ON_SCHEDULE',
    summary: '已完成排查建档（示例）',
    evidence: [EVIDENCE(`${t.id}-排查台账`, n)],
  });
  if (behind) {
    add(day('2025-02-10'), demoOffice, {
      type: 'SuperviseTask',
      kind: 'WARNING_LETTER',
      note: '整改进度滞后，予以函告（示例）',
    });
    add(
      day('2025-05-20'),
      demoOffice,
      { type: 'AdjustDeadline', newDeadline: '2025-12-31', approver: '省督察办主任（演示）' },
      '汛期无法施工，经批准延期（示例）',
    );
    add(day('2025-07-01'), entity, {
      type: 'ReportProgress',
      scheduleStatus: 'BEHIND',
      summary: '复绿工程仍在推进（示例）',
    });
    add(day('2025-07-10'), demoOffice, {
      type: 'SuperviseTask',
      kind: 'SUMMONS',
      note: '约谈责任单位（示例）',
    });
    return steps;
  }
  if (!reaches(t, 'ACCEPTANCE_REQUESTED')) return steps;
  add(day('2025-03-01', n), entity, {
    type: 'RequestAcceptance',
    selfCheck: '自查认为已完成整改（示例）',
    evidence: [EVIDENCE(`${t.id}-自查报告`, n + 100)],
  });
  if (t.until === 'REJECTED') {
    add(day('2025-03-20', n), acceptor, {
      type: 'RecordAcceptance',
      decision: 'REJECTED',
      findings: '现场核查发现淋溶水仍有外排（示例）',
    });
    return steps;
  }
  if (!reaches(t, 'ACCEPTED')) return steps;
  add(day('2025-03-20', n), acceptor, {
    type: 'RecordAcceptance',
    decision: 'ACCEPTED',
    opinion: '经现场核查，同意通过验收（示例）',
  });
  if (!reaches(t, 'PUBLIC_NOTICE')) return steps;
  add(day('2025-03-25', n), acceptor, {
    type: 'StartPublicNotice',
    start: day('2025-03-26', n),
    end: day('2025-04-04', n),
  });
  if (t.until === 'VERIFYING') {
    add(day('2025-03-30', n), acceptor, {
      type: 'RecordObjection',
      summary: '群众反映周边水体仍有异味（示例）',
    });
    return steps;
  }
  if (!reaches(t, 'CITY_SIGNED_OFF')) return steps;
  const late = t.until === 'LONG_TERM' ? 180 : 0;
  // Each step of the task's chain (分级销号), a month apart, ending with the office's final 销号;
  // a task staged at an intermediate step stops there.
  const assigned = taskDecider.evolve(taskDecider.initialState(), {
    type: 'TaskAssigned',
    data: { ...assignment(assignCommand), at: '' },
  });
  const chain = signOffChain(assigned);
  for (const [i, level] of chain.entries()) {
    add(day('2025-04-10', n + late + 30 * i), signerFor(t, level), {
      type: 'SignOff',
      level,
      signer: SIGNER[level](t),
    });
    if (t.until === `${level}_SIGNED_OFF`) break;
  }
  if (t.until === 'LONG_TERM') {
    add(day('2025-12-15'), entity, {
      type: 'ReportProgress',
      scheduleStatus: 'ON_SCHEDULE',
      summary: '长期坚持：季度巡查无反弹（示例）',
    });
  }
  return steps;
}

/** Every command of the demo in the order it happened (by `at`). */
export function demoPlan(): DemoStep[] {
  const steps: DemoStep[] = [
    {
      kind: 'inspection',
      id: DEMO_INSPECTION_ID,
      commandId: 'demo:inspection:1',
      at: day('2024-08-21'),
      actor: demoOffice,
      command: {
        type: 'RegisterInspection',
        inspectionId: DEMO_INSPECTION_ID,
        title: '【演示 DEMO】第三轮中央生态环境保护督察 江西省整改台账（虚构示例数据）',
        round: 3,
        regionCode: '360000',
        regionName: '江西省',
        team: '中央第三生态环境保护督察组',
        onSiteStart: '2024-05-08',
        onSiteEnd: '2024-06-08',
        feedbackDate: '2024-08-21',
        planPublishedDate: '2024-11-20',
      },
    },
  ];
  DEMO_TASKS.forEach((t, i) => steps.push(...taskSteps(t, i + 1)));
  // The spot check: every task signed off by then is a candidate; seed and candidates are recorded.
  const drawAt = day('2025-09-01');
  const candidates = DEMO_TASKS.filter(
    (t) => t.until === 'SIGNED_OFF_PASSED' || t.until === 'REOPENED',
  ).map((t) => t.id);
  const seed = 20250901;
  steps.push({
    kind: 'inspection',
    id: DEMO_INSPECTION_ID,
    commandId: 'demo:inspection:draw',
    at: drawAt,
    actor: demoOffice,
    command: {
      type: 'DrawSpotChecks',
      drawId: 'DEMO-DRAW-1',
      seed,
      sampleSize: candidates.length,
      candidateTaskIds: candidates,
    },
  });
  for (const id of seededSample(candidates, candidates.length, seed)) {
    const reopen = DEMO_TASKS.find((t) => t.id === id)!.until === 'REOPENED';
    steps.push({
      kind: 'task',
      id,
      commandId: `demo:${id}:draw`,
      at: day('2025-09-01', 0.01),
      actor: demoOffice,
      command: { type: 'MarkSpotCheckDrawn', drawId: 'DEMO-DRAW-1', seed },
    });
    steps.push({
      kind: 'task',
      id,
      commandId: `demo:${id}:check`,
      at: day('2025-09-20'),
      actor: demoOffice,
      command: reopen
        ? {
            type: 'RecordSpotCheck',
            result: 'FAILED',
            findings: '抽查发现禁养区内养殖场复养（示例）',
          }
        : { type: 'RecordSpotCheck', result: 'PASSED' },
    });
  }
  // After the rectification story (the last spot check is 2025-09-20), so its positions stay.
  steps.push(...demoAccountabilitySteps(DEMO_INSPECTION_ID));
  steps.push(...demoComplaintSteps(DEMO_INSPECTION_ID));
  return steps.sort((a, b) => a.at.localeCompare(b.at));
}
