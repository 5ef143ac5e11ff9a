import { describe, expect, it } from 'vitest';
import type { Layer, ModelSpec } from './layers';
import { inferShapes, resolvedSpec, stateDictShapes } from './shapeInference';
import { cnn, mlp } from './templates';

// Mirrors contracts/src/test/java/dev/kiln/contracts/spec/ShapeInferenceTests.java: same specs, same numbers.

const API_MD_EXAMPLE: ModelSpec = {
  input: { shape: [1, 28, 28] },
  layers: [
    { type: 'Flatten' },
    { type: 'Linear', out_features: 512 },
    { type: 'ReLU' },
    { type: 'Linear', out_features: 512 },
    { type: 'ReLU' },
    { type: 'Linear', out_features: 10 },
  ],
};

const spec = (input: number[], ...layers: Layer[]): ModelSpec => ({ input: { shape: input }, layers });

describe('inferShapes', () => {
  it('infers the API example MLP like PyTorch', () => {
    const model = inferShapes(API_MD_EXAMPLE);

    expect(model.inputShape).toEqual([1, 28, 28]);
    expect(model.layers.map((l) => l.outputShape)).toEqual([[784], [512], [512], [512], [512], [10]]);
    expect(model.outputShape).toEqual([10]);
    // 784*512+512 + 512*512+512 + 512*10+10
    expect(model.parameterCount).toBe(669_706);
    const state = stateDictShapes(model);
    expect([...state.keys()]).toEqual(['1.weight', '1.bias', '3.weight', '3.bias', '5.weight', '5.bias']);
    expect(state.get('1.weight')!.shape).toEqual([512, 784]);
    expect(state.get('5.bias')!.shape).toEqual([10]);
  });

  it('makes inferred fields and defaults explicit in the resolved spec, which is a fixed point', () => {
    const resolved = resolvedSpec(inferShapes(API_MD_EXAMPLE));

    expect(resolved.layers).toEqual([
      { type: 'Flatten', start_dim: 1, end_dim: -1 },
      { type: 'Linear', in_features: 784, out_features: 512, bias: true },
      { type: 'ReLU' },
      { type: 'Linear', in_features: 512, out_features: 512, bias: true },
      { type: 'ReLU' },
      { type: 'Linear', in_features: 512, out_features: 10, bias: true },
    ]);
    expect(resolved.input?.shape).toEqual([1, 28, 28]);
    expect(resolvedSpec(inferShapes(resolved))).toEqual(resolved);
  });

  it('infers the mlp template on colour images', () => {
    const model = inferShapes(mlp([3, 32, 32], 10));

    expect(model.layers[1].inputShape).toEqual([3072]);
    // 3072*512+512 + 512*512+512 + 512*10+10
    expect(model.parameterCount).toBe(1_841_162);
  });

  it('infers the cnn template on Fashion-MNIST shapes with its batch-norm buffers', () => {
    const model = inferShapes(cnn([1, 28, 28], 10));

    expect(model.layers.map((l) => l.outputShape)).toEqual([
      [32, 28, 28],
      [32, 28, 28],
      [32, 28, 28],
      [32, 14, 14],
      [64, 14, 14],
      [64, 14, 14],
      [64, 14, 14],
      [64, 7, 7],
      [3136],
      [3136],
      [128],
      [128],
      [128],
      [10],
    ]);
    // conv1 320, bn1 64, conv2 18496, bn2 128, fc1 401536, fc2 1290
    expect(model.parameterCount).toBe(421_834);
    const state = stateDictShapes(model);
    expect([...state.keys()]).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
      '4.weight',
      '4.bias',
      '5.weight',
      '5.bias',
      '5.running_mean',
      '5.running_var',
      '5.num_batches_tracked',
      '10.weight',
      '10.bias',
      '13.weight',
      '13.bias',
    ]);
    expect(state.get('4.weight')!.shape).toEqual([64, 32, 3, 3]);
    expect(state.get('10.weight')!.shape).toEqual([128, 3136]);
    expect(state.get('5.num_batches_tracked')).toEqual({ name: 'num_batches_tracked', shape: [], dtype: 'INT64', trainable: false });
    expect(state.get('5.running_var')).toEqual({ name: 'running_var', shape: [64], dtype: 'FLOAT32', trainable: false });
    expect(state.get('5.weight')!.trainable).toBe(true);
  });

  it('infers the cnn template on CIFAR shapes', () => {
    const model = inferShapes(cnn([3, 32, 32], 10));

    expect(model.layers[8].outputShape).toEqual([4096]);
    expect(model.parameterCount).toBe(545_290);
    expect(stateDictShapes(model).get('0.weight')!.shape).toEqual([32, 3, 3, 3]);
  });

  it('infers a spec using every layer type', () => {
    const model = inferShapes(
      spec(
        [3, 32, 32],
        { type: 'Conv2d', out_channels: 16, kernel_size: [3, 5], stride: [1, 2], padding: [1, 2] },
        { type: 'BatchNorm2d' },
        { type: 'ReLU' },
        { type: 'MaxPool2d', kernel_size: 2 },
        { type: 'AvgPool2d', kernel_size: [3], stride: [1], padding: [1] },
        { type: 'Flatten' },
        { type: 'Dropout', p: 0.2 },
        { type: 'Linear', out_features: 64, bias: false },
        { type: 'BatchNorm1d' },
        { type: 'Tanh' },
        { type: 'Linear', in_features: 64, out_features: 10 },
        { type: 'Sigmoid' },
        { type: 'Softmax', dim: -1 },
      ),
    );

    expect(model.layers.map((l) => l.outputShape)).toEqual([
      [16, 32, 16],
      [16, 32, 16],
      [16, 32, 16],
      [16, 16, 8],
      [16, 16, 8],
      [2048],
      [2048],
      [64],
      [64],
      [64],
      [10],
      [10],
      [10],
    ]);
    // conv 736, bn2d 32, linear without bias 131072, bn1d 128, linear 650
    expect(model.parameterCount).toBe(132_618);
    const state = stateDictShapes(model);
    expect([...state.keys()]).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
      '7.weight',
      '8.weight',
      '8.bias',
      '8.running_mean',
      '8.running_var',
      '8.num_batches_tracked',
      '10.weight',
      '10.bias',
    ]);
    expect(state.get('0.weight')!.shape).toEqual([16, 3, 3, 5]);
    expect(state.get('7.weight')!.shape).toEqual([64, 2048]);

    const resolved = resolvedSpec(model).layers!;
    expect(resolved[0]).toEqual({
      type: 'Conv2d',
      in_channels: 3,
      out_channels: 16,
      kernel_size: [3, 5],
      stride: [1, 2],
      padding: [1, 2],
      bias: true,
    });
    expect(resolved[1]).toEqual({ type: 'BatchNorm2d', num_features: 16, eps: 1e-5, momentum: 0.1 });
    expect(resolved[3]).toEqual({ type: 'MaxPool2d', kernel_size: [2, 2], stride: [2, 2], padding: [0, 0] });
    expect(resolved[4]).toEqual({ type: 'AvgPool2d', kernel_size: [3, 3], stride: [1, 1], padding: [1, 1] });
    expect(resolved[6]).toEqual({ type: 'Dropout', p: 0.2 });
    expect(resolved[7]).toEqual({ type: 'Linear', in_features: 2048, out_features: 64, bias: false });
    expect(resolved[8]).toEqual({ type: 'BatchNorm1d', num_features: 64, eps: 1e-5, momentum: 0.1 });
    expect(resolved[12]).toEqual({ type: 'Softmax', dim: -1 });
  });

  it('accepts channels times length in BatchNorm1d and honours Flatten dims', () => {
    const model = inferShapes(
      spec(
        [4, 6, 5],
        { type: 'Flatten', start_dim: 2, end_dim: 3 },
        { type: 'BatchNorm1d', num_features: 4 },
        { type: 'Flatten' },
        { type: 'Linear', out_features: 3 },
      ),
    );

    expect(model.layers[0].outputShape).toEqual([4, 30]);
    expect(model.layers[1].outputShape).toEqual([4, 30]);
    expect(stateDictShapes(model).get('1.running_mean')!.shape).toEqual([4]);
    expect(model.outputShape).toEqual([3]);
    expect(model.parameterCount).toBe(8 + 363);
  });

  it('rounds strided convolutions and pools down like torch', () => {
    const model = inferShapes(
      spec(
        [1, 7, 9],
        { type: 'Conv2d', out_channels: 2, kernel_size: [3], stride: [2] },
        { type: 'MaxPool2d', kernel_size: [2], stride: [1], padding: [1] },
      ),
    );

    expect(model.layers[0].outputShape).toEqual([2, 3, 4]);
    expect(model.outputShape).toEqual([2, 4, 5]);
  });

  it('reads kernel_size, stride and padding given as a plain int like a one-element list', () => {
    const asInt = inferShapes(spec([1, 28, 28], { type: 'Conv2d', out_channels: 8, kernel_size: 5, stride: 2, padding: 2 }));
    const asList = inferShapes(spec([1, 28, 28], { type: 'Conv2d', out_channels: 8, kernel_size: [5], stride: [2], padding: [2] }));

    expect(asInt.outputShape).toEqual([8, 14, 14]);
    expect(asInt).toEqual(asList);
  });
});
