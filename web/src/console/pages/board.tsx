import { useEffect, useMemo } from 'preact/hooks';
import { gql } from '../api';
import { Bars } from '../chart';
import { GROUP_LABELS, MEASURES, endOfDay, when, type Measure } from '../labels';
import { provinceHasMap, ProvinceMap, type CityCounts } from '../province-map';
import { go, href, type Route } from '../router';
import {
  ENUM_VALUES,
  type BoardGroupBy,
  type BoardView,
  type Connection,
  type InspectionItem,
} from '../types';
import { Field, Loading, Problem, useLoad } from '../ui';

const BOARD = `query Board($inspectionId: ID!, $groupBy: BoardGroupBy!, $asOf: DateTime) {
  board(inspectionId: $inspectionId, groupBy: $groupBy, asOf: $asOf) {
    inspectionId groupBy at
    totals { total done inProgress overdue behindSchedule reopened }
    groups { key label total done inProgress overdue behindSchedule reopened }
  }
}`;

/**
 * The board's query, shared by a request started before the page renders (`prefetchBoard`, from
 * main.tsx while the page is still being built) and the page's own load, which then takes that
 * request instead of sending a second: the numbers do not wait for the first render to be asked.
 */
const started = new Map<string, { at: number; board: Promise<BoardView> }>();

export function loadBoard(inspectionId: string, groupBy: BoardGroupBy, asOf: string | null) {
  const key = `${inspectionId}|${groupBy}|${asOf}`;
  const hit = started.get(key);
  started.delete(key);
  // Only a request started moments ago is the same as a new one.
  if (hit && performance.now() - hit.at < 2000) return hit.board;
  return gql<{ board: BoardView }>(BOARD, { inspectionId, groupBy, asOf }).then((d) => d.board);
}

/** Starts the board's request for a board address, before the page is rendered. */
export function prefetchBoard(route: Route): void {
  const inspectionId = route.query.get('inspection');
  if ((route.path[0] ?? 'board') !== 'board' || !inspectionId) return;
  const groupBy = (route.query.get('groupBy') as BoardGroupBy | null) ?? 'REGION';
  const date = route.query.get('asOf');
  const asOf = date ? endOfDay(date) : null;
  const board = loadBoard(inspectionId, groupBy, asOf);
  board.catch(() => undefined); // the page's own load reports a failure
  started.set(`${inspectionId}|${groupBy}|${asOf}`, { at: performance.now(), board });
}

export const INSPECTIONS = `query Inspections { inspections(first: 100) { totalCount edges { cursor node { inspectionId title regionName } } pageInfo { hasNextPage endCursor } } }`;

export function useInspections() {
  return useLoad(
    () =>
      gql<{ inspections: Connection<InspectionItem> }>(INSPECTIONS).then((d) =>
        d.inspections.edges.map((e) => e.node),
      ),
    'inspections',
  );
}

export function InspectionPicker(props: {
  value: string;
  items: InspectionItem[] | undefined;
  onChange: (id: string) => void;
}) {
  return (
    <Field label="督察轮次 Inspection">
      <select
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        {(props.items ?? []).map((i) => (
          <option key={i.inspectionId} value={i.inspectionId}>
            {i.title} ({i.inspectionId})
          </option>
        ))}
      </select>
    </Field>
  );
}

const CHARTED = ['done', 'inProgress', 'overdue', 'behindSchedule'] as const;

const COLORS: Record<Measure, string> = {
  total: '#5470c6',
  done: '#2e7d32',
  inProgress: '#1565c0',
  overdue: '#c62828',
  behindSchedule: '#ef6c00',
  reopened: '#6a1b9a',
};

/**
 * The province the board's regions lie in (the most frequent first two digits of their division
 * codes) and its cities' counts, a county's tasks counted in its city (XXYY00). Tasks filed at the
 * province itself (XX0000) have no city: the table has them.
 */
export function citiesOf(groups: readonly BoardView['groups'][number][]): {
  province: string | null;
  cities: CityCounts[];
} {
  const coded = groups.filter((g) => /^\d{6}$/.test(g.key));
  const freq = new Map<string, number>();
  for (const g of coded) freq.set(g.key.slice(0, 2), (freq.get(g.key.slice(0, 2)) ?? 0) + g.total);
  const province = [...freq].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const cities = new Map<string, { code: string; total: number; done: number; overdue: number }>();
  for (const g of coded) {
    if (g.key.slice(0, 2) !== province || g.key.endsWith('0000')) continue;
    const code = `${g.key.slice(0, 4)}00`;
    const c = cities.get(code) ?? { code, total: 0, done: 0, overdue: 0 };
    c.total += g.total;
    c.done += g.done;
    c.overdue += g.overdue;
    cities.set(code, c);
  }
  return { province, cities: [...cities.values()] };
}

/** 挂图作战: the counts of one inspection's tasks by group, as of a chosen day. */
export function BoardPage({ route }: { route: Route }) {
  const inspections = useInspections();
  const q = route.query;
  const inspectionId = q.get('inspection') ?? inspections.data?.[0]?.inspectionId ?? '';
  const groupBy = (q.get('groupBy') as BoardGroupBy | null) ?? 'REGION';
  const date = q.get('asOf') ?? '';
  const asOf = date ? endOfDay(date) : null;
  const set = (change: Record<string, string>) => {
    const next = { inspection: inspectionId, groupBy, asOf: date, ...change };
    go('board', { ...next, asOf: next.asOf || undefined });
  };
  const board = useLoad(
    () => (inspectionId ? loadBoard(inspectionId, groupBy, asOf) : Promise.resolve(undefined)),
    `${inspectionId}|${groupBy}|${asOf}`,
  );
  const b = board.data;
  // For bench:console-board: the moment the numbers are on screen (effects run after the paint).
  useEffect(() => {
    if (b) performance.mark('taizhang:board');
  }, [b]);
  const through = (key: string | null, measure: Measure) =>
    href('tasks', {
      inspectionId,
      groupBy,
      groupKey: key ?? undefined,
      measure,
      asOf: date || undefined,
    });
  // The chart shows the 30 largest groups; the table below lists every group.
  const top = useMemo(
    () => (b ? [...b.groups].sort((x, y) => y.total - x.total).slice(0, 30) : []),
    [b],
  );
  const series = useMemo(
    () =>
      CHARTED.map((m) => {
        const [, zh, en] = MEASURES.find(([k]) => k === m)!;
        return { name: `${zh} ${en}`, values: top.map((g) => g[m]), color: COLORS[m] };
      }),
    [top],
  );
  const categories = useMemo(() => top.map((g) => g.label), [top]);
  const map = useMemo(
    () => (b && groupBy === 'REGION' ? citiesOf(b.groups) : { province: null, cities: [] }),
    [b, groupBy],
  );
  return (
    <section aria-labelledby="board-title" id="board">
      <h1 id="board-title">挂图作战 Progress board</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <InspectionPicker
          value={inspectionId}
          items={inspections.data}
          onChange={(id) => set({ inspection: id })}
        />
        <Field label="分组 Group by">
          <select
            value={groupBy}
            onChange={(e) => set({ groupBy: (e.target as HTMLSelectElement).value })}
          >
            {ENUM_VALUES.BoardGroupBy.map((g) => (
              <option key={g} value={g}>
                {GROUP_LABELS[g]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="截至日期 As of (end of day, Beijing time)">
          <input
            type="date"
            name="asOf"
            value={date}
            onChange={(e) => set({ asOf: (e.target as HTMLInputElement).value })}
          />
        </Field>
        <button type="button" onClick={() => set({ asOf: '' })} disabled={!date}>
          今天 Today
        </button>
        <button
          type="button"
          onClick={() =>
            document
              .getElementById('board')
              ?.requestFullscreen?.()
              .catch(() => undefined)
          }
        >
          上墙 Full screen
        </button>
      </form>
      <Problem error={inspections.error ?? board.error} />
      <Loading when={board.loading && !b} />
      {b && (
        <>
          <p class="as-of" data-testid="board-at">
            统计时点 Counted at: <time dateTime={b.at}>{when(b.at)}</time>（北京时间 Beijing time）
          </p>
          <ul class="tiles" aria-label="总计 Totals">
            {MEASURES.map(([m, zh, en]) => (
              <li key={m} class={`tile tile-${m}`}>
                <a href={through(null, m)} data-testid={`total-${m}`}>
                  <strong>{b.totals[m]}</strong>
                  <span>
                    {zh} <small>{en}</small>
                  </span>
                </a>
              </li>
            ))}
          </ul>
          {top.length > 0 && (
            <Bars
              title={`${GROUP_LABELS[groupBy]}：已完成、整改中、逾期、滞后 / done, in progress, overdue, behind`}
              categories={categories}
              series={series}
              onPick={(i, s) => {
                location.hash = through(top[i].key, CHARTED[s]);
              }}
            />
          )}
          {map.province &&
            map.cities.length > 0 &&
            (provinceHasMap(map.province) ? (
              <ProvinceMap
                province={map.province}
                cities={map.cities}
                title={`各市完成率（点击城市看其任务）/ Share done by city (click a city for its tasks${date ? ', as they are now' : ''})`}
                onPick={(code) => {
                  location.hash = href('tasks', { inspectionId, regionCode: code });
                }}
                cityHref={(code) => href('tasks', { inspectionId, regionCode: code })}
              />
            ) : (
              <p class="note">本省无地图数据 / No map for this province（{map.province}）</p>
            ))}
          <table class="grid" data-testid="board-table">
            <caption>
              按{GROUP_LABELS[groupBy]}分组，共 {b.groups.length} 组 / {b.groups.length} groups
            </caption>
            <thead>
              <tr>
                <th scope="col">{GROUP_LABELS[groupBy]}</th>
                {MEASURES.map(([m, zh, en]) => (
                  <th scope="col" key={m} class="num">
                    {zh} <small>{en}</small>
                  </th>
                ))}
                <th scope="col" class="num">
                  完成率 <small>Done %</small>
                </th>
              </tr>
            </thead>
            <tbody>
              {b.groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row">{g.label}</th>
                  {MEASURES.map(([m]) => (
                    <td key={m} class="num">
                      {g[m] ? <a href={through(g.key, m)}>{g[m]}</a> : 0}
                    </td>
                  ))}
                  <td class="num">{g.total ? `${Math.round((g.done / g.total) * 100)}%` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
