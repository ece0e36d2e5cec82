import { fold } from '../../src/common/decider.js';
import type { TaskCommand } from '../../src/tasks/domain/task.commands.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { allowedNext } from '../../src/tasks/domain/task.transitions.js';
import { deciderSpec } from '../support/decider-spec.js';
import { actors, at, given, meta } from '../support/task-fixtures.js';

const spec = deciderSpec(taskDecider);
const apply: TaskCommand = { type: 'ApplyDeadlineChange', newDeadline: '2026-06-30' };
const decide = (approved: boolean): TaskCommand => ({
  type: 'DecideDeadlineChange',
  approved,
  approver: '省督察整改工作领导小组',
});
const then = (events: TaskEvent[], command: TaskCommand, who = actors.office) => [
  ...events,
  ...taskDecider.decide(command, fold(taskDecider, events), meta(who, at(120), '汛期无法施工')),
];

describe('deadline changes by application, approval and filing', () => {
  it('the lead unit applies with a reason; the deadline stays until approved', () => {
    spec
      .given(given('IN_PROGRESS'))
      .when(apply, meta(actors.lead, at(110)))
      .thenThrows('BAD_USER_INPUT', /reason/);
    const applied = then(given('IN_PROGRESS'), apply, actors.lead);
    const s = fold(taskDecider, applied);
    expect(s.deadline).toBe('2025-06-30T00:00:00.000Z');
    expect(s.deadlineChange).toMatchObject({
      status: 'APPLIED',
      to: '2026-06-30T00:00:00.000Z',
      appliedBy: '九江市人民政府',
    });
    expect(allowedNext(s)).toContain('decideDeadlineChange');
    expect(allowedNext(s)).not.toContain('applyDeadlineChange');
  });

  it('only the lead or supporting unit applies; only the office decides and files', () => {
    spec
      .given(given('IN_PROGRESS'))
      .when(apply, meta(actors.otherEntity, at(110), '原因'))
      .thenThrows('FORBIDDEN');
    const applied = then(given('IN_PROGRESS'), apply, actors.lead);
    spec
      .given(applied)
      .when(decide(true), meta(actors.lead, at(120), '同意'))
      .thenThrows('FORBIDDEN');
    spec
      .given(applied)
      .when(decide(true), meta(actors.city, at(120), '同意'))
      .thenThrows('FORBIDDEN');
  });

  it('approval moves the deadline, then filing with the central office closes the change', () => {
    const approved = then(then(given('IN_PROGRESS'), apply, actors.lead), decide(true));
    const s = fold(taskDecider, approved);
    expect(s.deadline).toBe('2026-06-30T00:00:00.000Z');
    expect(s.deadlineChange?.status).toBe('APPROVED');
    expect(s.deadlineAdjustments.at(-1)).toMatchObject({ approver: '省督察整改工作领导小组' });
    // No new application until this one is filed.
    spec
      .given(approved)
      .when(apply, meta(actors.lead, at(130), '再次延期'))
      .thenThrows('INVALID_TRANSITION');
    spec
      .given(approved)
      .when(
        { type: 'FileDeadlineChange', reference: '赣督整办字〔2025〕12号' },
        meta(actors.office, at(130)),
      )
      .thenState((after) =>
        expect(after.deadlineChange).toMatchObject({
          status: 'FILED',
          filingReference: '赣督整办字〔2025〕12号',
        }),
      );
  });

  it('a refusal leaves the deadline; filing a refused change is refused', () => {
    const refused = then(then(given('IN_PROGRESS'), apply, actors.lead), decide(false));
    const s = fold(taskDecider, refused);
    expect(s.deadline).toBe('2025-06-30T00:00:00.000Z');
    expect(s.deadlineChange?.status).toBe('REFUSED');
    spec
      .given(refused)
      .when({ type: 'FileDeadlineChange', reference: 'X' }, meta(actors.office, at(130)))
      .thenThrows('INVALID_TRANSITION');
    spec
      .given(given('IN_PROGRESS'))
      .when(decide(true), meta(actors.office, at(130), '同意'))
      .thenThrows('INVALID_TRANSITION');
  });
});

describe('deadline-change refusals that write nothing', () => {
  it('a decision needs its reason; a filing needs the central office reference', () => {
    const applied = then(given('IN_PROGRESS'), apply, actors.lead);
    spec
      .given(applied)
      .when(decide(true), meta(actors.office, at(120)))
      .thenThrows('BAD_USER_INPUT', /reason/);
    const approved = then(applied, decide(true));
    spec
      .given(approved)
      .when({ type: 'FileDeadlineChange', reference: '' }, meta(actors.office, at(130)))
      .thenThrows('BAD_USER_INPUT', /reference/);
  });
});

describe('reopenings typed by what was found', () => {
  it('records the finding; an unknown finding is refused; one without a finding still reads', () => {
    spec
      .given(given('SIGNED_OFF'))
      .when(
        { type: 'ReopenTask', source: 'LOOK_BACK_REVIEW', finding: 'REBOUND' },
        meta(actors.office, at(200), '回头看发现反弹'),
      )
      .thenState((s) =>
        expect(s.reopenings.at(-1)).toMatchObject({
          finding: 'REBOUND',
          source: 'LOOK_BACK_REVIEW',
        }),
      );
    spec
      .given(given('SIGNED_OFF'))
      .when(
        {
          type: 'ReopenTask',
          source: 'LOOK_BACK_REVIEW',
          finding: 'FAKE',
        } as unknown as TaskCommand,
        meta(actors.office, at(200), '原因'),
      )
      .thenThrows('BAD_USER_INPUT', /finding/);
    spec
      .given(given('SIGNED_OFF'))
      .when(
        { type: 'ReopenTask', source: 'LATER_INSPECTION' },
        meta(actors.office, at(200), '原因'),
      )
      .thenState((s) =>
        expect(s.reopenings.at(-1)).toEqual({
          source: 'LATER_INSPECTION',
          reason: '原因',
          at: at(200),
        }),
      );
  });
});
