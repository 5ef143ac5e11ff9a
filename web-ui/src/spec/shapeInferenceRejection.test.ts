import { describe, expect, it } from 'vitest';
import { type Layer, type ModelSpec, SpecError } from './layers';
import { inferShapes } from './shapeInference';

// Mirrors contracts/src/test/java/dev/kiln/contracts/spec/ShapeInferenceRejectionTests.java: same specs, same words.

function rejection(spec: ModelSpec): SpecError;
function rejection(input: number[], ...layers: Layer[]): SpecError;
function rejection(first: ModelSpec | number[], ...layers: Layer[]): SpecError {
  const spec: ModelSpec = Array.isArray(first) ? { input: { shape: first }, layers } : first;
  try {
    inferShapes(spec);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('expected the spec to be refused');
}

describe('inferShapes refuses', () => {
  it('a spec without input shape', () => {
    const e = rejection({ layers: [{ type: 'ReLU' }] });

    expect(e.field).toBe('model.input.shape');
    expect(e.layerIndex).toBeNull();
    expect(e.message).toContain('model.input.shape is required');
    expect(e.message).toContain('[1, 28, 28]');
  });

  it('an input shape with a non-positive dimension', () => {
    const e = rejection([1, 0, 28], { type: 'Flatten' });

    expect(e.field).toBe('model.input.shape[1]');
    expect(e.message).toBe('model.input.shape [1, 0, 28] has dimension 1 = 0; every dimension must be a positive integer');
  });

  it('a spec without layers', () => {
    const e = rejection({ input: { shape: [784] }, layers: [] });

    expect(e.field).toBe('model.layers');
    expect(e.message).toContain('at least one layer');
  });

  it('a spec whose Linear layer does not fit', () => {
    const e = rejection(
      [1, 28, 28],
      { type: 'Flatten' },
      { type: 'Linear', out_features: 512 },
      { type: 'ReLU' },
      { type: 'Linear', in_features: 784, out_features: 10 },
    );

    expect(e.message.startsWith('layer 3 (Linear) expects 784 input features, got 512')).toBe(true);
    expect(e.message).toBe('layer 3 (Linear) expects 784 input features, got 512 (input shape [512])');
    expect(e.field).toBe('model.layers[3].in_features');
    expect(e.layerIndex).toBe(3);
  });

  it('Linear on an image, suggesting a Flatten', () => {
    const e = rejection([1, 28, 28], { type: 'Linear', out_features: 10 });

    expect(e.message).toBe('layer 0 (Linear) needs a 1-D input per sample but gets [1, 28, 28]; add a Flatten before it');
    expect(e.layerIndex).toBe(0);
  });

  it('a convolution on flat input', () => {
    const e = rejection([784], { type: 'Conv2d', out_channels: 8, kernel_size: 3, padding: 0 });

    expect(e.message.startsWith('layer 0 (Conv2d) needs an image input [C, H, W] per sample, got [784]')).toBe(true);
    expect(e.field).toBe('model.layers[0]');
  });

  it('a convolution whose in_channels do not match', () => {
    const e = rejection([1, 28, 28], { type: 'Conv2d', in_channels: 3, out_channels: 8, kernel_size: [3] });

    expect(e.message.startsWith('layer 0 (Conv2d) expects 3 input channels, got 1')).toBe(true);
    expect(e.field).toBe('model.layers[0].in_channels');
  });

  it('a kernel bigger than the padded input', () => {
    const e = rejection(
      [1, 12, 12],
      { type: 'Conv2d', out_channels: 4, kernel_size: 3, padding: 0 },
      { type: 'MaxPool2d', kernel_size: 3 },
      { type: 'Conv2d', out_channels: 8, kernel_size: 5, padding: 0 },
    );

    expect(e.message).toBe('layer 2 (Conv2d) kernel 5x5 does not fit input 3x3 with padding 0');
    expect(e.field).toBe('model.layers[2].kernel_size');
    expect(e.layerIndex).toBe(2);
  });

  it('non-positive sizes', () => {
    expect(rejection([784], { type: 'Linear', out_features: 0 }).message).toBe(
      'layer 0 (Linear) out_features must be a positive integer, got 0',
    );
    expect(rejection([1, 8, 8], { type: 'Conv2d', out_channels: -2, kernel_size: 3, padding: 0 }).field).toBe(
      'model.layers[0].out_channels',
    );
    expect(rejection([1, 8, 8], { type: 'Conv2d', out_channels: 2, kernel_size: 0, padding: 0 }).message).toBe(
      'layer 0 (Conv2d) kernel_size must be positive, got [0]',
    );
    const stride = rejection([1, 8, 8], { type: 'MaxPool2d', kernel_size: [2], stride: [0, 1] });
    expect(stride.message).toBe('layer 0 (MaxPool2d) stride must be positive, got [0, 1]');
    expect(stride.field).toBe('model.layers[0].stride');
  });

  it('negative padding', () => {
    const e = rejection([1, 8, 8], { type: 'Conv2d', out_channels: 2, kernel_size: 3, padding: -1 });

    expect(e.message).toBe('layer 0 (Conv2d) padding must not be negative, got [-1]');
    expect(e.field).toBe('model.layers[0].padding');
  });

  it('pool padding above half the kernel', () => {
    const e = rejection([3, 8, 8], { type: 'ReLU' }, { type: 'AvgPool2d', kernel_size: [3], padding: [2] });

    expect(e.message).toBe(
      'layer 1 (AvgPool2d) padding 2 must be at most half the kernel size 3 (torch requires padding <= kernel_size / 2)',
    );
    expect(e.field).toBe('model.layers[1].padding');
  });

  it('a kernel_size that is neither an int nor a pair', () => {
    const e = rejection([1, 8, 8], { type: 'MaxPool2d', kernel_size: [2, 2, 2] });

    expect(e.message).toBe('layer 0 (MaxPool2d) kernel_size must be an int or a [h, w] pair, got [2, 2, 2]');
  });

  it('BatchNorm1d on images', () => {
    const e = rejection([1, 28, 28], { type: 'BatchNorm1d' });

    expect(e.message.startsWith('layer 0 (BatchNorm1d) needs a [C] or [C, L] input per sample, got [1, 28, 28]')).toBe(true);
  });

  it('BatchNorm2d on flat input', () => {
    const e = rejection([1, 28, 28], { type: 'Flatten' }, { type: 'BatchNorm2d' });

    expect(e.message.startsWith('layer 1 (BatchNorm2d) needs an image input [C, H, W] per sample, got [784]')).toBe(true);
    expect(e.layerIndex).toBe(1);
  });

  it('a batch norm whose num_features do not match', () => {
    const e = rejection(
      [1, 28, 28],
      { type: 'Conv2d', out_channels: 32, kernel_size: 3, padding: 1 },
      { type: 'BatchNorm2d', num_features: 64 },
    );

    expect(e.message).toBe('layer 1 (BatchNorm2d) expects 64 features (channels), got 32 (input shape [32, 28, 28])');
    expect(e.field).toBe('model.layers[1].num_features');
  });

  it('a batch norm with bad eps or momentum', () => {
    expect(rejection([4], { type: 'BatchNorm1d', eps: 0.0 }).field).toBe('model.layers[0].eps');
    expect(rejection([4], { type: 'BatchNorm1d', eps: 0.0 }).message).toBe('layer 0 (BatchNorm1d) eps must be a positive number, got 0.0');
    expect(rejection([4], { type: 'BatchNorm1d', momentum: 1.5 }).message).toBe(
      'layer 0 (BatchNorm1d) momentum must be between 0 and 1, got 1.5',
    );
  });

  it('a dropout probability out of range', () => {
    const e = rejection([10], { type: 'ReLU' }, { type: 'Dropout', p: 1.0 });

    expect(e.message).toBe('layer 1 (Dropout) p must be at least 0 and less than 1, got 1.0');
    expect(e.field).toBe('model.layers[1].p');
    expect(rejection([10], { type: 'Dropout', p: -0.1 }).field).toBe('model.layers[0].p');
  });

  it('a softmax dimension out of range or on the batch', () => {
    const outOfRange = rejection([10], { type: 'Softmax', dim: 2 });
    expect(outOfRange.message).toBe(
      'layer 0 (Softmax) dim 2 is out of range for input [10] (with the batch dimension: 2 dimensions, so dim must be in -2..1)',
    );
    expect(outOfRange.field).toBe('model.layers[0].dim');

    expect(rejection([10], { type: 'Softmax', dim: 0 }).message.startsWith('layer 0 (Softmax) dim 0 is the batch dimension')).toBe(true);
    expect(rejection([10], { type: 'Softmax', dim: -2 }).message.startsWith('layer 0 (Softmax) dim -2 is the batch dimension')).toBe(true);
  });

  it('flatten dims out of range or reversed', () => {
    expect(rejection([1, 28, 28], { type: 'Flatten', start_dim: 4 }).message).toBe(
      'layer 0 (Flatten) start_dim 4 is out of range for input [1, 28, 28] (with the batch dimension: 4 dimensions, so start_dim must be in -4..3)',
    );
    expect(
      rejection([1, 28, 28], { type: 'Flatten', start_dim: 0 }).message.startsWith('layer 0 (Flatten) start_dim 0 would flatten the batch dimension'),
    ).toBe(true);
    const reversed = rejection([1, 28, 28], { type: 'Flatten', start_dim: 3, end_dim: 2 });
    expect(reversed.message).toBe('layer 0 (Flatten) start_dim 3 comes after end_dim 2 for input [1, 28, 28]');
    expect(reversed.field).toBe('model.layers[0].start_dim');
  });

  it('models above the parameter budget, naming the largest layer', () => {
    const e = rejection([1, 28, 28], { type: 'Flatten' }, { type: 'Linear', out_features: 200_000 }, { type: 'Linear', out_features: 10 });

    expect(e.message).toBe(
      'the model has 159,000,010 trainable parameters, more than the limit of 100,000,000; the largest is layer 1 (Linear) with 157,000,000',
    );
    expect(e.layerIndex).toBe(1);
  });

  it('a Flatten that overflows an int', () => {
    const e = rejection([100_000, 100_000], { type: 'Flatten' });

    expect(e.message.startsWith('layer 0 (Flatten) would produce 10000000000 features')).toBe(true);
  });

  it('a null layer and an unexpanded template', () => {
    const nullLayer = rejection({ input: { shape: [4] }, layers: [{ type: 'ReLU' }, null] });
    expect(nullLayer.field).toBe('model.layers[1]');
    expect(nullLayer.layerIndex).toBe(1);

    const template = rejection({ template: 'mlp' });
    expect(template.field).toBe('model.template');
    expect(template.message).toContain("'mlp'");
    expect(template.message).toContain('ModelTemplates.resolve');
  });

  it('an unknown layer type, with the server words and a hint for the wrong case', () => {
    const e = rejection([784], { type: 'Flatten' }, { type: 'Linear', out_features: 5 }, { type: 'Relu' } as unknown as Layer);

    expect(e.message).toBe(
      "layer 2 has unknown type 'Relu' (did you mean 'ReLU'?); supported types: Flatten, Linear, ReLU, Sigmoid, Tanh, Softmax, Dropout, Conv2d, MaxPool2d, AvgPool2d, BatchNorm1d, BatchNorm2d",
    );
    expect(e.field).toBe('model.layers[2].type');
    expect(rejection([784], { out_features: 5 } as unknown as Layer).message.startsWith('layer 0 has no "type"; supported types: Flatten, Linear')).toBe(
      true,
    );
  });

  it('a Linear without out_features, as the server reads it', () => {
    const e = rejection([784], { type: 'Linear' });

    expect(e.message).toBe('layer 0 (Linear) needs out_features');
    expect(e.field).toBe('model.layers[0].out_features');
  });
});
