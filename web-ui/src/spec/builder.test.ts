import { describe, expect, it } from 'vitest';
import { type LayerDraft, analyse, draftToLayer, fieldParameter, layerToDraft, newDraft } from './builder';
import { SpecError } from './layers';
import { cnn, mlp } from './templates';

const FASHION_MNIST = [1, 28, 28];

const drafts = (...d: LayerDraft[]) => d;

describe('draftToLayer', () => {
  it('reads typed text into spec fields, leaving empty fields to their defaults', () => {
    const layer = draftToLayer(newDraft('Conv2d', { out_channels: ' 16 ', kernel_size: '3,5', stride: '', padding: '[1, 2]' }), 0);

    expect(layer).toEqual({ type: 'Conv2d', out_channels: 16, kernel_size: [3, 5], padding: [1, 2] });
  });

  it('accepts a single int and h x w for pair fields', () => {
    expect(draftToLayer(newDraft('MaxPool2d', { kernel_size: '2' }), 0)).toEqual({ type: 'MaxPool2d', kernel_size: 2 });
    expect(draftToLayer(newDraft('MaxPool2d', { kernel_size: '2x3' }), 0)).toEqual({ type: 'MaxPool2d', kernel_size: [2, 3] });
  });

  it('refuses text that is not an integer, in the server words', () => {
    const e = catchSpecError(() => draftToLayer(newDraft('Linear', { out_features: '12.5' }), 1));

    expect(e.message).toBe('layer 1 (Linear) out_features must be an integer');
    expect(e.field).toBe('model.layers[1].out_features');
  });

  it('refuses a pair field with three values', () => {
    expect(catchSpecError(() => draftToLayer(newDraft('MaxPool2d', { kernel_size: '2,2,2' }), 0)).message).toBe(
      'layer 0 (MaxPool2d) kernel_size must be an int or a [h, w] pair of ints',
    );
  });

  it('asks for a required field that is empty', () => {
    const e = catchSpecError(() => draftToLayer(newDraft('Conv2d', { out_channels: '8' }), 2));

    expect(e.message).toBe('layer 2 (Conv2d) needs kernel_size');
    expect(e.layerIndex).toBe(2);
  });

  it('reads eps in exponent notation and refuses a word', () => {
    expect(draftToLayer(newDraft('BatchNorm1d', { eps: '1e-3' }), 0)).toEqual({ type: 'BatchNorm1d', eps: 0.001 });
    expect(catchSpecError(() => draftToLayer(newDraft('Dropout', { p: 'half' }), 0)).message).toBe('layer 0 (Dropout) p must be a number');
  });

  it('round-trips every template layer through a draft', () => {
    for (const spec of [mlp(FASHION_MNIST, 10), cnn(FASHION_MNIST, 10)]) {
      const layers = spec.layers!.map((l, i) => draftToLayer(layerToDraft(l!), i));
      expect(layers).toEqual(spec.layers);
    }
  });
});

describe('analyse', () => {
  it('shows each layer output shape and the parameter count of the API example', () => {
    const result = analyse(mlp(FASHION_MNIST, 10).layers!.map((l) => layerToDraft(l!)), FASHION_MNIST, 10, 'fashion-mnist');

    expect(result.error).toBeNull();
    expect(result.rows.map((r) => r.shape!.outputShape)).toEqual([[784], [512], [512], [512], [512], [10]]);
    expect(result.rows.map((r) => r.shape!.trainableParameterCount)).toEqual([0, 401_920, 0, 262_656, 0, 5_130]);
    expect(result.parameterCount).toBe(669_706);
    expect(result.inferred!.parameterCount).toBe(669_706);
    expect(result.spec!.layers).toHaveLength(6);
  });

  it('points at the layer that does not fit and keeps the shapes before it', () => {
    const result = analyse(
      drafts(
        newDraft('Flatten'),
        newDraft('Linear', { out_features: '512' }),
        newDraft('ReLU'),
        newDraft('Linear', { in_features: '784', out_features: '10' }),
      ),
      FASHION_MNIST,
      10,
      'fashion-mnist',
    );

    expect(result.error!.message).toBe('layer 3 (Linear) expects 784 input features, got 512 (input shape [512])');
    expect(result.rows[3].error).toBe(result.error);
    expect(result.rows[2].shape!.outputShape).toEqual([512]);
    expect(result.rows.slice(0, 3).every((r) => r.error == null)).toBe(true);
    expect(result.parameterCount).toBe(401_920);
    expect(result.inferred).toBeNull();
    // Every draft parses, so the spec can still be sent; the server will say the same.
    expect(result.spec).not.toBeNull();
  });

  it('leaves the layers after the failing one unchecked', () => {
    const result = analyse(
      drafts(newDraft('Linear', { out_features: '10' }), newDraft('ReLU'), newDraft('Linear', { out_features: '10' })),
      FASHION_MNIST,
      10,
      null,
    );

    expect(result.rows[0].error!.message).toContain('add a Flatten before it');
    expect(result.rows[1]).toEqual({});
    expect(result.rows[2]).toEqual({});
  });

  it('points at the last layer when the output is not one score per class', () => {
    const result = analyse(drafts(newDraft('Flatten'), newDraft('Linear', { out_features: '12' })), FASHION_MNIST, 10, 'fashion-mnist');

    expect(result.error!.message).toBe("the last layer gives 12 outputs but data set 'fashion-mnist' has 10 classes");
    expect(result.error!.field).toBe('model.layers[1].out_features');
    // The shapes still show: the layer fits, it only gives the wrong count.
    expect(result.rows[1].shape!.outputShape).toEqual([12]);
    expect(result.rows[1].error).toBe(result.error);
  });

  it('reports a half-typed field at its layer and gives no spec to send', () => {
    const result = analyse(drafts(newDraft('Flatten'), newDraft('Linear', { out_features: '1o' })), FASHION_MNIST, 10, null);

    expect(result.error!.message).toBe('layer 1 (Linear) out_features must be an integer');
    expect(result.rows[0].shape!.outputShape).toEqual([784]);
    expect(result.spec).toBeNull();
  });

  it('says an empty builder needs a layer', () => {
    const result = analyse([], FASHION_MNIST, 10, null);

    expect(result.error!.field).toBe('model.layers');
    expect(result.error!.layerIndex).toBeNull();
  });

  it('refuses a model above the parameter budget at its largest layer', () => {
    const result = analyse(
      drafts(newDraft('Flatten'), newDraft('Linear', { out_features: '200000' }), newDraft('Linear', { out_features: '10' })),
      FASHION_MNIST,
      10,
      null,
    );

    expect(result.error!.message).toContain('more than the limit of 100,000,000');
    expect(result.error!.layerIndex).toBe(1);
    expect(result.rows[1].error).toBe(result.error);
  });
});

describe('fieldParameter', () => {
  it('reads the parameter of a layer field path', () => {
    expect(fieldParameter('model.layers[3].in_features')).toBe('in_features');
    expect(fieldParameter('model.layers[3]')).toBeNull();
    expect(fieldParameter('hyperparameters.epochs')).toBeNull();
  });
});

function catchSpecError(action: () => unknown): SpecError {
  try {
    action();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('expected a SpecError');
}
