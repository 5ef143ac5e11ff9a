import { describe, expect, it } from 'vitest';
import { age, bytes, percent } from './format';

describe('dashboard formats', () => {
  it('writes sizes in binary units', () => {
    expect(bytes(532)).toBe('532 B');
    expect(bytes(2_681_000)).toBe('2.56 MiB');
    expect(bytes(1024 * 1024 * 150)).toBe('150 MiB');
  });

  it('writes ages relative to now', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(age('2025-01-01T11:59:58Z', now)).toBe('just now');
    expect(age('2025-01-01T11:59:18Z', now)).toBe('42 s ago');
    expect(age('2025-01-01T09:00:00Z', now)).toBe('3 h ago');
    expect(age(null, now)).toBe('–');
  });

  it('writes fractions as percentages', () => {
    expect(percent(0.8766)).toBe('87.7%');
    expect(percent(null)).toBe('–');
  });
});
