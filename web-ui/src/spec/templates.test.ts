import { describe, expect, it } from 'vitest';
import { type ModelSpec, SpecError } from './layers';
import { cnn, mlp, resolve } from './templates';

// Mirrors contracts/src/test/java/dev/kiln/contracts/spec/ModelTemplatesTests.java.

const FASHION_MNIST = [1, 28, 28];

function rejection(action: () => unknown): SpecError {
  try {
    action();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('expected a SpecError');
}

const resolveRejection = (spec: ModelSpec, shape: number[], classes: number) =>
  rejection(() => resolve(spec, 'fashion-mnist', shape, classes));

describe('templates', () => {
  it('mlp template is the API example', () => {
    expect(JSON.stringify(mlp(FASHION_MNIST, 10))).toBe(
      '{"input":{"shape":[1,28,28]},"layers":[{"type":"Flatten"},' +
        '{"type":"Linear","out_features":512},{"type":"ReLU"},' +
        '{"type":"Linear","out_features":512},{"type":"ReLU"},' +
        '{"type":"Linear","out_features":10}]}',
    );
  });

  it('cnn template lists its layers in order', () => {
    const layers = cnn([3, 32, 32], 10).layers!;

    expect(layers.map((l) => l!.type)).toEqual([
      'Conv2d',
      'BatchNorm2d',
      'ReLU',
      'MaxPool2d',
      'Conv2d',
      'BatchNorm2d',
      'ReLU',
      'MaxPool2d',
      'Flatten',
      'Dropout',
      'Linear',
      'ReLU',
      'Dropout',
      'Linear',
    ]);
    expect(layers[9]).toEqual({ type: 'Dropout', p: 0.25 });
    expect(layers[12]).toEqual({ type: 'Dropout', p: 0.5 });
    expect(layers[4]).toEqual({ type: 'Conv2d', out_channels: 64, kernel_size: 3, padding: 1 });
  });

  it('cnn template refuses flat or tiny input', () => {
    const flat = rejection(() => cnn([784], 10));
    expect(flat.message).toBe('the cnn template needs an image input [C, H, W], got [784]; use the mlp template for other inputs');
    expect(flat.field).toBe('model.template');

    expect(rejection(() => cnn([1, 3, 8], 2)).message).toContain('at least 4x4');
  });

  it('templates refuse non-positive class counts', () => {
    expect(() => mlp(FASHION_MNIST, 0)).toThrow(new RangeError('number of classes must be at least 1, got 0'));
  });
});

describe('resolve', () => {
  it('expands a template for the data set', () => {
    const { spec, inferred } = resolve({ template: 'cnn' }, null, FASHION_MNIST, 10);

    expect(spec).toEqual(cnn(FASHION_MNIST, 10));
    expect(spec.template).toBeUndefined();
    expect(inferred.parameterCount).toBe(421_834);
  });

  it('fills a missing input shape from the data set', () => {
    const layers = [{ type: 'Flatten' as const }, { type: 'Linear' as const, out_features: 10 }];

    const { spec } = resolve({ layers }, null, FASHION_MNIST, 10);

    expect(spec.input).toEqual({ shape: [1, 28, 28] });
    expect(spec.layers).toEqual(layers);
  });

  it('keeps a matching input shape', () => {
    const spec = mlp(FASHION_MNIST, 10);

    expect(resolve(spec, null, FASHION_MNIST, 10).spec).toEqual(spec);
  });

  it("refuses an input shape that is not the data set's", () => {
    const e = resolveRejection(mlp([784], 10), FASHION_MNIST, 10);

    expect(e.message).toBe(
      "model.input.shape [784] does not match the samples of data set 'fashion-mnist', [1, 28, 28]; leave the input out to take it from the data set",
    );
    expect(e.field).toBe('model.input.shape');
  });

  it('refuses an unknown template, listing the known ones', () => {
    const e = resolveRejection({ template: 'resnet' }, FASHION_MNIST, 10);

    expect(e.message).toBe('unknown model template \'resnet\'; supported templates: "mlp", "cnn"');
    expect(e.field).toBe('model.template');
  });

  it('refuses a template together with layers', () => {
    const both: ModelSpec = { layers: [{ type: 'Flatten' }, { type: 'Linear', out_features: 10 }], template: 'mlp' };

    expect(resolveRejection(both, FASHION_MNIST, 10).message).toBe('model gives both a template and layers; give one of them');
  });

  it('refuses an output that is not one score per class', () => {
    const twelve: ModelSpec = { layers: [{ type: 'Flatten' }, { type: 'Linear', out_features: 12 }] };
    const wrongCount = resolveRejection(twelve, FASHION_MNIST, 10);
    expect(wrongCount.message).toBe("the last layer gives 12 outputs but data set 'fashion-mnist' has 10 classes");
    expect(wrongCount.field).toBe('model.layers[1].out_features');
    expect(wrongCount.layerIndex).toBe(1);

    const image: ModelSpec = { layers: [{ type: 'Conv2d', out_channels: 10, kernel_size: 3, padding: 1 }] };
    expect(resolveRejection(image, FASHION_MNIST, 10).message).toBe(
      "the last layer, layer 0 (Conv2d), gives [10, 28, 28] per sample but data set 'fashion-mnist' needs [10] (one score per class); end with a Flatten and a Linear with out_features 10",
    );

    const unnamed = rejection(() => resolve(twelve, null, FASHION_MNIST, 10));
    expect(unnamed.message).toBe('the last layer gives 12 outputs but the data set has 10 classes');
  });

  it('passes shape errors through', () => {
    expect(resolveRejection({ layers: [{ type: 'Linear', out_features: 10 }] }, FASHION_MNIST, 10).message).toContain('add a Flatten');
  });
});
