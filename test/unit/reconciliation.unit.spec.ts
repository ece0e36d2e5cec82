import { fold } from '../../src/common/decider.js';
import type { TaskCommand } from '../../src/tasks/domain/task.commands.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { reconciliationGaps } from '../../src/tasks/domain/task.reconciliation.js';
import { deciderSpec } from '../support/decider-spec.js';
import { actors, at, given, meta } from '../support/task-fixtures.js';

const spec = deciderSpec(taskDecider);
const reconcile: TaskCommand = { type: 'ReconcileTask', position: '42' };
const then = (events: TaskEvent[], command: TaskCommand, who = actors.office, day = 150) => [
  ...events,
  ...taskDecider.decide(command, fold(taskDecider, events), meta(who, at(day), '原因')),
];

describe('对账销号 (reconciliation)', () => {
  it('a fully signed-off task lacks nothing and is reconciled at a ledger position', () => {
    const events = given('SIGNED_OFF');
    expect(reconciliationGaps(fold(taskDecider, events), at(150))).toEqual([]);
    spec
      .given(events)
      .when(reconcile, meta(actors.office, at(150)))
      .thenState((s) =>
        expect(s.reconciliation).toMatchObject({
          position: '42',
          changedSince: false,
          by: expect.stringContaining('江西省督察办'),
        }),
      );
  });

  it('lists what a task still lacks, and refuses to reconcile it', () => {
    const s = fold(taskDecider, given('CITY_SIGNED_OFF'));
    expect(reconciliationGaps(s, at(150))).toEqual(['SIGN_OFF_CHAIN']);
    expect(reconciliationGaps(fold(taskDecider, given('IN_PROGRESS')), at(150))).toEqual([
      'SIGN_OFF_CHAIN',
      'ACCEPTANCE',
      'EVIDENCE',
      'PUBLIC_NOTICE',
    ]);
    spec
      .given(given('CITY_SIGNED_OFF'))
      .when(reconcile, meta(actors.office, at(150)))
      .thenThrows('INVALID_TRANSITION', /销号链条不完整/);
  });

  it('refuses a task with an open objection', () => {
    const objected = then(
      given('PUBLIC_NOTICE'),
      { type: 'RecordObjection', summary: '群众反映仍有异味' },
      actors.acceptor,
      30,
    );
    expect(reconciliationGaps(fold(taskDecider, objected), at(150))).toContain('OPEN_OBJECTION');
    spec
      .given(objected)
      .when(reconcile, meta(actors.office, at(150)))
      .thenThrows('INVALID_TRANSITION', /公示异议未办结/);
  });

  it('refuses a task with a pending spot check or an open sub-item; only the office reconciles', () => {
    spec
      .given(given('SPOT_CHECK_DRAWN'))
      .when(reconcile, meta(actors.office, at(150)))
      .thenThrows('INVALID_TRANSITION', /抽查/);
    const withChild = then(given('SIGNED_OFF'), {
      type: 'RecordChildItem',
      childId: 'T01.1',
      status: 'REOPENED',
      open: true,
    });
    spec
      .given(withChild)
      .when(reconcile, meta(actors.office, at(150)))
      .thenThrows('INVALID_TRANSITION', /子项/);
    spec
      .given(given('SIGNED_OFF'))
      .when(reconcile, meta(actors.city, at(150)))
      .thenThrows('FORBIDDEN');
  });

  it('accepts a spot check the office waived with a reason, and only then', () => {
    const waive: TaskCommand = { type: 'WaiveSpotCheck' };
    const drawn = given('SPOT_CHECK_DRAWN');
    // A reason is required; the refusal writes nothing.
    spec
      .given(drawn)
      .when(waive, meta(actors.office, at(140)))
      .thenThrows('BAD_USER_INPUT');
    // Only the office that draws the checks may waive one: not the city, the unit, the acceptor.
    for (const who of [actors.city, actors.lead, actors.acceptor, actors.auditor]) {
      spec
        .given(drawn)
        .when(waive, meta(who, at(140), '已抽查'))
        .thenThrows('FORBIDDEN');
    }
    // Nothing to waive without a pending draw (none drawn, or already recorded).
    spec
      .given(given('SIGNED_OFF'))
      .when(waive, meta(actors.office, at(140), '无需抽查'))
      .thenThrows('INVALID_TRANSITION');
    const passed = then(drawn, { type: 'RecordSpotCheck', result: 'PASSED' });
    spec
      .given(passed)
      .when(waive, meta(actors.office, at(140), '无需抽查'))
      .thenThrows('INVALID_TRANSITION');

    const waived = [
      ...drawn,
      ...taskDecider.decide(
        waive,
        fold(taskDecider, drawn),
        meta(actors.office, at(140), '该点位已纳入中央督察组现场核查'),
      ),
    ];
    expect(waived.at(-1)).toMatchObject({
      type: 'SpotCheckWaived',
      data: {
        reason: '该点位已纳入中央督察组现场核查',
        by: expect.stringContaining('江西省督察办'),
      },
    });
    const s = fold(taskDecider, waived);
    expect(s.spotCheck?.waiver).toMatchObject({
      reason: '该点位已纳入中央督察组现场核查',
      at: at(140),
    });
    expect(reconciliationGaps(s, at(150))).toEqual([]);
    spec
      .given(waived)
      .when(reconcile, meta(actors.office, at(150)))
      .thenState((r) => expect(r.reconciliation).toMatchObject({ position: '42' }));
    // Waived, it is no longer pending: no result may be recorded on it, nor a second waiver.
    spec
      .given(waived)
      .when({ type: 'RecordSpotCheck', result: 'PASSED' }, meta(actors.office, at(150)))
      .thenThrows('INVALID_TRANSITION');
    spec
      .given(waived)
      .when(waive, meta(actors.office, at(150), '再次豁免'))
      .thenThrows('INVALID_TRANSITION');
    // A failed check cannot be waived away: it reopened the task.
    const failed = then(drawn, { type: 'RecordSpotCheck', result: 'FAILED', findings: '仍有黑臭' });
    expect(reconciliationGaps(fold(taskDecider, failed), at(150))).toContain('SPOT_CHECK');
  });

  it('a task changed after its reconciliation shows it', () => {
    const reconciled = then(given('SIGNED_OFF'), reconcile);
    const changed = then(
      reconciled,
      { type: 'ReopenTask', source: 'LOOK_BACK_REVIEW', finding: 'SUPERFICIAL' },
      actors.office,
      160,
    );
    expect(fold(taskDecider, changed).reconciliation).toMatchObject({
      changedSince: true,
      changedAt: at(160),
    });
  });
});
