import { gql } from '../api';
import { GROUP_LABELS, MEASURES, SCHEDULE_LABELS, day, endOfDay, statusLabel } from '../labels';
import { go, href, type Route } from '../router';
import { ENUM_VALUES, type BoardGroupBy, type Connection, type TaskRow } from '../types';
import { Field, Loading, Pager, Problem, usePage } from '../ui';
import { InspectionPicker, useInspections } from './board';

const ROW = `id taskId number title status regionName leadUnit category deadline overdue scheduleStatus reopenedCount`;

const TASKS = `query Tasks($filter: TaskFilter, $first: Int, $after: String, $orderBy: TaskOrder) {
  tasks(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ROW} } }
  }
}`;

/** The tasks behind one number of the board, as of the board's moment. */
const BEHIND = `query BoardTasks($inspectionId: ID!, $groupBy: BoardGroupBy!, $asOf: DateTime, $groupKey: String, $measure: BoardMeasure, $first: Int, $after: String) {
  board(inspectionId: $inspectionId, groupBy: $groupBy, asOf: $asOf) {
    at
    tasks(groupKey: $groupKey, measure: $measure, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ROW} } }
    }
  }
}`;

const MEASURE_ENUM: Record<string, string> = {
  total: 'TOTAL',
  done: 'DONE',
  inProgress: 'IN_PROGRESS',
  overdue: 'OVERDUE',
  behindSchedule: 'BEHIND_SCHEDULE',
  reopened: 'REOPENED',
};

/** The filter fields of `tasks`, as the URL carries them. */
const FILTER_KEYS = [
  'inspectionId',
  'status',
  'regionCode',
  'leadUnit',
  'acceptanceUnit',
  'category',
  'overdue',
  'deadlineFrom',
  'deadlineTo',
  'text',
] as const;

function filterOf(q: URLSearchParams): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  for (const k of FILTER_KEYS) {
    const v = q.get(k);
    if (!v) continue;
    if (k === 'status') f.status = v.split(',');
    else if (k === 'overdue') f.overdue = v === 'true';
    else if (k === 'deadlineFrom') f.deadlineFrom = v;
    else if (k === 'deadlineTo') f.deadlineTo = endOfDay(v);
    else f[k] = v;
  }
  return f;
}

/** Tasks with the API's filters, paginated; or, from the board, the tasks behind one of its numbers. */
export function TasksPage({ route }: { route: Route }) {
  const q = route.query;
  const inspections = useInspections();
  const fromBoard = q.get('groupBy') !== null;
  const key = q.toString();
  const { cursors, page: list } = usePage(key, async (after) => {
    if (fromBoard) {
      const date = q.get('asOf');
      const d = await gql<{ board: { at: string; tasks: Connection<TaskRow> } }>(BEHIND, {
        inspectionId: q.get('inspectionId'),
        groupBy: q.get('groupBy'),
        asOf: date ? endOfDay(date) : null,
        groupKey: q.has('groupKey') ? q.get('groupKey') : null,
        measure: MEASURE_ENUM[q.get('measure') ?? 'total'] ?? 'TOTAL',
        first: 50,
        after,
      });
      return d.board.tasks;
    }
    const d = await gql<{ tasks: Connection<TaskRow> }>(TASKS, {
      filter: filterOf(q),
      first: 50,
      after,
      orderBy: q.get('orderBy') || 'NUMBER',
    });
    return d.tasks;
  });
  const set = (name: string, value: string) => {
    const next: Record<string, string | undefined> = {};
    for (const k of [...FILTER_KEYS, 'orderBy'] as const) next[k] = q.get(k) || undefined;
    next[name] = value || undefined;
    go('tasks', next);
  };
  const text = (
    name: (typeof FILTER_KEYS)[number],
    label: string,
    type: 'text' | 'date' = 'text',
  ) => (
    <Field label={label}>
      {type === 'date' ? (
        <input
          type="date"
          name={name}
          value={q.get(name) ?? ''}
          onChange={(e) => set(name, (e.target as HTMLInputElement).value)}
        />
      ) : (
        <input
          type="text"
          name={name}
          value={q.get(name) ?? ''}
          onChange={(e) => set(name, (e.target as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
  const measure = MEASURES.find(([m]) => m === (q.get('measure') ?? 'total'));
  return (
    <section aria-labelledby="tasks-title">
      <h1 id="tasks-title">整改任务 Tasks</h1>
      {fromBoard ? (
        <p class="note" data-testid="behind-number">
          挂图作战明细 From the board: {GROUP_LABELS[q.get('groupBy') as BoardGroupBy]}
          {q.has('groupKey') ? ` = ${q.get('groupKey') || '（未填）'}` : ''} · {measure?.[1]}{' '}
          {measure?.[2]} · 截至 as of {q.get('asOf') || '现在 now'} ·{' '}
          <a href={href('tasks', { inspectionId: q.get('inspectionId') })}>
            按条件筛选 Filter the list
          </a>
        </p>
      ) : (
        <form class="controls" onSubmit={(e) => e.preventDefault()}>
          <InspectionPicker
            value={q.get('inspectionId') ?? ''}
            items={[
              { inspectionId: '', title: '全部 All', regionName: '' },
              ...(inspections.data ?? []),
            ]}
            onChange={(id) => set('inspectionId', id)}
          />
          <Field label="状态 Status">
            <select
              name="status"
              value={q.get('status') ?? ''}
              onChange={(e) => set('status', (e.target as HTMLSelectElement).value)}
            >
              <option value="">全部 All</option>
              {ENUM_VALUES.TaskStatus.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)} {s}
                </option>
              ))}
            </select>
          </Field>
          {text('regionCode', '区划代码 Region code')}
          {text('leadUnit', '牵头单位 Lead unit')}
          {text('acceptanceUnit', '验收单位 Acceptance unit')}
          {text('category', '类别 Category')}
          <Field label="逾期 Overdue">
            <select
              name="overdue"
              value={q.get('overdue') ?? ''}
              onChange={(e) => set('overdue', (e.target as HTMLSelectElement).value)}
            >
              <option value="">全部 All</option>
              <option value="true">逾期 Overdue</option>
              <option value="false">未逾期 Not overdue</option>
            </select>
          </Field>
          {text('deadlineFrom', '时限自 Deadline from', 'date')}
          {text('deadlineTo', '时限至 Deadline to', 'date')}
          {text('text', '关键词 Text')}
          <Field label="排序 Order">
            <select
              name="orderBy"
              value={q.get('orderBy') ?? 'NUMBER'}
              onChange={(e) => set('orderBy', (e.target as HTMLSelectElement).value)}
            >
              {ENUM_VALUES.TaskOrder.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </Field>
        </form>
      )}
      <Problem error={list.error} />
      <Loading when={list.loading && !list.data} />
      {list.data && (
        <>
          <table class="grid" data-testid="task-list">
            <caption>
              共 {list.data.totalCount} 项任务 / {list.data.totalCount} tasks
            </caption>
            <thead>
              <tr>
                <th scope="col">序号 No.</th>
                <th scope="col">任务 Task</th>
                <th scope="col">状态 Status</th>
                <th scope="col">地区 Region</th>
                <th scope="col">牵头单位 Lead unit</th>
                <th scope="col">时限 Deadline</th>
                <th scope="col">序时进度 Schedule</th>
              </tr>
            </thead>
            <tbody>
              {list.data.edges.map(({ node: t }) => (
                <tr key={t.id}>
                  <td class="num">{t.number ?? '—'}</td>
                  <td>
                    <a
                      href={href(
                        ['record', t.id],
                        fromBoard && q.get('asOf') ? { asOf: q.get('asOf') } : {},
                      )}
                    >
                      {t.title}
                    </a>
                    <div class="muted">{t.taskId}</div>
                  </td>
                  <td>
                    {statusLabel(t.status)}
                    {t.overdue && <span class="badge bad">逾期 overdue</span>}
                    {t.reopenedCount > 0 && <span class="badge">重开 ×{t.reopenedCount}</span>}
                  </td>
                  <td>{t.regionName ?? '—'}</td>
                  <td>{t.leadUnit ?? '—'}</td>
                  <td>{day(t.deadline)}</td>
                  <td>{t.scheduleStatus ? SCHEDULE_LABELS[t.scheduleStatus] : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            total={list.data.totalCount}
            shown={list.data.edges.length}
            hasNext={list.data.pageInfo.hasNextPage}
            hasPrev={cursors.hasPrev}
            onNext={() => cursors.next(list.data?.pageInfo.endCursor)}
            onPrev={cursors.prev}
          />
        </>
      )}
    </section>
  );
}
