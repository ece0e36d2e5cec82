import type { Actor } from '../../src/common/actor.js';
import { fold } from '../../src/common/decider.js';
import type { TaskCommand } from '../../src/tasks/domain/task.commands.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { inRegion } from '../../src/tasks/domain/task.policy.js';
import { deciderSpec } from '../support/decider-spec.js';
import { EVIDENCE, actors, assign, at, given, listTask, meta } from '../support/task-fixtures.js';

const spec = deciderSpec(taskDecider);

/** One well-formed command of each kind (SignOff at both levels). */
const SAMPLES: Record<string, TaskCommand> = {
  ListTask: listTask,
  AssignTask: assign(),
  AmendTask: { type: 'AmendTask', changes: { title: '更正后的标题' } },
  ReportProgress: { type: 'ReportProgress', scheduleStatus: 'AHEAD', summary: '进展' },
  AttachEvidence: { type: 'AttachEvidence', evidence: [EVIDENCE] },
  SuperviseTask: { type: 'SuperviseTask', kind: 'SUMMONS', note: '约谈' },
  AdjustDeadline: { type: 'AdjustDeadline', newDeadline: '2026-01-01', approver: '主任' },
  RequestAcceptance: { type: 'RequestAcceptance', selfCheck: '自查' },
  RecordAcceptance: { type: 'RecordAcceptance', decision: 'ACCEPTED', opinion: '同意' },
  StartPublicNotice: { type: 'StartPublicNotice', start: at(50), end: at(57) },
  RecordObjection: { type: 'RecordObjection', summary: '异议' },
  'SignOff(CITY)': { type: 'SignOff', level: 'CITY', signer: '市长' },
  'SignOff(PROVINCIAL)': { type: 'SignOff', level: 'PROVINCIAL', signer: '省督察办' },
  MarkSpotCheckDrawn: { type: 'MarkSpotCheckDrawn', drawId: 'D5', seed: 5 },
  RecordSpotCheck: { type: 'RecordSpotCheck', result: 'PASSED' },
  WaiveSpotCheck: { type: 'WaiveSpotCheck' },
  ReopenTask: { type: 'ReopenTask', source: 'LATER_INSPECTION' },
};

const then = (events: TaskEvent[], command: TaskCommand, who: Actor = actors.office) => [
  ...events,
  ...taskDecider.decide(command, fold(taskDecider, events), meta(who, at(40), '原因')),
];

const STAGES: Record<string, () => TaskEvent[]> = {
  NONE: () => [],
  LISTED: () => given('LISTED'),
  ASSIGNED: () => given('ASSIGNED'),
  IN_PROGRESS: () => given('IN_PROGRESS'),
  REOPENED: () => then(given('SIGNED_OFF'), SAMPLES.ReopenTask),
  ACCEPTANCE_REQUESTED: () => given('ACCEPTANCE_REQUESTED'),
  VERIFYING: () => then(given('PUBLIC_NOTICE'), SAMPLES.RecordObjection, actors.acceptor),
  ACCEPTED: () => given('ACCEPTED'),
  PUBLIC_NOTICE: () => given('PUBLIC_NOTICE'),
  CITY_SIGNED_OFF: () => given('CITY_SIGNED_OFF'),
  SIGNED_OFF: () => given('SIGNED_OFF'),
  SPOT_CHECK_DRAWN: () => given('SPOT_CHECK_DRAWN'),
  LONG_TERM: () => given('LONG_TERM', { longTerm: true }),
};

const WORKING = [
  'ReportProgress',
  'AttachEvidence',
  'SuperviseTask',
  'AdjustDeadline',
  'AmendTask',
];
/** DOMAIN.md's lifecycle, restated: what each state admits. Everything else is refused. */
const EXPECTED: Record<string, string[]> = {
  NONE: ['ListTask'],
  LISTED: ['AssignTask', 'AmendTask'],
  ASSIGNED: WORKING,
  IN_PROGRESS: [...WORKING, 'RequestAcceptance'],
  REOPENED: WORKING,
  ACCEPTANCE_REQUESTED: ['RecordAcceptance', 'AttachEvidence', 'SuperviseTask', 'AmendTask'],
  VERIFYING: ['RecordAcceptance', 'AttachEvidence', 'SuperviseTask', 'AmendTask'],
  ACCEPTED: ['StartPublicNotice', 'AmendTask'],
  PUBLIC_NOTICE: ['RecordObjection', 'SignOff(CITY)', 'AmendTask'],
  CITY_SIGNED_OFF: ['SignOff(PROVINCIAL)', 'ReopenTask', 'AmendTask'],
  SIGNED_OFF: ['MarkSpotCheckDrawn', 'ReopenTask', 'AmendTask'],
  SPOT_CHECK_DRAWN: ['RecordSpotCheck', 'WaiveSpotCheck', 'ReopenTask', 'AmendTask'],
  LONG_TERM: ['ReportProgress', 'AttachEvidence', 'MarkSpotCheckDrawn', 'ReopenTask', 'AmendTask'],
};

const cases = Object.keys(STAGES).flatMap((stage) =>
  Object.keys(SAMPLES).map((name) => [stage, name, EXPECTED[stage].includes(name)] as const),
);

describe('every command in every state', () => {
  it.each(cases)('%s: %s allowed=%s', (stage, name, allowed) => {
    const when = spec
      .given(STAGES[stage]())
      .when(SAMPLES[name], meta(actors[WHO[name][0]], at(100), '原因'));
    if (allowed) {
      when.then((events) => expect(events.length).toBeGreaterThan(0));
    } else if (stage === 'NONE') {
      when.thenThrows('NOT_FOUND');
    } else {
      const error = when.thenThrows(
        'INVALID_TRANSITION',
        new RegExp(`${stage === 'SPOT_CHECK_DRAWN' ? 'SIGNED_OFF' : stage}`),
      );
      expect((error.details.allowed as string[]).length).toBeGreaterThan(0);
    }
  });
});

/** Who may send each command (ADMIN may send what the inspection office may). */
const WHO: Record<string, (keyof typeof actors)[]> = {
  ListTask: ['office'],
  AssignTask: ['office'],
  AmendTask: ['office'],
  SuperviseTask: ['office'],
  AdjustDeadline: ['office'],
  MarkSpotCheckDrawn: ['office'],
  RecordSpotCheck: ['office'],
  WaiveSpotCheck: ['office'],
  ReopenTask: ['office'],
  'SignOff(PROVINCIAL)': ['office'],
  ReportProgress: ['lead', 'supporting'],
  AttachEvidence: ['lead', 'supporting'],
  RequestAcceptance: ['lead', 'supporting'],
  RecordAcceptance: ['acceptor'],
  StartPublicNotice: ['acceptor'],
  RecordObjection: ['acceptor'],
  'SignOff(CITY)': ['city'],
};

/** A state where each command is allowed, so only the actor decides. */
const STAGE_OF: Record<string, string> = {
  ListTask: 'NONE',
  AssignTask: 'LISTED',
  RecordAcceptance: 'ACCEPTANCE_REQUESTED',
  StartPublicNotice: 'ACCEPTED',
  RecordObjection: 'PUBLIC_NOTICE',
  'SignOff(CITY)': 'PUBLIC_NOTICE',
  'SignOff(PROVINCIAL)': 'CITY_SIGNED_OFF',
  MarkSpotCheckDrawn: 'SIGNED_OFF',
  RecordSpotCheck: 'SPOT_CHECK_DRAWN',
  WaiveSpotCheck: 'SPOT_CHECK_DRAWN',
  ReopenTask: 'SIGNED_OFF',
  RequestAcceptance: 'IN_PROGRESS',
};

const matrix = Object.keys(WHO).flatMap((name) =>
  (Object.keys(actors) as (keyof typeof actors)[]).map(
    (who) =>
      [
        name,
        who,
        WHO[name].includes(who) || (who === 'admin' && WHO[name].includes('office')),
      ] as const,
  ),
);

describe('who may do what (task.policy, enforced inside decide)', () => {
  it.each(matrix)('%s by %s: allowed=%s', (name, who, allowed) => {
    const when = spec
      .given(STAGES[STAGE_OF[name] ?? 'IN_PROGRESS']())
      .when(SAMPLES[name], meta(actors[who], at(100), '原因'));
    if (allowed) when.then((events) => expect(events.length).toBeGreaterThan(0));
    else when.thenThrows('FORBIDDEN', /无权执行.*Not allowed/s);
  });

  it('a city government may act on its counties but not on another city', () => {
    expect(inRegion('360400', '360428')).toBe(true);
    expect(inRegion('360400', '360400')).toBe(true);
    expect(inRegion('360700', '360428')).toBe(false);
    expect(inRegion(undefined, '360428')).toBe(false);
    // A province's code is not a city's: provincial sign-off belongs to the inspection office.
    expect(inRegion('360000', '360428')).toBe(false);
  });
});

describe('malformed input is BAD_USER_INPUT', () => {
  const assigned = () => given('ASSIGNED');
  const listed = () => given('LISTED');
  const bad: [string, () => TaskEvent[], TaskCommand, Actor, string?][] = [
    ['empty title', () => [], { ...listTask, title: '   ' } as TaskCommand, actors.office],
    [
      '100 KB title',
      () => [],
      { ...listTask, title: 'x'.repeat(100_000) } as TaskCommand,
      actors.office,
    ],
    ['bad task id', () => [], { ...listTask, taskId: 'a b' } as TaskCommand, actors.office],
    ['bad deadline', listed, { ...assign(), deadline: '2025-13-45' } as TaskCommand, actors.office],
    [
      'no deadline, not long-term',
      listed,
      { ...assign(), deadline: null } as TaskCommand,
      actors.office,
    ],
    [
      'unknown tier',
      listed,
      { ...assign(), signOffTier: 'COUNTY' } as unknown as TaskCommand,
      actors.office,
    ],
    ['bad region code', listed, { ...assign(), regionCode: '36-04' } as TaskCommand, actors.office],
    ['empty lead unit', listed, { ...assign(), leadUnit: '' } as TaskCommand, actors.office],
    [
      'unknown schedule status',
      assigned,
      { type: 'ReportProgress', scheduleStatus: 'LATE', summary: 'x' } as unknown as TaskCommand,
      actors.lead,
    ],
    [
      'bad sha256',
      assigned,
      { type: 'AttachEvidence', evidence: [{ ...EVIDENCE, sha256: 'abc' }] },
      actors.lead,
    ],
    ['no evidence', assigned, { type: 'AttachEvidence', evidence: [] }, actors.lead],
    [
      'deadline adjustment without a reason',
      assigned,
      { type: 'AdjustDeadline', newDeadline: '2026-01-01', approver: '主任' },
      actors.office,
      '',
    ],
    [
      'deadline adjustment without an approver',
      assigned,
      { type: 'AdjustDeadline', newDeadline: '2026-01-01', approver: ' ' },
      actors.office,
    ],
    [
      'amendment without a reason',
      assigned,
      { type: 'AmendTask', changes: { title: 'x' } },
      actors.office,
      '',
    ],
    [
      'amendment that changes nothing',
      assigned,
      { type: 'AmendTask', changes: { leadUnit: '九江市人民政府' } },
      actors.office,
    ],
    [
      'amendment of the deadline',
      assigned,
      { type: 'AmendTask', changes: { deadline: '2026-01-01' } as never },
      actors.office,
    ],
    [
      'rejection without findings',
      () => given('ACCEPTANCE_REQUESTED'),
      { type: 'RecordAcceptance', decision: 'REJECTED' },
      actors.acceptor,
    ],
    [
      'acceptance without an opinion',
      () => given('ACCEPTANCE_REQUESTED'),
      { type: 'RecordAcceptance', decision: 'ACCEPTED' },
      actors.acceptor,
    ],
    [
      'notice ending before it starts',
      () => given('ACCEPTED'),
      { type: 'StartPublicNotice', start: at(20), end: at(10) },
      actors.acceptor,
    ],
    [
      'failed spot check without findings',
      () => given('SPOT_CHECK_DRAWN'),
      { type: 'RecordSpotCheck', result: 'FAILED' },
      actors.office,
    ],
    [
      'reopening without a reason',
      () => given('SIGNED_OFF'),
      { type: 'ReopenTask', source: 'LOOK_BACK_REVIEW' },
      actors.office,
      '',
    ],
  ];
  it.each(bad)('%s', (_name, events, command, who, reason = '原因') => {
    spec
      .given(events())
      .when(command, meta(who, at(100), reason))
      .thenThrows('BAD_USER_INPUT');
  });
});
