import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Curves } from '../jobs/curves';

export type SeriesStyle = { color: string; dash?: number[]; width?: number; points?: boolean };

const PALETTE: SeriesStyle[] = [
  { color: '#9aa9bf', width: 1 },
  { color: '#2563eb', width: 2, points: true },
  { color: '#ea580c', width: 2, points: true },
  { color: '#16a34a', width: 2, points: true },
  { color: '#9333ea', width: 2, points: true, dash: [6, 4] },
];

/**
 * A live line chart (uPlot) of curves on an epoch axis. The chart is made once and fed new data as it grows; its
 * width follows its container, so it fits a phone as well as a laptop. Screen readers get the caption and the latest
 * values.
 */
export function LineChart({
  curves,
  title,
  yLabel,
  styles = PALETTE,
  height = 260,
  percent = false,
}: {
  curves: Curves;
  title: string;
  yLabel: string;
  styles?: SeriesStyle[];
  height?: number;
  percent?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = curves.series.map((s) => s.label).join('|');

  useEffect(() => {
    const el = box.current;
    if (el == null) return;
    const fmt = (v: number | null) => (v == null ? '–' : percent ? `${(v * 100).toFixed(1)}%` : v.toFixed(4));
    const options: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      scales: { x: { time: false } },
      axes: [
        { label: 'epoch', stroke: 'currentColor', grid: { stroke: 'rgba(127,127,127,0.15)' } },
        {
          label: yLabel,
          stroke: 'currentColor',
          grid: { stroke: 'rgba(127,127,127,0.15)' },
          values: (_u, ticks) => ticks.map((t) => (percent ? `${Math.round(t * 100)}%` : String(+t.toFixed(3)))),
          size: 56,
        },
      ],
      series: [
        { label: 'epoch', value: (_u, v) => (v == null ? '–' : v.toFixed(2)) },
        ...curves.series.map((s, i) => {
          const style = styles[i % styles.length];
          return {
            label: s.label,
            stroke: style.color,
            width: style.width ?? 2,
            dash: style.dash,
            spanGaps: true,
            points: { show: style.points ?? false, size: 6 },
            value: (_u: uPlot, v: number | null) => fmt(v),
          };
        }),
      ],
      legend: { live: true },
    };
    plot.current = new uPlot(options, toData(curves), el);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series changes; new points go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labels, height, yLabel, percent]);

  useEffect(() => {
    plot.current?.setData(toData(curves));
  }, [curves]);

  const latest = curves.series
    .map((s) => {
      const last = [...s.values].reverse().find((v) => v != null);
      return last == null ? null : `${s.label} ${percent ? `${(last * 100).toFixed(1)}%` : last.toFixed(4)}`;
    })
    .filter((t) => t != null)
    .join(', ');

  return (
    <figure class="chart">
      <figcaption>
        <strong>{title}</strong>
        <span class="visually-hidden">{latest ? `Latest: ${latest}.` : 'No points yet.'}</span>
      </figcaption>
      <div ref={box} class="chart-canvas" aria-hidden="true" />
      {curves.x.length === 0 && <p class="chart-empty muted">No points yet — the curve grows as training reports.</p>}
    </figure>
  );
}

function toData(curves: Curves): uPlot.AlignedData {
  return [curves.x, ...curves.series.map((s) => s.values)] as uPlot.AlignedData;
}
