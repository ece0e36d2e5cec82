import { gql } from '../api';
import { endOfDay, short, when } from '../labels';
import { go, href, type Route } from '../router';
import type { Connection, EntryView } from '../types';
import { Field, Loading, Pager, Problem, usePage } from '../ui';

const LEDGER = `query Ledger($filter: LedgerFilter, $first: Int, $after: String) {
  ledger(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { position streamId version type recordedAt reason hash actor { name role organisation } } }
  }
}`;

/** The global log with the API's filters, each entry linking to its record. */
export function LedgerPage({ route }: { route: Route }) {
  const q = route.query;
  const filter: Record<string, unknown> = {};
  if (q.get('streamPrefix')) filter.streamPrefix = q.get('streamPrefix');
  if (q.get('types'))
    filter.types = q
      .get('types')!
      .split(',')
      .map((t) => t.trim());
  if (q.get('organisation')) filter.organisation = q.get('organisation');
  if (q.get('actorId')) filter.actorId = q.get('actorId');
  if (q.get('from')) filter.from = `${q.get('from')}T00:00:00+08:00`;
  if (q.get('to')) filter.to = endOfDay(q.get('to')!);
  const key = JSON.stringify(filter);
  const { cursors, page: list } = usePage(key, (after) =>
    gql<{ ledger: Connection<EntryView> }>(LEDGER, { filter, first: 50, after }).then(
      (d) => d.ledger,
    ),
  );
  const set = (name: string, v: string) =>
    go('ledger', { ...Object.fromEntries(q), [name]: v || undefined });
  const input = (name: string, label: string, type: 'text' | 'date' = 'text') => (
    <Field label={label}>
      {type === 'date' ? (
        <input
          type="date"
          value={q.get(name) ?? ''}
          onChange={(e) => set(name, (e.target as HTMLInputElement).value)}
        />
      ) : (
        <input
          type="text"
          value={q.get(name) ?? ''}
          onChange={(e) => set(name, (e.target as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
  return (
    <section aria-labelledby="ledger-title">
      <h1 id="ledger-title">总台账 Ledger</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        {input('streamPrefix', '记录前缀 Stream prefix (task-, case-…)')}
        {input('types', '事件类型 Event types (comma-separated)')}
        {input('organisation', '单位 Organisation')}
        {input('actorId', '操作人 Actor id')}
        {input('from', '自 From', 'date')}
        {input('to', '至 To', 'date')}
      </form>
      <Problem error={list.error} />
      <Loading when={list.loading && !list.data} />
      {list.data && (
        <>
          <table class="grid">
            <caption>
              共 {list.data.totalCount} 个事件 / {list.data.totalCount} events
            </caption>
            <thead>
              <tr>
                <th scope="col">位置 Position</th>
                <th scope="col">记录 Record</th>
                <th scope="col">事件 Event</th>
                <th scope="col">时间 Time</th>
                <th scope="col">操作人 Actor</th>
                <th scope="col">哈希 Hash</th>
              </tr>
            </thead>
            <tbody>
              {list.data.edges.map(({ node: e }) => (
                <tr key={e.position}>
                  <td class="num">{e.position}</td>
                  <td>
                    <a href={href(['record', e.streamId])}>{e.streamId}</a> v{e.version}
                  </td>
                  <td>
                    {e.type}
                    {e.reason && <div class="muted">{e.reason}</div>}
                  </td>
                  <td>{when(e.recordedAt)}</td>
                  <td>
                    {e.actor.name}
                    <div class="muted">{e.actor.organisation}</div>
                  </td>
                  <td>
                    <code>{short(e.hash)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            total={list.data.totalCount}
            shown={list.data.edges.length}
            hasNext={list.data.pageInfo.hasNextPage}
            hasPrev={cursors.hasPrev}
            onNext={() => list.data && cursors.next(list.data.pageInfo.endCursor)}
            onPrev={cursors.prev}
          />
        </>
      )}
    </section>
  );
}
