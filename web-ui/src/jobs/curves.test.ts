import { describe, expect, it } from 'vitest';
import { compareCurves, jobCurves } from './curves';

describe('jobCurves', () => {
  it('puts batch, train and validation points on one epoch axis with gaps as null', () => {
    const curves = jobCurves(
      [
        { epoch: 1, train_loss: 0.6, train_accuracy: 0.8, val_loss: 0.5, val_accuracy: 0.82 },
        { epoch: 2, train_loss: 0.4, train_accuracy: 0.85, val_loss: null, val_accuracy: null },
      ],
      [
        { x: 0.5, epoch: 1, batch: 5, loss: 0.9, accuracy: 0.7 },
        { x: 1, epoch: 1, batch: 10, loss: 0.62, accuracy: 0.79 },
        { x: 1.5, epoch: 2, batch: 5, loss: 0.45, accuracy: 0.84 },
      ],
      'loss',
    );

    expect(curves.x).toEqual([0.5, 1, 1.5, 2]);
    expect(curves.series).toEqual([
      { label: 'batch loss (running)', values: [0.9, 0.62, 0.45, null] },
      { label: 'train loss', values: [null, 0.6, null, 0.4] },
      { label: 'validation loss', values: [null, 0.5, null, null] },
    ]);
  });

  it('is empty before any point', () => {
    expect(jobCurves([], [], 'accuracy')).toEqual({
      x: [],
      series: [
        { label: 'batch accuracy (running)', values: [] },
        { label: 'train accuracy', values: [] },
        { label: 'validation accuracy', values: [] },
      ],
    });
  });
});

describe('compareCurves', () => {
  it('lays two runs of different lengths side by side', () => {
    const curves = compareCurves(
      [
        { label: 'v1', epochs: [{ epoch: 1, train_loss: 1, train_accuracy: 0.7, val_accuracy: 0.72 }] },
        {
          label: 'v2',
          epochs: [
            { epoch: 1, train_loss: 1, train_accuracy: 0.75, val_accuracy: 0.76 },
            { epoch: 2, train_loss: 1, train_accuracy: 0.85, val_accuracy: 0.83 },
          ],
        },
      ],
      'accuracy',
    );

    expect(curves.x).toEqual([1, 2]);
    expect(curves.series.map((s) => [s.label, s.values])).toEqual([
      ['v1 train', [0.7, null]],
      ['v1 validation', [0.72, null]],
      ['v2 train', [0.75, 0.85]],
      ['v2 validation', [0.76, 0.83]],
    ]);
  });
});
