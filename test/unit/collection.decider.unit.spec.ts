import type { Actor, Role } from '../../src/common/actor.js';
import type { CommandMeta } from '../../src/common/decider.js';
import type { CollectionCommand } from '../../src/collection/domain/round.commands.js';
import { collectionDecider } from '../../src/collection/domain/round.decider.js';
import type { CollectionEvent } from '../../src/collection/domain/round.events.js';
import { reportText, type CollectionFigures } from '../../src/collection/domain/round.figures.js';
import { COLLECTION_POLICY } from '../../src/collection/domain/round.policy.js';
import { entryStatus, unitsOf } from '../../src/collection/domain/round.state.js';
import { deciderSpec } from '../support/decider-spec.js';

const actor = (role: Role, organisation: string): Actor => ({
  id: `${organisation}:${role}`,
  name: `${organisation} 某`,
  roles: [role],
  organisation,
});
const OFFICE = actor('INSPECTION_OFFICE', '省督察办');
const JIUJIANG = actor('IMPLEMENTING_ENTITY', '九江市人民政府');
const SHANGRAO = actor('IMPLEMENTING_ENTITY', '上饶市人民政府');
const OPENED_AT = '2026-01-05T00:00:00.000Z';
const DUE = '2026-01-20T09:00:00.000Z';
const meta = (by: Actor, at = '2026-01-10T00:00:00.000Z', reason?: string): CommandMeta => ({
  actor: by,
  at,
  ...(reason ? { reason } : {}),
});

const spec = deciderSpec(collectionDecider);
const ROSTER = [
  { taskId: 'T1', number: 1, title: '采砂', leadUnit: '九江市人民政府', deadline: '2025-06-30' },
  { taskId: 'T2', number: 2, title: '矿山', leadUnit: '上饶市人民政府', longTerm: true },
];
const open: CollectionCommand = {
  type: 'OpenCollectionRound',
  roundId: 'R1',
  inspectionId: 'JX-3',
  name: ' 2026 年 1 月调度 ',
  dueAt: DUE,
  tasks: ROSTER,
};
const opened = spec
  .given()
  .when(open, meta(OFFICE, OPENED_AT))
  .then((events) => {
    expect(events).toHaveLength(1);
  });
const report = (taskId = 'T1'): CollectionCommand => ({
  type: 'ReportCollectionProgress',
  taskId,
  progressPercent: 40,
  summary: '已完成排查',
});
const reported = (taskId = 'T1', by = JIUJIANG, at?: string) =>
  collectionDecider.decide(
    report(taskId),
    spec.given(opened as CollectionEvent[]).state,
    meta(by, at),
  );
const FIGURES: CollectionFigures = {
  total: 5,
  done: 2,
  due: 2,
  dueAndDone: 1,
  onSchedule: 1,
  behind: 1,
  notAssigned: 1,
  longTerm: 1,
  longTermDone: 0,
  byYear: [
    { year: 2025, planned: 2, done: 1 },
    { year: 2026, planned: 2, done: 1 },
  ],
};
const freeze: CollectionCommand = {
  type: 'FreezeCollectionRound',
  asOfPosition: '42',
  asOfTime: '2026-01-21T00:00:00.000Z',
  figures: FIGURES,
};
const frozen = () => [
  ...(opened as CollectionEvent[]),
  ...reported(),
  ...collectionDecider.decide(
    freeze,
    spec.given([...(opened as CollectionEvent[]), ...reported()]).state,
    meta(OFFICE, '2026-01-22T00:00:00.000Z'),
  ),
];

describe('collection round: opening', () => {
  it('the office opens a round with its roster, name trimmed, deadlines normalised', () =>
    void spec
      .given()
      .when(open, meta(OFFICE, OPENED_AT))
      .thenState((s) => {
        expect(s).toMatchObject({
          status: 'OPEN',
          name: '2026 年 1 月调度',
          dueAt: DUE,
          openedAt: OPENED_AT,
        });
        expect(s.tasks.T1).toMatchObject({
          leadUnit: '九江市人民政府',
          deadline: '2025-06-30T00:00:00.000Z',
          longTerm: false,
          order: 0,
        });
        expect(s.tasks.T2).toMatchObject({ deadline: null, longTerm: true, order: 1 });
      }));

  it.each(['IMPLEMENTING_ENTITY', 'CITY_GOVERNMENT', 'AUDITOR', 'DISCLOSURE_OFFICER'] as const)(
    'refuses %s opening a round',
    (role) =>
      void spec
        .given()
        .when(open, meta(actor(role, '九江市人民政府'), OPENED_AT))
        .thenThrows('FORBIDDEN', /省督察办/),
  );

  it('refuses opening twice, an empty roster, a repeated task and a due time already past', () => {
    spec
      .given(opened as CollectionEvent[])
      .when(open, meta(OFFICE))
      .thenThrows('INVALID_TRANSITION', /已于/);
    spec
      .given()
      .when({ ...open, tasks: [] }, meta(OFFICE))
      .thenThrows('BAD_USER_INPUT', /tasks/);
    spec
      .given()
      .when(
        {
          ...open,
          tasks: [ROSTER[0], ROSTER[0]],
        },
        meta(OFFICE),
      )
      .thenThrows('BAD_USER_INPUT', /重复/);
    spec
      .given()
      .when(open, meta(OFFICE, '2026-01-21T00:00:00.000Z'))
      .thenThrows('BAD_USER_INPUT', /dueAt/);
    spec
      .given()
      .when({ ...open, name: ' ' }, meta(OFFICE))
      .thenThrows('BAD_USER_INPUT', /name/);
  });

  it('any other command on a round never opened is NOT_FOUND', () => {
    spec.given().when(report(), meta(JIUJIANG)).thenThrows('NOT_FOUND');
  });
});

describe('collection round: reports', () => {
  it('the lead unit reports once; before the due time it is on time', () =>
    void spec
      .given(opened as CollectionEvent[])
      .when(report(), meta(JIUJIANG))
      .thenState((s, events) => {
        expect(events[0]).toMatchObject({
          type: 'CollectionProgressReported',
          data: { unit: '九江市人民政府', late: false, progressPercent: 40 },
        });
        expect(entryStatus(s, 'T1', '2026-01-10T00:00:00.000Z')).toBe('REPORTED');
        expect(entryStatus(s, 'T2', '2026-01-10T00:00:00.000Z')).toBe('PENDING');
        expect(entryStatus(s, 'T2', '2026-01-21T00:00:00.000Z')).toBe('MISSING');
      }));

  it('a report after the due time is recorded, marked late', () =>
    void spec
      .given(opened as CollectionEvent[])
      .when(report('T2'), meta(SHANGRAO, '2026-01-20T09:00:00.001Z'))
      .thenState((s) => {
        expect(s.reports.T2.late).toBe(true);
        expect(unitsOf(s, '2026-01-21T00:00:00.000Z')).toEqual([
          { unit: '九江市人民政府', tasks: 1, reported: 0, late: 0, pending: 0, missing: 1 },
          { unit: '上饶市人民政府', tasks: 1, reported: 0, late: 1, pending: 0, missing: 0 },
        ]);
      }));

  it('refuses a unit reporting for a task it does not lead, and ADMIN reporting for a unit', () => {
    spec
      .given(opened as CollectionEvent[])
      .when(report('T1'), meta(SHANGRAO))
      .thenThrows('FORBIDDEN', /九江市人民政府/);
    spec
      .given(opened as CollectionEvent[])
      .when(report('T1'), meta(actor('ADMIN', '九江市人民政府')))
      .thenThrows('FORBIDDEN');
    spec
      .given(opened as CollectionEvent[])
      .when(report('T1'), meta(actor('ACCEPTANCE_UNIT', '九江市人民政府')))
      .thenThrows('FORBIDDEN');
  });

  it('a city government leading a task reports as itself', () =>
    void spec
      .given(opened as CollectionEvent[])
      .when(report('T1'), meta(actor('CITY_GOVERNMENT', '九江市人民政府')))
      .then((events) => expect(events[0].type).toBe('CollectionProgressReported')));

  it('refuses a task outside the round, a second report, and bad figures', () => {
    spec
      .given(opened as CollectionEvent[])
      .when(report('T9'), meta(JIUJIANG))
      .thenThrows('NOT_FOUND', /T9/);
    spec
      .given([...(opened as CollectionEvent[]), ...reported()])
      .when(report(), meta(JIUJIANG))
      .thenThrows('INVALID_TRANSITION', /correctCollectionReport/);
    spec
      .given(opened as CollectionEvent[])
      .when({ ...report(), progressPercent: 101 } as CollectionCommand, meta(JIUJIANG))
      .thenThrows('BAD_USER_INPUT', /progressPercent/);
    spec
      .given(opened as CollectionEvent[])
      .when({ ...report(), summary: '' } as CollectionCommand, meta(JIUJIANG))
      .thenThrows('BAD_USER_INPUT', /summary/);
  });

  it('a correction needs a reason and an earlier report, keeps the first figures and the first time', () => {
    const correct: CollectionCommand = {
      type: 'CorrectCollectionReport',
      taskId: 'T1',
      progressPercent: 55,
      summary: '更正',
    };
    spec
      .given(opened as CollectionEvent[])
      .when(correct, meta(JIUJIANG, undefined, '误填'))
      .thenThrows('INVALID_TRANSITION', /尚未报送/);
    spec
      .given([...(opened as CollectionEvent[]), ...reported()])
      .when(correct, meta(JIUJIANG))
      .thenThrows('BAD_USER_INPUT', /reason/);
    spec
      .given([...(opened as CollectionEvent[]), ...reported()])
      .when(correct, meta(SHANGRAO, undefined, '误填'))
      .thenThrows('FORBIDDEN');
    spec
      .given([...(opened as CollectionEvent[]), ...reported()])
      .when(correct, meta(JIUJIANG, '2026-01-25T00:00:00.000Z', '误填'))
      .thenState((s) => {
        expect(s.reports.T1).toMatchObject({
          progressPercent: 55,
          summary: '更正',
          late: false,
          at: '2026-01-10T00:00:00.000Z',
          corrections: [{ reason: '误填', before: { progressPercent: 40, summary: '已完成排查' } }],
        });
      });
  });
});

describe('collection round: freezing and cancelling', () => {
  it('the office freezes with the figures and their position', () =>
    void spec
      .given([...(opened as CollectionEvent[]), ...reported()])
      .when(freeze, meta(OFFICE, '2026-01-22T00:00:00.000Z'))
      .thenState((s) => {
        expect(s.status).toBe('FROZEN');
        expect(s.report).toMatchObject({
          asOfPosition: '42',
          figures: FIGURES,
          frozenAt: '2026-01-22T00:00:00.000Z',
        });
        expect(entryStatus(s, 'T2', '2026-01-10T00:00:00.000Z')).toBe('MISSING');
      }));

  it('refuses freezing twice, reporting, correcting or cancelling a frozen round', () => {
    spec
      .given(frozen())
      .when(freeze, meta(OFFICE))
      .thenThrows('INVALID_TRANSITION', /已冻结/);
    spec
      .given(frozen())
      .when(report('T2'), meta(SHANGRAO))
      .thenThrows('INVALID_TRANSITION', /已冻结/);
    spec
      .given(frozen())
      .when(
        { type: 'CorrectCollectionReport', taskId: 'T1', progressPercent: 1, summary: 'x' },
        meta(JIUJIANG, undefined, 'r'),
      )
      .thenThrows('INVALID_TRANSITION');
    spec
      .given(frozen())
      .when({ type: 'CancelCollectionRound' }, meta(OFFICE, undefined, 'r'))
      .thenThrows('INVALID_TRANSITION');
  });

  it('refuses a unit freezing and figures that do not add up', () => {
    spec
      .given(opened as CollectionEvent[])
      .when(freeze, meta(JIUJIANG))
      .thenThrows('FORBIDDEN');
    const bad = (figures: Partial<CollectionFigures>) =>
      void spec
        .given(opened as CollectionEvent[])
        .when({ ...freeze, figures: { ...FIGURES, ...figures } } as CollectionCommand, meta(OFFICE))
        .thenThrows('BAD_USER_INPUT', /figures/);
    bad({ done: 3 });
    bad({ dueAndDone: 3 });
    bad({
      byYear: [
        { year: 2026, planned: 1, done: 1 },
        { year: 2025, planned: 1, done: 0 },
      ],
    });
    bad({ byYear: [{ year: 2025, planned: 1, done: 2 }] });
    bad({ total: -1 });
    spec
      .given(opened as CollectionEvent[])
      .when({ ...freeze, asOfPosition: 'head' }, meta(OFFICE))
      .thenThrows('BAD_USER_INPUT', /asOfPosition/);
  });

  it('the office cancels an open round with a reason; a cancelled round takes nothing', () => {
    spec
      .given(opened as CollectionEvent[])
      .when({ type: 'CancelCollectionRound' }, meta(OFFICE))
      .thenThrows('BAD_USER_INPUT', /reason/);
    const cancelled = spec
      .given(opened as CollectionEvent[])
      .when({ type: 'CancelCollectionRound' }, meta(OFFICE, undefined, '范围有误，重新开启'))
      .thenState((s) =>
        expect(s).toMatchObject({
          status: 'CANCELLED',
          cancellation: { reason: '范围有误，重新开启' },
        }),
      );
    expect(cancelled.status).toBe('CANCELLED');
    const events = [
      ...(opened as CollectionEvent[]),
      ...collectionDecider.decide(
        { type: 'CancelCollectionRound' },
        spec.given(opened as CollectionEvent[]).state,
        meta(OFFICE, undefined, 'x'),
      ),
    ];
    spec
      .given(events)
      .when(report(), meta(JIUJIANG))
      .thenThrows('INVALID_TRANSITION', /已撤销/);
    spec.given(events).when(freeze, meta(OFFICE)).thenThrows('INVALID_TRANSITION');
  });
});

describe('collection policy and wording', () => {
  it('the office runs rounds; lead units report', () => {
    expect(COLLECTION_POLICY.OpenCollectionRound.roles).toEqual(['INSPECTION_OFFICE', 'ADMIN']);
    expect(COLLECTION_POLICY.FreezeCollectionRound.roles).toEqual(['INSPECTION_OFFICE', 'ADMIN']);
    expect(COLLECTION_POLICY.ReportCollectionProgress.roles).not.toContain('ADMIN');
  });

  it('says past years done in full or in part, later years done early', () => {
    const text = reportText(
      {
        ...FIGURES,
        byYear: [
          { year: 2025, planned: 30, done: 30 },
          { year: 2026, planned: 12, done: 3 },
          { year: 2027, planned: 4, done: 0 },
        ],
      },
      '2025-12-31',
    );
    expect(text.zh).toContain(
      '计划 2025 年完成的 30 个问题已全部完成，计划 2026 年完成的 12 个问题已提前完成 3 个，计划 2027 年完成的 4 个问题正在按计划推进。',
    );
    expect(text.zh).toMatch(
      /^截至 2025-12-31，5 个整改问题中已完成 2 个；到期应完成 2 个，已完成 1 个；/,
    );
    expect(text.en).toContain('3 of the 12 problems planned for 2026 are done early');
    expect(reportText(FIGURES, '2026-06-30').zh).toContain(
      '计划 2026 年完成的 2 个问题已完成 1 个',
    );
  });
});
