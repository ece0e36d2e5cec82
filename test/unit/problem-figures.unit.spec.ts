import { figuresOf, problemsOf } from '../../projections/collection/figures.js';
import { initialTaskState, type TaskState } from '../../src/tasks/domain/task.state.js';

const AT = '2025-12-31T00:00:00.000Z';

const task = (taskId: string, overrides: Partial<TaskState> = {}): TaskState => ({
  ...initialTaskState(),
  taskId,
  inspectionId: 'JX-3',
  status: 'IN_PROGRESS',
  leadUnit: '九江市人民政府',
  deadline: '2026-06-30T00:00:00.000Z',
  ...overrides,
});

/**
 * The figures a round reports count problems (issue 12: 56 problems split into 275 tasks are 56):
 * a sub-item never counts on its own, and its parent's standing rolls up from it.
 */
describe('round figures count problems, sub-items rolled up', () => {
  it('a parent and its sub-items count once; an overdue open sub-item makes the problem behind', () => {
    const f = figuresOf(
      [
        task('P1'),
        task('P1.1', { parentId: 'P1', status: 'SIGNED_OFF' }),
        task('P1.2', { parentId: 'P1', deadline: '2025-06-30T00:00:00.000Z' }),
        task('P2'),
      ],
      AT,
    );
    expect(f).toMatchObject({ total: 2, done: 0, behind: 1, onSchedule: 1, due: 0 });
    // Planned years are the problems' (the list's 整改时限), not the sub-items'.
    expect(f.byYear).toEqual([{ year: 2026, planned: 2, done: 0 }]);
  });

  it('a closed sub-item does not make its problem done: the problem is done when it is signed off', () => {
    const children = [task('P1.1', { parentId: 'P1', status: 'SIGNED_OFF' })];
    expect(figuresOf([task('P1'), ...children], AT)).toMatchObject({ total: 1, done: 0 });
    expect(figuresOf([task('P1', { status: 'SIGNED_OFF' }), ...children], AT)).toMatchObject({
      total: 1,
      done: 1,
      onSchedule: 0,
    });
  });

  it('a sub-item reported behind makes the problem behind; a closed one behind does not', () => {
    const behind = { scheduleStatus: 'BEHIND' as const };
    expect(figuresOf([task('P1'), task('P1.1', { parentId: 'P1', ...behind })], AT)).toMatchObject({
      behind: 1,
      onSchedule: 0,
    });
    expect(
      figuresOf(
        [task('P1'), task('P1.1', { parentId: 'P1', ...behind, status: 'SIGNED_OFF' })],
        AT,
      ),
    ).toMatchObject({ behind: 0, onSchedule: 1 });
  });

  it('a listed problem is not assigned until it or a sub-item is', () => {
    const listed = { status: 'LISTED' as const, deadline: null };
    expect(
      figuresOf([task('P1', listed), task('P1.1', { parentId: 'P1', ...listed })], AT),
    ).toMatchObject({ total: 1, notAssigned: 1 });
    expect(figuresOf([task('P1', listed), task('P1.1', { parentId: 'P1' })], AT)).toMatchObject({
      total: 1,
      notAssigned: 0,
      onSchedule: 1,
    });
  });

  it('a task without sub-items counts as before; a sub-item of an unknown parent is left out', () => {
    const f = figuresOf(
      [
        task('A', { status: 'SIGNED_OFF', deadline: '2025-06-30T00:00:00.000Z' }),
        task('B', { deadline: '2025-06-30T00:00:00.000Z' }),
        task('C', { status: 'LONG_TERM', longTerm: true, deadline: null }),
        task('X.1', { parentId: 'X' }),
      ],
      AT,
    );
    expect(f).toMatchObject({
      total: 3,
      done: 2,
      due: 2,
      dueAndDone: 1,
      behind: 1,
      longTerm: 1,
      longTermDone: 1,
    });
    expect(problemsOf([task('P'), task('P.1', { parentId: 'P' })])).toEqual([
      { task: task('P'), children: [task('P.1', { parentId: 'P' })] },
    ]);
  });
});
