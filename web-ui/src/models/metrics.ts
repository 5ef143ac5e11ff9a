import type { ModelVersion } from '../api/types';

/** The metric names of versions in a stable order: accuracy and loss first, then the rest alphabetically. */
export function metricNames(versions: readonly (ModelVersion | null | undefined)[]): string[] {
  const names = new Set<string>();
  for (const v of versions) for (const k of Object.keys(v?.metrics ?? {})) names.add(k);
  const rank = (n: string) => (n.includes('accuracy') ? 0 : n.includes('loss') ? 1 : 2);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A metric as people read it: accuracies in percent, the rest as numbers. */
export function formatMetric(name: string, value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  if (name.includes('accuracy')) return `${(value * 100).toFixed(2)}%`;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toFixed(4);
}

/** b − a, signed, in the metric's unit; marks whether it is better (higher accuracy, lower loss). */
export function metricDelta(name: string, a: number | null | undefined, b: number | null | undefined): { text: string; better: boolean | null } | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  const d = b - a;
  const text = name.includes('accuracy') ? `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(2)} pt` : `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(4)}`;
  const better = d === 0 ? null : name.includes('loss') ? d < 0 : name.includes('accuracy') ? d > 0 : null;
  return { text, better };
}

/** The test accuracy of a version, whatever the key is called. */
export function headlineAccuracy(v: ModelVersion | null | undefined): number | null {
  const m = v?.metrics ?? {};
  return m.test_accuracy ?? m.accuracy ?? m.val_accuracy ?? null;
}
