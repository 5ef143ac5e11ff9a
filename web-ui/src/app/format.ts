/** How numbers, sizes and times read on the dashboard. */

export function percent(value: number | null | undefined, digits = 1): string {
  return value == null || !Number.isFinite(value) ? '–' : `${(value * 100).toFixed(digits)}%`;
}

export function decimal(value: number | null | undefined, digits = 4): string {
  return value == null || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

export function count(value: number | null | undefined): string {
  return value == null ? '–' : value.toLocaleString('en-US');
}

export function bytes(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let unit = 0;
  while (Math.abs(v) >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit++;
  }
  return unit === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[unit]}`;
}

/** "just now", "42 s", "5 min", "3 h", "2 d" since a time. */
export function age(iso: string | null | undefined, now: number): string {
  if (!iso) return '–';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '–';
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function shape(dims: readonly number[] | null | undefined): string {
  return dims == null ? '–' : `[${dims.join(', ')}]`;
}

export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 8) : id;
}
