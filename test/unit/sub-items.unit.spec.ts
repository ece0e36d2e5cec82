import type { Actor } from '../../src/common/actor.js';
import { fold } from '../../src/common/decider.js';
import { importRectificationList, type SendTaskCommand } from '../../src/exchange/importer.js';
import type { TaskCommand } from '../../src/tasks/domain/task.commands.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { deciderSpec } from '../support/decider-spec.js';
import { noticeCsv, noticeRows } from '../support/notice-list.js';
import { actors, at, given, listTask, meta } from '../support/task-fixtures.js';

const spec = deciderSpec(taskDecider);
const rollUp: Actor = { id: 'system', name: '汇总', roles: ['ADMIN'], organisation: 'system' };

const record = (events: TaskEvent[], childId: string, open: boolean, status = 'LISTED') => [
  ...events,
  ...taskDecider.decide(
    { type: 'RecordChildItem', childId, status, open },
    fold(taskDecider, events),
    meta(rollUp, at(60)),
  ),
];

describe('sub-items (子项)', () => {
  it('a sub-item is listed under its parent', () => {
    spec
      .given([])
      .when({ ...listTask, taskId: 'T01.1', parentId: 'T01' } as TaskCommand, meta(actors.office))
      .thenState((s) => expect(s).toMatchObject({ taskId: 'T01.1', parentId: 'T01' }));
    spec
      .given([])
      .when({ ...listTask, parentId: 'T01' } as TaskCommand, meta(actors.office))
      .thenThrows('BAD_USER_INPUT', /自身/);
  });

  it('a parent cannot be signed off while a sub-item is open', () => {
    const events = record(given('CITY_SIGNED_OFF'), 'T01.1', true);
    expect(fold(taskDecider, events).children).toEqual([
      { taskId: 'T01.1', status: 'LISTED', open: true, at: at(60) },
    ]);
    spec
      .given(events)
      .when({ type: 'SignOff', level: 'PROVINCIAL', signer: '省督察办' }, meta(actors.office))
      .thenThrows('INVALID_TRANSITION', /子项 T01\.1 尚未销号/);
    // Once the sub-item closes, the parent may close.
    spec
      .given(record(events, 'T01.1', false, 'SIGNED_OFF'))
      .when({ type: 'SignOff', level: 'PROVINCIAL', signer: '省督察办' }, meta(actors.office))
      .thenState((s) => expect(s.status).toBe('SIGNED_OFF'));
  });

  it('only the office (or the roll-up acting for it) records a sub-item', () => {
    spec
      .given(given('ASSIGNED'))
      .when(
        { type: 'RecordChildItem', childId: 'X', status: 'LISTED', open: true },
        meta(actors.lead),
      )
      .thenThrows('FORBIDDEN');
  });

  it('import creates sub-items from a parent-number column', async () => {
    const sent: [string, TaskCommand][] = [];
    const send: SendTaskCommand = async (taskId, command) => {
      sent.push([taskId, command]);
      return { duplicate: false };
    };
    const office = { ...actors.office };
    const csv = noticeCsv(noticeRows(5), [
      { parent: 2, units: '都昌县', acceptance: '省水利厅', deadline: '2025-12-31' },
      { parent: 2, units: '湖口县人民政府', acceptance: '省水利厅', deadline: '2026-06-30' },
    ]);
    const report = await importRectificationList(
      csv,
      { inspectionId: 'JX-3', actor: office },
      send,
    );
    expect(report).toMatchObject({ created: 7, problems: [] });
    const listed = sent
      .filter(([, c]) => c.type === 'ListTask')
      .map(([id, c]) => [id, (c as { parentId?: string }).parentId]);
    expect(listed.slice(5)).toEqual([
      ['JX-3-006', 'JX-3-002'],
      ['JX-3-007', 'JX-3-002'],
    ]);
    const bad = noticeCsv(noticeRows(3), [
      { parent: 9, units: '都昌县', acceptance: '省水利厅', deadline: '2025-12-31' },
    ]);
    const refused = await importRectificationList(
      bad,
      { inspectionId: 'JX-3', actor: office, dryRun: true },
      send,
    );
    expect(refused.problems).toEqual([
      expect.objectContaining({ column: '上级序号', zh: '上级序号 9 不是本表中任何一行的序号' }),
    ]);
  });
});
