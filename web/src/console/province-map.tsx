import { useEffect, useRef, useState } from 'preact/hooks';
import type { ECharts } from 'echarts/core';
import { whenIdle } from './chart';

/**
 * Each province's cities, one file per province named by its two-digit code (built by
 * scripts/province-geo.cjs; source and licence in ./geo/README.md). They are data, not code: a file
 * is fetched only when a board of that province shows its map, so the console's JavaScript budget
 * carries none of them.
 */
const GEO_URLS = import.meta.glob<string>('./geo/*.json', {
  query: '?url',
  import: 'default',
  eager: true,
});

export const provinceHasMap = (province: string) => `./geo/${province}.json` in GEO_URLS;

/** One city on the map: its division code (XXYY00) and counts. */
export interface CityCounts {
  readonly code: string;
  readonly total: number;
  readonly done: number;
  readonly overdue: number;
}

const loaded = new Map<string, Promise<void>>();
/** Each loaded province's cities as its geometry names them: ECharts matches data to areas by name. */
const geoCities = new Map<string, { code: string; name: string; cp?: [number, number] }[]>();

/** ECharts' map parts and the province's geometry, registered once under the province's code. */
function loadProvince(province: string) {
  let p = loaded.get(province);
  if (!p) {
    p = Promise.all([
      import('./echarts-map'),
      fetch(GEO_URLS[`./geo/${province}.json`]).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json() as Promise<object>;
      }),
    ]).then(([{ echarts }, geo]) => {
      const features = (
        geo as { features: { id: string; properties: { name: string; cp?: [number, number] } }[] }
      ).features;
      geoCities.set(
        province,
        features.map((f) => ({ code: f.id, name: f.properties.name, cp: f.properties.cp })),
      );
      echarts.registerMap(province, geo as Parameters<typeof echarts.registerMap>[1]);
    });
    p.catch(() => loaded.delete(province));
    loaded.set(province, p);
  }
  return p.then(() => import('./echarts-map'));
}

const percent = (c: CityCounts) => (c.total ? Math.round((c.done / c.total) * 100) : 0);

/**
 * 挂图作战 on the map: the province's cities coloured by the share of their tasks done, the tooltip
 * with the counts; a click on a city calls `onPick` with its code. The canvas is an image to a screen
 * reader: the board's table beside it has every number.
 */
export function ProvinceMap(props: {
  province: string;
  title: string;
  cities: readonly CityCounts[];
  onPick: (cityCode: string) => void;
  /** The address of a city's tasks, for the links under the map (keyboard, screen reader). */
  cityHref: (cityCode: string) => string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let gone = false;
    let c: ECharts | undefined;
    const resize = () => c?.resize();
    setReady(false);
    void whenIdle()
      .then(() => loadProvince(props.province))
      .then(({ echarts }) => {
        if (gone || !el.current) return;
        c = echarts.init(el.current, undefined, { renderer: 'canvas' });
        chart.current = c;
        addEventListener('resize', resize);
        setReady(true);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      gone = true;
      removeEventListener('resize', resize);
      c?.dispose();
      chart.current = null;
    };
  }, [props.province]);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const byCode = new Map(props.cities.map((x) => [x.code, x]));
    c.setOption(
      {
        aria: { enabled: true, label: { description: props.title } },
        animation: false,
        tooltip: {
          trigger: 'item',
          formatter: (p: { data?: { city?: CityCounts }; name: string }) => {
            const x = p.data?.city;
            return x
              ? `${p.name}<br/>任务 Tasks ${x.total}<br/>已完成 Done ${x.done}（${percent(x)}%）<br/>逾期 Overdue ${x.overdue}`
              : `${p.name}<br/>无任务 No tasks`;
          },
        },
        visualMap: {
          type: 'continuous',
          min: 0,
          max: 100,
          text: ['完成 100% done', '0%'],
          calculable: false,
          inRange: { color: ['#c62828', '#ef6c00', '#fdd835', '#2e7d32'] },
          left: 8,
          bottom: 8,
        },
        series: [
          {
            type: 'map',
            map: props.province,
            // The board's cities are matched to areas by division code (the feature id), each
            // area then named as the geometry names it.
            label: { show: true, fontSize: 12 },
            emphasis: { label: { show: true } },
            selectedMode: false,
            data: (geoCities.get(props.province) ?? []).map(({ code, name }) => {
              const city = byCode.get(code);
              return city ? { name, value: percent(city), city } : { name, value: NaN };
            }),
          },
        ],
      },
      true,
    );
    c.off('click');
    c.on('click', (p) => {
      const city = (p.data as { city?: CityCounts } | undefined)?.city;
      if (city) props.onPick(city.code);
    });
    // Where each city with tasks is drawn (its label point, in pixels of the canvas): what a test,
    // or a wall screen's own script, needs to point at a city.
    const points: Record<string, [number, number]> = {};
    for (const { code, cp } of geoCities.get(props.province) ?? []) {
      if (!cp || !byCode.has(code)) continue;
      const xy = c.convertToPixel({ seriesIndex: 0 }, cp) as number[] | undefined;
      if (xy) points[code] = [Math.round(xy[0]), Math.round(xy[1])];
    }
    el.current?.setAttribute('data-points', JSON.stringify(points));
    performance.mark('taizhang:map');
  }, [ready, props.cities, props.title]);
  return (
    <>
      {error && (
        <p class="problem" role="alert">
          地图未能加载 / the map did not load: {error}
        </p>
      )}
      <div
        ref={el}
        class="chart map"
        data-testid="province-map"
        role="img"
        aria-label={props.title}
      />
      {ready && (
        <ul class="cities" aria-label="各市 Cities" data-testid="map-cities">
          {(geoCities.get(props.province) ?? []).flatMap(({ code, name }) => {
            const city = props.cities.find((x) => x.code === code);
            return city
              ? [
                  <li key={code}>
                    <a href={props.cityHref(code)}>
                      {name} {city.total}
                    </a>{' '}
                    <small>（{percent(city)}%）</small>
                  </li>,
                ]
              : [];
          })}
        </ul>
      )}
    </>
  );
}
