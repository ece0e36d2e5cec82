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
