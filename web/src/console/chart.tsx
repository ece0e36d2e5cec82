import { useEffect, useRef, useState } from 'preact/hooks';
import type { ECharts } from 'echarts/core';

/**
 * Once the browser is idle after the page's numbers are on screen: ECharts is the heaviest code the
 * console has (its own chunk, parsed and run in one go), so the board's tiles and table are up and
 * usable first, and the charts come after them.
 */
export const whenIdle = () =>
  new Promise<void>((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: 1000 });
    else setTimeout(resolve, 50);
  });

const loadECharts = () => whenIdle().then(() => import('./echarts-setup'));

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
  readonly color: string;
  readonly stack?: string;
}

/**
 * A horizontal bar chart, one bar per category: what a wall screen reads from across a room.
 * `onPick` gets the category and series clicked, for the click through to the tasks behind it.
 */
export function Bars(props: {
  title: string;
  categories: readonly string[];
  series: readonly Series[];
  height?: number;
  onPick?: (category: number, series: number) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let gone = false;
    let c: ECharts | undefined;
    const resize = () => c?.resize();
    void loadECharts().then(({ echarts }) => {
      if (gone || !el.current) return;
      c = echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.current = c;
      addEventListener('resize', resize);
      setReady(true);
    });
    return () => {
      gone = true;
      removeEventListener('resize', resize);
      c?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.setOption(
      {
        aria: { enabled: true, label: { description: props.title } },
        animation: false,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: {
          type: 'category',
          inverse: true,
          data: [...props.categories],
          axisLabel: { width: 180, overflow: 'truncate' },
        },
        series: props.series.map((s) => ({
          type: 'bar',
          name: s.name,
          data: [...s.values],
          stack: s.stack,
          itemStyle: { color: s.color },
          emphasis: { focus: 'series' },
        })),
      },
      true,
    );
    performance.mark('taizhang:chart');
    c.off('click');
    if (props.onPick) {
      const pick = props.onPick;
      c.on('click', (p) => pick(p.dataIndex, p.seriesIndex ?? 0));
    }
  }, [ready, props.categories, props.series, props.title]);
  const height = props.height ?? Math.max(220, 40 + props.categories.length * 28);
  return (
    <div
      ref={el}
      class="chart"
      style={{ height: `${height}px` }}
      role="img"
      aria-label={props.title}
    />
  );
}
