import type { EpochMetrics } from '../api/types';
import type { BatchPoint } from './jobState';

/**
 * Loss and accuracy curves on one x axis (epochs, fractional for batches), as the chart wants them: one x array and
 * one array per series with null where a series has no point.
 */
export type CurveSeries = { label: string; values: (number | null)[] };
export type Curves = { x: number[]; series: CurveSeries[] };

export type Metric = 'loss' | 'accuracy';

type Source = { label: string; points: { x: number; y: number | null | undefined }[] };

function align(sources: Source[]): Curves {
  const xs = [...new Set(sources.flatMap((s) => s.points.filter((p) => p.y != null).map((p) => p.x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const series = sources.map((s) => {
    const values: (number | null)[] = xs.map(() => null);
    for (const p of s.points) if (p.y != null && Number.isFinite(p.y)) values[index.get(p.x)!] = p.y;
    return { label: s.label, values };
  });
  return { x: xs, series };
}

/** Batch (running), train and validation curves of one job for one metric. */
export function jobCurves(epochs: readonly EpochMetrics[], batches: readonly BatchPoint[], metric: Metric): Curves {
  const trainKey = metric === 'loss' ? 'train_loss' : 'train_accuracy';
  const valKey = metric === 'loss' ? 'val_loss' : 'val_accuracy';
  return align([
    { label: `batch ${metric} (running)`, points: batches.map((b) => ({ x: b.x, y: b[metric] })) },
    { label: `train ${metric}`, points: epochs.map((e) => ({ x: e.epoch, y: e[trainKey] })) },
    { label: `validation ${metric}`, points: epochs.map((e) => ({ x: e.epoch, y: e[valKey] })) },
  ]);
}

/** Train and validation curves of several runs (e.g. two model versions) for one metric. */
export function compareCurves(runs: { label: string; epochs: readonly EpochMetrics[] }[], metric: Metric): Curves {
  const trainKey = metric === 'loss' ? 'train_loss' : 'train_accuracy';
  const valKey = metric === 'loss' ? 'val_loss' : 'val_accuracy';
  return align(
    runs.flatMap((run) => [
      { label: `${run.label} train`, points: run.epochs.map((e) => ({ x: e.epoch, y: e[trainKey] })) },
      { label: `${run.label} validation`, points: run.epochs.map((e) => ({ x: e.epoch, y: e[valKey] })) },
    ]),
  );
}
