import { describe, expect, it } from 'vitest';
import { classCounts } from './counts';
import { checkUpload } from './upload';

describe('classCounts', () => {
  const names = ['T-shirt/top', 'Trouser'];

  it('reads counts given as a list per split', () => {
    expect(classCounts({ name: 'd', class_names: names, class_counts: { train: [6000, 5990], test: [1000, 1000] } })).toEqual({
      splits: ['train', 'test'],
      rows: [
        { label: 0, name: 'T-shirt/top', counts: { train: 6000, test: 1000 } },
        { label: 1, name: 'Trouser', counts: { train: 5990, test: 1000 } },
      ],
    });
  });

  it('reads counts keyed by class name or index, and keeps classes it has no name for', () => {
    const result = classCounts({ name: 'd', class_names: names, class_counts: { train: { Trouser: 5, '0': 7, Bag: 2 } } });

    expect(result!.rows).toEqual([
      { label: 0, name: 'T-shirt/top', counts: { train: 7 } },
      { label: 1, name: 'Trouser', counts: { train: 5 } },
      { label: 2, name: 'Bag', counts: { train: 2 } },
    ]);
  });

  it('is null when the server does not report them', () => {
    expect(classCounts({ name: 'd', class_names: names })).toBeNull();
    expect(classCounts({ name: 'd', class_counts: {} })).toBeNull();
  });
});

describe('checkUpload', () => {
  it('asks for a name and the four IDX files', () => {
    expect(checkUpload('', 'idx', [])).toEqual({ name: 'Give the data set a name, e.g. my-digits', files: 'Choose the four IDX files: train and test images and labels' });
    expect(checkUpload('My Data', 'csv', [{ name: 'a.csv' }]).name).toContain('lower-case');
    expect(checkUpload('digits', 'idx', [{ name: 'train-images-idx3-ubyte.gz' }]).files).toBe(
      'IDX needs four files (train images, train labels, test images, test labels), got 1',
    );
  });

  it('accepts four IDX files with their usual names', () => {
    const files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((name) => ({ name }));

    expect(checkUpload('digits', 'idx', files)).toEqual({});
  });
});
