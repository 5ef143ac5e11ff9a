import { describe, expect, it } from 'vitest';
import { inferPath, inferRequest, looksInverted, readInferResponse, resize, rgbaToGray, sampleToGray, toModelInput } from './image';

const gray = (width: number, height: number, f: (x: number, y: number) => number) => {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
};

describe('playground image pipeline', () => {
  it('turns RGBA into luma, transparent as black', () => {
    const img = rgbaToGray([255, 255, 255, 255, 255, 0, 0, 255, 255, 255, 255, 0], 3, 1);

    expect(Array.from(img.data).map(Math.round)).toEqual([255, 76, 0]);
  });

  it('averages 10×10 blocks when shrinking the 280 px pad to 28 × 28', () => {
    const pad = gray(280, 280, (x, y) => (x < 140 && y < 10 ? 255 : 0));

    const small = resize(pad, 28, 28);

    expect(small.width).toBe(28);
    expect(small.data[0]).toBe(255);
    expect(small.data[13]).toBe(255);
    expect(small.data[14]).toBe(0);
    expect(small.data[28]).toBe(0);
  });

  it('weights partly covered pixels when the ratio is not whole', () => {
    const small = resize(gray(3, 1, (x) => [0, 90, 180][x]), 2, 1);

    // Each target covers 1.5 source pixels: (0 + 0.5·90) / 1.5 = 30, (0.5·90 + 180) / 1.5 = 150.
    expect(Array.from(small.data)).toEqual([30, 150]);
  });

  it('inverts a dark-on-white photo and leaves a drawing on black alone', () => {
    const photo = gray(28, 28, (x, y) => (x > 8 && x < 20 && y > 8 && y < 20 ? 30 : 250));
    const drawing = gray(28, 28, (x, y) => (x > 8 && x < 20 && y > 8 && y < 20 ? 255 : 0));

    expect(looksInverted(photo)).toBe(true);
    expect(looksInverted(drawing)).toBe(false);
    expect(toModelInput(photo, true)[0]).toBeCloseTo(5 / 255);
    expect(toModelInput(drawing, false)[14 * 28 + 14]).toBe(1);
  });

  it('reads a data set sample [1, 28, 28] as the gray image', () => {
    const pixels = Array.from({ length: 784 }, (_, i) => i % 256);

    expect(Array.from(sampleToGray(pixels, [1, 28, 28]).data)).toEqual(pixels);
  });

  it('builds the KServe V2 request with the batch dimension', () => {
    expect(inferRequest([0, 0.5], [1, 1, 2])).toEqual({ inputs: [{ name: 'input', shape: [1, 1, 1, 2], datatype: 'FP32', data: [0, 0.5] }] });
  });

  it('routes to an alias, a version or the default', () => {
    expect(inferPath('fashion mnist', 'production')).toBe('/v2/models/fashion%20mnist@production/infer');
    expect(inferPath('m', '3')).toBe('/v2/models/m/versions/3/infer');
    expect(inferPath('m', null)).toBe('/v2/models/m/infer');
  });
});

describe('readInferResponse', () => {
  it('reads probabilities and the label', () => {
    const p = readInferResponse({
      model_name: 'm',
      model_version: '3',
      outputs: [
        { name: 'probabilities', shape: [1, 3], datatype: 'FP32', data: [0.1, 0.7, 0.2] },
        { name: 'label', shape: [1], datatype: 'BYTES', data: ['Trouser'] },
      ],
    });

    expect(p).toEqual({ probabilities: [0.1, 0.7, 0.2], predicted: 1, label: 'Trouser', modelVersion: '3' });
  });

  it('turns logits into probabilities', () => {
    const p = readInferResponse({ outputs: [{ name: 'logits', datatype: 'FP32', shape: [1, 2], data: [2, 0] }] });

    expect(p.predicted).toBe(0);
    expect(p.probabilities[0]).toBeCloseTo(0.8808, 4);
    expect(p.label).toBeNull();
  });

  it('says what is missing from a response it cannot use', () => {
    expect(() => readInferResponse({ outputs: [] })).toThrow('the inference response has no outputs');
    expect(() => readInferResponse({ outputs: [{ name: 'label', datatype: 'BYTES', data: ['x'] }] })).toThrow('no numeric "probabilities" output');
  });
});
