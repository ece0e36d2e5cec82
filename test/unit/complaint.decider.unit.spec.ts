import type { Actor, Role } from '../../src/common/actor.js';
import { fold } from '../../src/common/decider.js';
import type { ErrorCode } from '../../src/common/errors.js';
import type {
  ComplaintCommand,
  HandOverComplaint,
} from '../../src/complaints/domain/complaint.commands.js';
import { complaintDecider } from '../../src/complaints/domain/complaint.decider.js';
import type { ComplaintEvent } from '../../src/complaints/domain/complaint.events.js';
import { complaintIdOf } from '../../src/complaints/domain/complaint.ids.js';
import type { ComplaintState } from '../../src/complaints/domain/complaint.state.js';
import { deciderSpec } from '../support/decider-spec.js';

const AT = '2024-05-09T02:00:00.000Z';
const actor = (role: Role, organisation: string): Actor => ({
  id: `${role.toLowerCase()}-1`,
  name: `${organisation} ${role}`,
  roles: [role],
  organisation,
});
const office = actor('INSPECTION_OFFICE', '省督察办');
const city = actor('CITY_GOVERNMENT', '南昌市人民政府');
const otherCity = actor('CITY_GOVERNMENT', '九江市人民政府');

const handOver: HandOverComplaint = {
  type: 'HandOverComplaint',
  complaintId: complaintIdOf('jx-r3', 'D3JX202405080001'),
  inspectionId: 'jx-r3',
  batch: 1,
  handedOverOn: '2024-05-08',
  trackingNumber: 'D3JX202405080001',
  channel: 'PHONE',
  keyAttention: true,
  regionCode: '360100',
  regionName: '南昌市',
  pollutionTypes: ['WATER', 'AIR', 'WATER'],
  description: '  某化工厂夜间偷排废水，附近河道发黑发臭 ',
  handedTo: '南昌市人民政府',
  replyDueOn: '2024-05-18',
};

/** Runs the command on the state the events fold to; returns the events or the refusal's code. */
function run(events: ComplaintEvent[], command: ComplaintCommand, by = office, reason?: string) {
  const spec = deciderSpec(complaintDecider)
    .given(events)
    .when(command, { actor: by, at: AT, reason });
  // Results are dropped so a test can be a one-expression arrow.
  return {
    thenState(check: (s: ComplaintState, events: readonly ComplaintEvent[]) => void): void {
      spec.thenState(check);
    },
    thenThrows(code: ErrorCode, message?: RegExp): void {
      spec.thenThrows(code, message);
    },
  };
}
const refused = (
  events: ComplaintEvent[],
  command: ComplaintCommand,
  code: ErrorCode,
  message?: RegExp,
  by = office,
  reason?: string,
) => run(events, command, by, reason).thenThrows(code, message);

/** Events of a case walked to a stage, each decided by the decider itself. */
function walk(...commands: [ComplaintCommand, Actor?, string?][]): ComplaintEvent[] {
  const events: ComplaintEvent[] = [];
  for (const [command, by, reason] of commands) {
    events.push(
      ...complaintDecider.decide(command, fold(complaintDecider, events), {
        actor: by ?? office,
        at: AT,
        reason,
      }),
    );
  }
  return events;
}
const state = (events: ComplaintEvent[]): ComplaintState => fold(complaintDecider, events);

const start = { type: 'StartComplaintInvestigation' } as const;
const verify = {
  type: 'RecordComplaintVerification',
  result: 'SUBSTANTIATED',
  findings: '经查属实，该厂雨水排口有生产废水排出',
} as const;
const handle = {
  type: 'RecordComplaintHandling',
  handling: '责令停产整治，立案处罚',
  accountability: '约谈企业负责人',
} as const;
const enforce = {
  type: 'RecordComplaintEnforcement',
  orderedToRectify: 1,
  penaltyCases: 1,
  fineYuan: 200_000,
  criminalCases: 0,
  administrativeDetentions: 0,
  criminalDetentions: 0,
  summonedTalks: 1,
  peopleHeldAccountable: 2,
  accountabilityCaseIds: ['c1'],
} as const;
const inStages = {
  type: 'CloseComplaintInStages',
  remaining: '河道清淤尚未完成',
  remainingDueOn: '2025-06-30',
} as const;
const close = { type: 'CloseComplaint', summary: null } as const;

const handedOver = walk([handOver]);
const investigating = walk([handOver], [start, city]);
const verified = walk([handOver], [start, city], [verify, city]);
const handled = walk([handOver], [start, city], [verify, city], [handle, city]);
const stageClosed = walk([handOver], [start], [verify], [handle], [inStages]);
const closed = walk([handOver], [start], [verify], [handle], [close]);

describe('complaint case: handover', () => {
  it('hands over with the text kept, types once each in catalogue order', () =>
    run([], handOver).thenState((s, events) => {
      expect(events.map((e) => e.type)).toEqual(['ComplaintHandedOver']);
      expect(s).toMatchObject({
        status: 'HANDED_OVER',
        trackingNumber: 'D3JX202405080001',
        pollutionTypes: ['AIR', 'WATER'],
        description: '某化工厂夜间偷排废水，附近河道发黑发臭',
        keyAttention: true,
        duplicateOf: null,
        handedOverAt: AT,
      });
    }));

  it('links a duplicate to the earlier case by its tracking number', () =>
    run([], {
      ...handOver,
      trackingNumber: 'X3JX202405090002',
      complaintId: complaintIdOf('jx-r3', 'X3JX202405090002'),
      duplicateOf: 'D3JX202405080001',
    }).thenState((s) =>
      expect(s.duplicateOf).toEqual({
        complaintId: complaintIdOf('jx-r3', 'D3JX202405080001'),
        trackingNumber: 'D3JX202405080001',
      }),
    ));

  it('refuses a duplicate link to itself', () =>
    refused([], { ...handOver, duplicateOf: 'd3jx202405080001' }, 'BAD_USER_INPUT', /自身/));

  it('refuses the same tracking number twice in an inspection', () =>
    refused(handedOver, handOver, 'INVALID_TRANSITION', /已在本轮督察中交办/));

  it('derives the id from inspection and tracking number, and refuses any other', () => {
    expect(complaintIdOf('jx-r3', ' d3jx202405080001 ')).toBe(handOver.complaintId);
    expect(complaintIdOf('jx-r2', 'D3JX202405080001')).not.toBe(handOver.complaintId);
    refused([], { ...handOver, complaintId: 'my-own-id' }, 'BAD_USER_INPUT', /派生/);
  });

  it.each([
    ['no tracking number', { trackingNumber: '  ' }, /trackingNumber/],
    ['a tracking number with spaces', { trackingNumber: 'D3 JX' }, /空白/],
    ['an unknown channel', { channel: 'EMAIL' }, /channel/],
    ['an unknown pollution type', { pollutionTypes: ['SMELL'] }, /pollutionTypes/],
    ['no pollution type', { pollutionTypes: [] }, /至少一种/],
    ['a region code off the list', { regionCode: '999999' }, /行政区划代码表/],
    ['batch 0', { batch: 0 }, /batch/],
    ['a reply due before the handover', { replyDueOn: '2024-05-01' }, /早于交办日期/],
    ['a date that does not exist', { handedOverOn: '2024-02-30' }, /handedOverOn/],
  ])('refuses %s', (_what, change, message) => {
    const command = { ...handOver, ...change } as HandOverComplaint;
    const id = command.trackingNumber.trim()
      ? complaintIdOf(command.inspectionId, command.trackingNumber)
      : handOver.complaintId;
    refused([], { ...command, complaintId: id }, 'BAD_USER_INPUT', message);
  });

  it('is the office’s act: the unit it goes to cannot hand over', () =>
    refused([], handOver, 'FORBIDDEN', /HandOverComplaint/, city));
});

describe('complaint case: investigation and verification', () => {
  it('starts the investigation, by the unit it was handed to', () =>
    run(handedOver, start, city).thenState((s) => {
      expect(s.status).toBe('INVESTIGATING');
      expect(s.investigationStartedAt).toBe(AT);
    }));

  it('refuses another unit', () =>
    refused(handedOver, start, 'FORBIDDEN', /南昌市人民政府/, otherCity));

  it('refuses starting twice', () => refused(investigating, start, 'INVALID_TRANSITION'));

  it('refuses a verification result before investigating', () =>
    refused(handedOver, verify, 'INVALID_TRANSITION', /须先开始调查核实/));

  it('records the result and findings', () =>
    run(investigating, verify, city).thenState((s) => {
      expect(s.status).toBe('VERIFIED');
      expect(s.verification).toEqual({
        result: 'SUBSTANTIATED',
        findings: verify.findings,
        recordedAt: AT,
      });
    }));

  it('refuses an unknown result', () =>
    refused(investigating, { ...verify, result: 'TRUE' }, 'BAD_USER_INPUT', /result/, city));

  it('corrects a result only with a reason', () => {
    refused(
      verified,
      { ...verify, result: 'PARTLY_SUBSTANTIATED' },
      'BAD_USER_INPUT',
      /reason/,
      city,
    );
    run(verified, { ...verify, result: 'PARTLY_SUBSTANTIATED' }, city, '复核后更正').thenState(
      (s) => expect(s.verification?.result).toBe('PARTLY_SUBSTANTIATED'),
    );
  });

  it('keeps a handled case handled when its result is corrected', () =>
    run(handled, { ...verify, result: 'MOSTLY_SUBSTANTIATED' }, city, '复核').thenState((s) =>
      expect(s.status).toBe('HANDLED'),
    ));
});

describe('complaint case: handling, enforcement, tasks', () => {
  it('refuses handling before a verification result', () =>
    refused(investigating, handle, 'INVALID_TRANSITION', /须先记录核实结果/, city));

  it('records handling and rectification', () =>
    run(verified, handle, city).thenState((s) => {
      expect(s.status).toBe('HANDLED');
      expect(s.handling).toEqual({
        handling: handle.handling,
        accountability: handle.accountability,
        recordedAt: AT,
      });
    }));

  it('records enforcement as counted facts, replacing earlier figures', () => {
    const once = walk([handOver], [start], [verify], [enforce]);
    run(once, { ...enforce, fineYuan: 50_000, accountabilityCaseIds: [] }, city).thenState((s) =>
      expect(s.enforcement).toMatchObject({
        fineYuan: 50_000,
        peopleHeldAccountable: 2,
        accountabilityCaseIds: [],
      }),
    );
  });

  it('refuses enforcement before verification, negative counts, and more cases than people', () => {
    refused(investigating, enforce, 'INVALID_TRANSITION', undefined, city);
    refused(verified, { ...enforce, penaltyCases: -1 }, 'BAD_USER_INPUT', /penaltyCases/, city);
    refused(verified, { ...enforce, fineYuan: -5 }, 'BAD_USER_INPUT', /fineYuan/, city);
    refused(
      verified,
      { ...enforce, peopleHeldAccountable: 0 },
      'BAD_USER_INPUT',
      /多于问责人数/,
      city,
    );
  });

  it('links rectification tasks once each, and refuses linking nothing new', () => {
    const linked = walk(
      [handOver],
      [{ type: 'LinkComplaintTasks', taskIds: ['t-1', 't-2', 't-1'] }],
    );
    expect(state(linked).linkedTaskIds).toEqual(['t-1', 't-2']);
    refused(linked, { type: 'LinkComplaintTasks', taskIds: ['t-2'] }, 'INVALID_TRANSITION');
    refused(handedOver, { type: 'LinkComplaintTasks', taskIds: [] }, 'BAD_USER_INPUT');
  });
});

describe('complaint case: closing and reopening', () => {
  it('refuses closing without handling recorded', () => {
    refused(verified, close, 'INVALID_TRANSITION', /处理整改情况/);
    refused(investigating, close, 'INVALID_TRANSITION');
  });

  it('closes a handled case, by the office only', () => {
    refused(handled, close, 'FORBIDDEN', undefined, city);
    run(handled, close).thenState((s) => {
      expect(s.status).toBe('CLOSED');
      expect(s.closedAt).toBe(AT);
    });
  });

  it('refuses a stage closing without what remains, or without a date', () => {
    refused(handled, { ...inStages, remaining: ' ' }, 'BAD_USER_INPUT', /remaining/);
    refused(handled, { ...inStages, remainingDueOn: '' }, 'BAD_USER_INPUT', /remainingDueOn/);
    refused(verified, inStages, 'INVALID_TRANSITION', /recordComplaintHandling/);
  });

  it('closes in stages, then finally, years later', () => {
    expect(state(stageClosed)).toMatchObject({
      status: 'CLOSED_IN_STAGES',
      stageClosure: { remaining: inStages.remaining, remainingDueOn: '2025-06-30', closedAt: AT },
    });
    run(stageClosed, close).thenState((s) => expect(s.status).toBe('CLOSED'));
  });

  it('still records enforcement on a stage-closed case, not on a closed one', () => {
    run(stageClosed, enforce, city).thenState((s) => expect(s.enforcement.fineYuan).toBe(200_000));
    refused(closed, enforce, 'INVALID_TRANSITION', undefined, city);
  });

  it('refuses any change to a closed case but a reopening', () => {
    refused(closed, handle, 'INVALID_TRANSITION', undefined, city);
    refused(closed, close, 'INVALID_TRANSITION');
    refused(closed, inStages, 'INVALID_TRANSITION');
  });

  it('reopens only with a reason, and only a closed case', () => {
    refused(closed, { type: 'ReopenComplaint' }, 'BAD_USER_INPUT', /reason/);
    refused(
      handled,
      { type: 'ReopenComplaint' },
      'INVALID_TRANSITION',
      /只有已办结/,
      office,
      '重复举报',
    );
    run(closed, { type: 'ReopenComplaint' }, office, '群众重复举报，核查未通过').thenState((s) => {
      expect(s.status).toBe('INVESTIGATING');
      expect(s.closedAt).toBeNull();
      expect(s.reopenings).toEqual([{ at: AT, reason: '群众重复举报，核查未通过' }]);
      // The earlier result and handling stay on record.
      expect(s.verification?.result).toBe('SUBSTANTIATED');
    });
  });

  it('after a reopening, needs a new result and handling before closing again', () => {
    const reopened = walk(
      [handOver],
      [start],
      [verify],
      [handle],
      [close],
      [{ type: 'ReopenComplaint' }, office, '核查未通过'],
    );
    refused(reopened, close, 'INVALID_TRANSITION');
    // A new result after a reopening is not a correction: no reason needed.
    const again = walk(
      [handOver],
      [start],
      [verify],
      [handle],
      [close],
      [{ type: 'ReopenComplaint' }, office, '核查未通过'],
      [verify],
      [handle],
    );
    run(again, close).thenState((s) => expect(s.status).toBe('CLOSED'));
  });

  it('refuses every later command on a case never handed over', () => {
    for (const command of [start, verify, handle, enforce, close, inStages] as ComplaintCommand[]) {
      refused([], command, 'NOT_FOUND');
    }
  });
});
