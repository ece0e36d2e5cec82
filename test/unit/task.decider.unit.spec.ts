import { canonicalJson } from '../../src/common/json.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { deciderSpec } from '../support/decider-spec.js';
import {
  EVIDENCE,
  actors,
  assign,
  at,
  given,
  listTask,
  meta,
  stateOf,
} from '../support/task-fixtures.js';

const spec = deciderSpec(taskDecider);
const office = (reason?: string) => meta(actors.office, at(100), reason);

describe('task decider: transitions', () => {
  it('listTask lists a new task', () => {
    spec
      .given([])
      .when(listTask, meta(actors.office, at(0)))
      .then([
        {
          type: 'TaskListed',
          data: {
            taskId: 'T01',
            inspectionId: 'JX-3',
            number: 1,
            title: listTask.type === 'ListTask' ? listTask.title : '',
            problem: '督察发现湖区仍有非法采砂点位，整治不到位。',
            at: at(0),
          },
        },
      ]);
  });

  it('assignTask records the assignment: listed -> assigned', () => {
    spec
      .given(given('LISTED'))
      .when(assign(), office())
      .thenState((s, events) => {
        expect(events.map((e) => e.type)).toEqual(['TaskAssigned']);
        expect(s).toMatchObject({
          status: 'ASSIGNED',
          leadUnit: '九江市人民政府',
          supportingUnits: ['江西省生态环境厅'],
          acceptanceUnit: '江西省水利厅',
          regionCode: '360428',
          signOffTier: 'PROVINCIAL',
          deadline: '2025-06-30T00:00:00.000Z',
          responsibleLeader: { name: '李某', position: '副市长', phone: '0792-0000000' },
        });
      });
  });

  it('reportProgress: assigned -> in progress, with schedule status and evidence', () => {
    spec
      .given(given('ASSIGNED'))
      .when(
        {
          type: 'ReportProgress',
          scheduleStatus: 'BEHIND',
          summary: '进度滞后',
          evidence: [EVIDENCE],
        },
        meta(actors.supporting),
      )
      .thenState((s) => {
        expect(s.status).toBe('IN_PROGRESS');
        expect(s.scheduleStatus).toBe('BEHIND');
        expect(s.progressReports).toHaveLength(1);
        expect(s.evidence[0]).toMatchObject({ ...EVIDENCE, attachedAt: at(100) });
      });
  });

  it('attachEvidence adds evidence without changing the status', () => {
    spec
      .given(given('IN_PROGRESS'))
      .when({ type: 'AttachEvidence', evidence: [EVIDENCE], note: '补充材料' }, meta(actors.lead))
      .thenState((s) => {
        expect(s.status).toBe('IN_PROGRESS');
        expect(s.evidence).toEqual([{ ...EVIDENCE, attachedAt: at(100), note: '补充材料' }]);
      });
  });

  it.each(['WARNING_LETTER', 'CIRCULAR', 'SUMMONS', 'LISTED_SUPERVISION'] as const)(
    'superviseTask records a %s escalation',
    (kind) => {
      spec
        .given(given('IN_PROGRESS'))
        .when({ type: 'SuperviseTask', kind, note: '进度滞后，予以督办' }, office())
        .thenState((s) => {
          expect(s.supervisions).toEqual([{ kind, note: '进度滞后，予以督办', at: at(100) }]);
          expect(s.status).toBe('IN_PROGRESS');
        });
    },
  );

  it('adjustDeadline records old and new deadline, reason and approver', () => {
    spec
      .given(given('IN_PROGRESS'))
      .when(
        { type: 'AdjustDeadline', newDeadline: '2025-12-31', approver: '省督察办主任' },
        office('汛期无法施工'),
      )
      .thenState((s) => {
        expect(s.deadline).toBe('2025-12-31T00:00:00.000Z');
        expect(s.deadlineAdjustments).toEqual([
          {
            from: '2025-06-30T00:00:00.000Z',
            to: '2025-12-31T00:00:00.000Z',
            reason: '汛期无法施工',
            approver: '省督察办主任',
            at: at(100),
          },
        ]);
      });
  });

  it('requestAcceptance: in progress -> acceptance requested', () => {
    spec
      .given(given('IN_PROGRESS'))
      .when({ type: 'RequestAcceptance', selfCheck: '自查完成' }, meta(actors.lead))
      .thenState((s) => expect(s.status).toBe('ACCEPTANCE_REQUESTED'));
  });

  it('recordAcceptance ACCEPTED -> accepted; REJECTED with findings -> back to in progress', () => {
    spec
      .given(given('ACCEPTANCE_REQUESTED'))
      .when(
        { type: 'RecordAcceptance', decision: 'ACCEPTED', opinion: '同意验收' },
        meta(actors.acceptor),
      )
      .thenState((s, events) => {
        expect(events[0].type).toBe('AcceptanceGranted');
        expect(s.status).toBe('ACCEPTED');
      });
    spec
      .given(given('ACCEPTANCE_REQUESTED'))
      .when(
        { type: 'RecordAcceptance', decision: 'REJECTED', findings: '岸线修复未完成' },
        meta(actors.acceptor),
      )
      .thenState((s, events) => {
        expect(events[0].type).toBe('AcceptanceRejected');
        expect(s.status).toBe('IN_PROGRESS');
        expect(s.acceptanceDecisions[0]).toMatchObject({
          decision: 'REJECTED',
          findings: '岸线修复未完成',
          decidedBy: '江西省水利厅',
        });
      });
  });

  it('startPublicNotice: accepted -> public notice', () => {
    spec
      .given(given('ACCEPTED'))
      .when({ type: 'StartPublicNotice', start: at(10), end: at(17) }, meta(actors.acceptor))
      .thenState((s) => {
        expect(s.status).toBe('PUBLIC_NOTICE');
        expect(s.publicNotice).toEqual({ start: at(10), end: at(17) });
      });
  });

  it('recordObjection: public notice -> verifying, and the acceptance unit decides again', () => {
    const objected = spec
      .given(given('PUBLIC_NOTICE'))
      .when({ type: 'RecordObjection', summary: '群众反映仍有夜间采砂' }, meta(actors.acceptor))
      .thenState((s) => expect(s.status).toBe('VERIFYING'));
    expect(objected.objections).toHaveLength(1);
    const events = [
      ...given('PUBLIC_NOTICE'),
      ...taskDecider.decide(
        { type: 'RecordObjection', summary: '异议' },
        stateOf(given('PUBLIC_NOTICE')),
        meta(actors.acceptor),
      ),
    ];
    spec
      .given(events)
      .when(
        { type: 'RecordAcceptance', decision: 'ACCEPTED', opinion: '复核通过' },
        meta(actors.acceptor),
      )
      .thenState((s) => expect(s.status).toBe('ACCEPTED'));
  });

  it('signOff CITY on a CITY-tier task leaves the office’s final sign-off due (集中统一销号)', () => {
    spec
      .given(given('PUBLIC_NOTICE', { tier: 'CITY' }))
      .when({ type: 'SignOff', level: 'CITY', signer: '市长 王某' }, meta(actors.city))
      .thenState((s, events) => {
        expect(events[0].data).toMatchObject({ level: 'CITY', closes: false });
        expect(s.status).toBe('CITY_SIGNED_OFF');
        expect(s.signedOffAt).toBeNull();
      });
  });

  it('signOff CITY then PROVINCIAL on a PROVINCIAL-tier task', () => {
    spec
      .given(given('PUBLIC_NOTICE'))
      .when({ type: 'SignOff', level: 'CITY', signer: '市长 王某' }, meta(actors.city))
      .thenState((s) => expect(s.status).toBe('CITY_SIGNED_OFF'));
    spec
      .given(given('CITY_SIGNED_OFF'))
      .when({ type: 'SignOff', level: 'PROVINCIAL', signer: '省督察办' }, office())
      .thenState((s) => {
        expect(s.status).toBe('SIGNED_OFF');
        expect(s.provincialSignOff).toEqual({ signer: '省督察办', at: at(100) });
      });
  });

  it('a long-term task is done on sign-off and keeps reporting progress', () => {
    const events = given('LONG_TERM', { longTerm: true, tier: 'CITY' });
    expect(stateOf(events).status).toBe('LONG_TERM');
    spec
      .given(events)
      .when(
        { type: 'ReportProgress', scheduleStatus: 'ON_SCHEDULE', summary: '持续巡查' },
        meta(actors.lead),
      )
      .thenState((s) => {
        expect(s.status).toBe('LONG_TERM');
        expect(s.progressReports).toHaveLength(2);
      });
  });

  it('a spot check drawn on a signed-off task is pending until its result', () => {
    spec
      .given(given('SIGNED_OFF'))
      .when({ type: 'MarkSpotCheckDrawn', drawId: 'D9', seed: 42 }, office())
      .thenState((s) => {
        expect(s.spotCheck).toMatchObject({ drawId: 'D9', seed: 42, result: null });
        expect(s.status).toBe('SIGNED_OFF');
      });
  });

  it('a draw marks a task once: the same draw again changes nothing, and still needs the office', () => {
    const drawn = spec.given(given('SIGNED_OFF'));
    const first = drawn
      .when({ type: 'MarkSpotCheckDrawn', drawId: 'D9', seed: 42 }, office())
      .then((events) => expect(events).toHaveLength(1));
    spec
      .given([...given('SIGNED_OFF'), ...first])
      .when({ type: 'MarkSpotCheckDrawn', drawId: 'D9', seed: 42 }, office())
      .then([]);
    spec
      .given([...given('SIGNED_OFF'), ...first])
      .when({ type: 'MarkSpotCheckDrawn', drawId: 'D9', seed: 42 }, meta(actors.lead))
      .thenThrows('FORBIDDEN', /drawSpotChecks/);
  });

  it('recordSpotCheck PASSED keeps it signed off', () => {
    spec
      .given(given('SPOT_CHECK_DRAWN'))
      .when({ type: 'RecordSpotCheck', result: 'PASSED' }, office())
      .thenState((s) => {
        expect(s.status).toBe('SIGNED_OFF');
        expect(s.spotCheck).toMatchObject({ result: 'PASSED', checkedAt: at(100) });
      });
  });

  it('recordSpotCheck FAILED reopens the task with the findings as reason', () => {
    spec
      .given(given('SPOT_CHECK_DRAWN'))
      .when({ type: 'RecordSpotCheck', result: 'FAILED', findings: '采砂点位复现' }, office())
      .thenState((s, events) => {
        expect(events.map((e) => e.type)).toEqual(['SpotCheckRecorded', 'TaskReopened']);
        expect(s.status).toBe('REOPENED');
        expect(s.reopenedCount).toBe(1);
        expect(s.reopenings).toEqual([
          { source: 'SPOT_CHECK', reason: '采砂点位复现', at: at(100) },
        ]);
        expect(s.citySignOff).toBeNull();
      });
  });

  it('reopenTask after a look-back review, then progress puts it back in progress', () => {
    const reopened = [
      ...given('SIGNED_OFF'),
      ...taskDecider.decide(
        { type: 'ReopenTask', source: 'LOOK_BACK_REVIEW' },
        stateOf(given('SIGNED_OFF')),
        office('回头看发现表面整改'),
      ),
    ];
    expect(stateOf(reopened)).toMatchObject({ status: 'REOPENED', reopenedCount: 1 });
    spec
      .given(reopened)
      .when(
        { type: 'ReportProgress', scheduleStatus: 'NOT_STARTED', summary: '重新整改' },
        meta(actors.lead),
      )
      .thenState((s) => expect(s.status).toBe('IN_PROGRESS'));
  });

  it('amendTask changes list fields with a reason, recording only what changed', () => {
    spec
      .given(given('IN_PROGRESS'))
      .when(
        { type: 'AmendTask', changes: { title: '新标题', leadUnit: '九江市人民政府' } },
        office('清单表述更正'),
      )
      .then([{ type: 'TaskAmended', data: { changes: { title: '新标题' }, at: at(100) } }]);
  });

  it('amendTask compares values, not key order: the leader as stored (canonical key order) is no change', () => {
    // What the pipeline folds: events as read back from the store, objects' keys in canonical order.
    const stored = given('IN_PROGRESS').map((e) => JSON.parse(canonicalJson(e)) as TaskEvent);
    const leader = stateOf(stored).responsibleLeader!;
    expect(Object.keys(leader)).toEqual(['name', 'phone', 'position']);
    spec
      .given(stored)
      .when(
        {
          type: 'AmendTask',
          changes: {
            responsibleLeader: {
              name: leader.name,
              position: leader.position,
              phone: leader.phone,
            },
          },
        },
        office('核对清单'),
      )
      .thenThrows('BAD_USER_INPUT', /未作任何变更/);
  });
});

describe('task decider: refusals of transitions', () => {
  it('any command but listTask on a task that does not exist is NOT_FOUND', () => {
    spec.given([]).when(assign(), office()).thenThrows('NOT_FOUND');
  });

  it('listing the same task twice is INVALID_TRANSITION naming the status and what is allowed', () => {
    const error = spec
      .given(given('LISTED'))
      .when(listTask, office())
      .thenThrows('INVALID_TRANSITION', /列入清单.*LISTED.*assignTask/s);
    expect(error.details).toEqual({
      status: 'LISTED',
      action: 'listTask',
      allowed: ['assignTask', 'amendTask'],
    });
  });

  it('city sign-off before the public notice period ends is refused', () => {
    const events = given('PUBLIC_NOTICE');
    spec
      .given(events)
      .when({ type: 'SignOff', level: 'CITY', signer: '市长' }, meta(actors.city, at(12)))
      .thenThrows('INVALID_TRANSITION', /公示期/);
  });

  it('the wrong sign-off level for the status is refused', () => {
    spec
      .given(given('PUBLIC_NOTICE'))
      .when({ type: 'SignOff', level: 'PROVINCIAL', signer: '省督察办' }, office())
      .thenThrows('INVALID_TRANSITION', /signOff\(PROVINCIAL\).*signOff\(CITY\)/s);
    spec
      .given(given('CITY_SIGNED_OFF'))
      .when({ type: 'SignOff', level: 'CITY', signer: '市长' }, meta(actors.city))
      .thenThrows('INVALID_TRANSITION', /allowed next: signOff\(PROVINCIAL\)/);
  });

  it('a spot-check result needs a pending draw; a second draw needs the first one settled', () => {
    spec
      .given(given('SIGNED_OFF'))
      .when({ type: 'RecordSpotCheck', result: 'PASSED' }, office())
      .thenThrows('INVALID_TRANSITION', /drawSpotChecks/);
    spec
      .given(given('SPOT_CHECK_DRAWN'))
      .when({ type: 'MarkSpotCheckDrawn', drawId: 'D2', seed: 1 }, office())
      .thenThrows('INVALID_TRANSITION', /recordSpotCheck/);
  });
});
