import type { Dataset } from '../api/types';

export type ClassCount = { label: number; name: string; counts: Record<string, number> };

/**
 * Samples per class and split from a data set's class_counts, whichever form it has ({"train": [6000, …]} or
 * {"train": {"T-shirt/top": 6000, …}}); null when the server does not report them.
 */
export function classCounts(dataset: Dataset): { splits: string[]; rows: ClassCount[] } | null {
  const raw = dataset.class_counts;
  if (raw == null || typeof raw !== 'object') return null;
  const names = dataset.class_names ?? [];
  const extra = new Map<string, number>();
  const labelOf = (key: string): number => {
    const index = names.indexOf(key);
    if (index >= 0) return index;
    if (/^\d+$/.test(key)) return Number(key);
    if (!extra.has(key)) extra.set(key, names.length + extra.size);
    return extra.get(key)!;
  };
  const rows = new Map<number, ClassCount>();
  const add = (label: number, name: string | undefined, split: string, n: number) => {
    const row = rows.get(label) ?? { label, name: name ?? names[label] ?? `class ${label}`, counts: {} };
    row.counts[split] = n;
    rows.set(label, row);
  };
  const splits = Object.keys(raw);
  for (const split of splits) {
    const value = raw[split];
    if (Array.isArray(value)) value.forEach((n, i) => add(i, undefined, split, n));
    else if (value && typeof value === 'object') {
      for (const [key, n] of Object.entries(value)) {
        const label = labelOf(key);
        add(label, names[label] ?? (/^\d+$/.test(key) ? undefined : key), split, n);
      }
    }
  }
  if (rows.size === 0) return null;
  return { splits, rows: [...rows.values()].sort((a, b) => a.label - b.label) };
}
