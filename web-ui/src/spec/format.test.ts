import { describe, expect, it } from 'vitest';
import { grouped, javaDouble, javaList } from './format';

describe('Java-style formatting', () => {
  it('prints doubles like Double.toString', () => {
    expect(javaDouble(1)).toBe('1.0');
    expect(javaDouble(1.5)).toBe('1.5');
    expect(javaDouble(-0.1)).toBe('-0.1');
    expect(javaDouble(0)).toBe('0.0');
    expect(javaDouble(1e-5)).toBe('1.0E-5');
    expect(javaDouble(2.5e-7)).toBe('2.5E-7');
    expect(javaDouble(1e7)).toBe('1.0E7');
    expect(javaDouble(0.001)).toBe('0.001');
    expect(javaDouble(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });

  it('prints lists like List.toString, nulls included', () => {
    expect(javaList([1, 28, 28])).toBe('[1, 28, 28]');
    expect(javaList([2, null])).toBe('[2, null]');
    expect(javaList(null)).toBe('null');
  });

  it('groups thousands like %,d', () => {
    expect(grouped(669706)).toBe('669,706');
    expect(grouped(100_000_000)).toBe('100,000,000');
    expect(grouped(999)).toBe('999');
    expect(grouped(-1234)).toBe('-1,234');
  });
});
