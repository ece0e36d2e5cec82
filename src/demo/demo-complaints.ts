import type { ComplaintCommand } from '../complaints/domain/complaint.commands.js';
import { complaintIdOf } from '../complaints/domain/complaint.ids.js';
import { demoCity, demoOffice } from './demo-actors.js';
import type { Actor } from '../common/actor.js';

/**
 * A made-up handover batch (第1批) of complaint cases, one in every state, each labelled as demo
 * data in its text: none of it is a real complaint, place of business or person.
 */
type Stage =
  | 'HANDED_OVER'
  | 'INVESTIGATING'
  | 'VERIFIED'
  | 'HANDLED'
  | 'CLOSED_IN_STAGES'
  | 'CLOSED'
  | 'FINALLY_CLOSED'
  | 'REOPENED';

interface DemoComplaint {
  readonly n: number;
  readonly channel: 'PHONE' | 'LETTER';
  readonly city: string;
  readonly code: string;
  readonly types: string[];
  readonly text: string;
  readonly until: Stage;
  readonly result?: string;
  readonly duplicateOf?: number;
}

const DEMO_COMPLAINTS: readonly DemoComplaint[] = [
  {
    n: 1,
    channel: 'PHONE',
    city: '南昌市',
    code: '360100',
    types: ['AIR'],
    text: '某工业园区企业夜间废气异味扰民',
    until: 'HANDED_OVER',
  },
  {
    n: 2,
    channel: 'LETTER',
    city: '九江市',
    code: '360400',
    types: ['WATER'],
    text: '某码头雨污混排入江',
    until: 'INVESTIGATING',
  },
  {
    n: 3,
    channel: 'PHONE',
    city: '赣州市',
    code: '360700',
    types: ['SOIL', 'SOLID_WASTE'],
    text: '废弃矿区尾砂堆放未治理',
    until: 'VERIFIED',
    result: 'PARTLY_SUBSTANTIATED',
  },
  {
    n: 4,
    channel: 'PHONE',
    city: '南昌市',
    code: '360100',
    types: ['NOISE'],
    text: '某搅拌站夜间施工噪声扰民',
    until: 'HANDLED',
    result: 'SUBSTANTIATED',
  },
  {
    n: 5,
    channel: 'LETTER',
    city: '九江市',
    code: '360400',
    types: ['WATER', 'ECOLOGY'],
    text: '湖区违规围网养殖',
    until: 'CLOSED_IN_STAGES',
    result: 'MOSTLY_SUBSTANTIATED',
  },
  {
    n: 6,
    channel: 'PHONE',
    city: '赣州市',
    code: '360700',
    types: ['AIR'],
    text: '某砖厂粉尘污染',
    until: 'CLOSED',
    result: 'SUBSTANTIATED',
  },
  {
    n: 7,
    channel: 'PHONE',
    city: '南昌市',
    code: '360100',
    types: ['OTHER'],
    text: '某小区周边疑似辐射超标',
    until: 'CLOSED',
    result: 'UNSUBSTANTIATED',
  },
  {
    n: 8,
    channel: 'LETTER',
    city: '九江市',
    code: '360400',
    types: ['SOLID_WASTE'],
    text: '河滩倾倒建筑垃圾',
    until: 'FINALLY_CLOSED',
    result: 'SUBSTANTIATED',
  },
  {
    n: 9,
    channel: 'PHONE',
    city: '南昌市',
    code: '360100',
    types: ['AIR'],
    text: '某工业园区企业废气异味（重复举报）',
    until: 'REOPENED',
    result: 'MOSTLY_SUBSTANTIATED',
    duplicateOf: 1,
  },
];

const RANK: Record<Stage, number> = {
  HANDED_OVER: 0,
  INVESTIGATING: 1,
  VERIFIED: 2,
  HANDLED: 3,
  CLOSED_IN_STAGES: 4,
  CLOSED: 4,
  FINALLY_CLOSED: 5,
  REOPENED: 5,
};

const day = (iso: string, plus = 0) =>
  new Date(Date.parse(`${iso}T02:00:00.000Z`) + plus * 3_600_000).toISOString();

const trackingOf = (c: Pick<DemoComplaint, 'n' | 'channel'>) =>
  `${c.channel === 'PHONE' ? 'D' : 'X'}3JX2024050800${String(c.n).padStart(2, '0')}`;

/** One command of the demo batch (a DemoStep of kind 'complaint'). */
export interface ComplaintDemoStep {
  readonly kind: 'complaint';
  readonly id: string;
  readonly commandId: string;
  readonly at: string;
  readonly actor: Actor;
  readonly reason?: string;
  readonly command: ComplaintCommand;
}

/** The commands of the demo batch, with fixed ids: loading twice writes nothing. */
export function demoComplaintSteps(inspectionId: string): ComplaintDemoStep[] {
  const steps: ComplaintDemoStep[] = [];
  for (const c of DEMO_COMPLAINTS) {
    const trackingNumber = trackingOf(c);
    const id = complaintIdOf(inspectionId, trackingNumber);
    const unit = `${c.city}人民政府`;
    const city = demoCity(unit, c.code);
    let k = 0;
    const add = (at: string, actor: Actor, command: ComplaintCommand, reason?: string) =>
      steps.push({
        kind: 'complaint',
        id,
        commandId: `demo:complaint:${c.n}:${++k}`,
        at,
        actor,
        command,
        reason,
      });
    const earlier = c.duplicateOf && DEMO_COMPLAINTS.find((d) => d.n === c.duplicateOf);
    add(day('2024-05-09', c.n / 10), demoOffice, {
      type: 'HandOverComplaint',
      complaintId: id,
      inspectionId,
      batch: 1,
      handedOverOn: '2024-05-09',
      trackingNumber,
      channel: c.channel,
      keyAttention: c.n % 3 === 1,
      duplicateOf: earlier ? trackingOf(earlier) : null,
      regionCode: c.code,
      regionName: c.city,
      pollutionTypes: c.types,
      description: `【演示 DEMO】${c.text}（虚构示例）`,
      handedTo: unit,
      replyDueOn: '2024-05-19',
    });
    const rank = RANK[c.until];
    if (rank < 1) continue;
    add(day('2024-05-10', c.n / 10), city, { type: 'StartComplaintInvestigation' });
    if (rank < 2) continue;
    add(day('2024-05-16', c.n / 10), city, {
      type: 'RecordComplaintVerification',
      result: c.result ?? 'SUBSTANTIATED',
      findings: `经现场核查，${c.text}的情况${c.result === 'UNSUBSTANTIATED' ? '不属实' : '存在'}（示例）`,
    });
    if (rank < 3) continue;
    add(day('2024-05-25', c.n / 10), city, {
      type: 'RecordComplaintHandling',
      handling: '责令立即整改，依法立案查处，整改情况已向群众反馈（示例）',
      accountability: c.result === 'SUBSTANTIATED' ? '约谈属地街道负责人 1 人（示例）' : null,
    });
    if (c.result !== 'UNSUBSTANTIATED') {
      add(day('2024-05-26', c.n / 10), city, {
        type: 'RecordComplaintEnforcement',
        orderedToRectify: 1,
        penaltyCases: c.result === 'SUBSTANTIATED' ? 1 : 0,
        fineYuan: c.result === 'SUBSTANTIATED' ? 100_000 * c.n : 0,
        criminalCases: 0,
        administrativeDetentions: 0,
        criminalDetentions: 0,
        summonedTalks: c.result === 'SUBSTANTIATED' ? 1 : 0,
        peopleHeldAccountable: 0,
      });
    }
    if (rank < 4) continue;
    if (c.until === 'CLOSED_IN_STAGES' || c.until === 'FINALLY_CLOSED') {
      add(day('2024-06-05', c.n / 10), demoOffice, {
        type: 'CloseComplaintInStages',
        remaining: '生态修复尚需一个汛期后验收（示例）',
        remainingDueOn: '2025-06-30',
      });
    }
    if (c.until === 'CLOSED_IN_STAGES') continue;
    add(day(c.until === 'FINALLY_CLOSED' ? '2025-07-10' : '2024-06-06', c.n / 10), demoOffice, {
      type: 'CloseComplaint',
      summary: '已办结（示例）',
    });
    if (c.until === 'REOPENED') {
      add(
        day('2024-07-01', c.n / 10),
        demoOffice,
        { type: 'ReopenComplaint' },
        '群众重复举报，回访核查未通过（示例）',
      );
    }
  }
  return steps;
}
