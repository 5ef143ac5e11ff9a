import { describe, expect, it } from 'vitest';
import { formatMetric, metricDelta, metricNames } from './metrics';

describe('version metrics', () => {
  it('orders accuracy and loss first', () => {
    expect(metricNames([{ version: 1, metrics: { seconds: 30, test_loss: 0.3 } }, { version: 2, metrics: { test_accuracy: 0.9 } }])).toEqual([
      'test_accuracy',
      'test_loss',
      'seconds',
    ]);
  });

  it('shows accuracy in percent and marks which version is better', () => {
    expect(formatMetric('test_accuracy', 0.8812)).toBe('88.12%');
    expect(metricDelta('test_accuracy', 0.88, 0.9)).toEqual({ text: '+2.00 pt', better: true });
    expect(metricDelta('test_loss', 0.3, 0.35)).toEqual({ text: '+0.0500', better: false });
    expect(metricDelta('seconds', 1, 1)).toEqual({ text: '+0.0000', better: null });
    expect(metricDelta('test_loss', null, 0.3)).toBeNull();
  });
});
