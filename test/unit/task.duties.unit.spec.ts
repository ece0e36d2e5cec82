import type { TaskCommand } from '../../src/tasks/domain/task.commands.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { deciderSpec } from '../support/decider-spec.js';
import {
  ACCEPTOR,
  LEAD,
  SUPPORT,
  actor,
  actors,
  assign,
  at,
  given,
  meta,
  stateOf,
} from '../support/task-fixtures.js';

const spec = deciderSpec(taskDecider);
const signOff: TaskCommand = { type: 'SignOff', level: 'PROVINCIAL', signer: '审计 陈某' };

/** Issue 19, item 10: permission before existence and state. */
describe('the role is checked before the task is looked at', () => {
  it.each([
    ['no such task', () => []],
    ['a task in progress (signOff not due)', () => given('IN_PROGRESS')],
    ['a task due for provincial sign-off', () => given('CITY_SIGNED_OFF')],
  ])("an AUDITOR's signOff on %s is FORBIDDEN", (_name, events: () => TaskEvent[]) => {
    spec
      .given(events())
      .when(signOff, meta(actors.auditor))
      .thenThrows('FORBIDDEN', /signOff.*省督察办.*inspection office/s);
  });

  it('the right role meets existence, then scope, then status', () => {
    // Existence before scope: another city learns only that there is no such task.
    spec.given([]).when(signOff, meta(actors.office)).thenThrows('NOT_FOUND');
    const cityOff: TaskCommand = { type: 'SignOff', level: 'CITY', signer: '市长' };
    spec.given([]).when(cityOff, meta(actors.otherCity)).thenThrows('NOT_FOUND');
    // Scope before status: another city is refused whatever the task's status.
    spec.given(given('IN_PROGRESS')).when(cityOff, meta(actors.otherCity)).thenThrows('FORBIDDEN');
    // The task's own city, too early: the status speaks.
    spec
      .given(given('IN_PROGRESS'))
      .when(cityOff, meta(actors.city))
      .thenThrows('INVALID_TRANSITION', /IN_PROGRESS/);
    // An implementing entity of another task: FORBIDDEN, not a word about the status.
    spec
      .given(given('SIGNED_OFF'))
      .when(
        { type: 'ReportProgress', scheduleStatus: 'AHEAD', summary: 'x' },
        meta(actors.otherEntity),
      )
      .thenThrows('FORBIDDEN');
  });
});

/** Issue 19, item 11a: a unit does not accept its own work. */
describe('separation of duties: the acceptance unit is none of the implementing units', () => {
  const listed = () => given('LISTED');

  it.each([
    ['a supporting unit', { acceptanceUnit: SUPPORT }, /配合单位.*supporting unit/s],
    ['the lead unit', { acceptanceUnit: LEAD }, /牵头单位.*lead unit/s],
    ['a supporting unit added', { supportingUnits: [SUPPORT, ACCEPTOR] }, /配合单位/],
  ])('assignTask naming %s as acceptance unit is BAD_USER_INPUT', (_n, change, message) => {
    const error = spec
      .given(listed())
      .when({ ...assign(), ...change } as TaskCommand, meta(actors.office))
      .thenThrows('BAD_USER_INPUT', message);
    expect(error.details.field).toBe('acceptanceUnit');
  });

  it('amendTask may not make an implementing unit the acceptance unit, nor the reverse', () => {
    for (const changes of [{ acceptanceUnit: SUPPORT }, { supportingUnits: [ACCEPTOR] }]) {
      spec
        .given(given('IN_PROGRESS'))
        .when({ type: 'AmendTask', changes }, meta(actors.office, at(100), '更正'))
        .thenThrows('BAD_USER_INPUT', /实施单位不得验收自己的整改/);
    }
  });

  /** A record written before the rule: its supporting unit is also its acceptance unit. */
  const legacy = (): TaskEvent[] => {
    const events = given('IN_PROGRESS');
    const assigned = events.find((e) => e.type === 'TaskAssigned')!;
    Object.assign(assigned.data, { supportingUnits: [SUPPORT, ACCEPTOR] });
    return [
      ...events,
      {
        type: 'AcceptanceRequested',
        data: { selfCheck: '自查完成', evidence: [], at: at(50) },
      },
    ];
  };

  it('an older record that breaks the rule still folds; its implementing unit may not accept', () => {
    const state = stateOf(legacy());
    expect(state).toMatchObject({
      status: 'ACCEPTANCE_REQUESTED',
      supportingUnits: [SUPPORT, ACCEPTOR],
      acceptanceUnit: ACCEPTOR,
    });
    const accept: TaskCommand = { type: 'RecordAcceptance', decision: 'ACCEPTED', opinion: '同意' };
    const acceptorAlsoSupporting = actor('ACCEPTANCE_UNIT', ACCEPTOR);
    spec
      .given(legacy())
      .when(accept, meta(acceptorAlsoSupporting))
      .thenThrows('FORBIDDEN', /实施单位不得验收自己的整改.*no unit accepts its own work/s);
    // Other corrections still go through; amending the units puts the record right.
    spec
      .given(legacy())
      .when(
        { type: 'AmendTask', changes: { title: '更正后的标题' } },
        meta(actors.office, at(100), '更正'),
      )
      .then((events) => expect(events.map((e) => e.type)).toEqual(['TaskAmended']));
    const mended = taskDecider.decide(
      { type: 'AmendTask', changes: { supportingUnits: [SUPPORT] } },
      stateOf(legacy()),
      meta(actors.office, at(100), '更正'),
    );
    spec
      .given([...legacy(), ...mended])
      .when(accept, meta(acceptorAlsoSupporting))
      .then((events) => expect(events[0].type).toBe('AcceptanceGranted'));
  });
});
