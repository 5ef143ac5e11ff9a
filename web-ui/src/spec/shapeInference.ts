import { grouped, javaDouble, javaList } from './format';
import {
  type InferredModel,
  type Layer,
  type LayerShape,
  type ModelSpec,
  LAYER_TYPES,
  SpecError,
  layerField,
} from './layers';
import { LayerSite, buffer, parameter } from './layerSite';
import { outputHw, requirePaddingAtMostHalfKernel, window2d } from './window2d';

/**
 * Shape inference, ported from the server's contracts (ShapeInference and each layer's infer) so the builder shows
 * the same shapes, parameter counts and messages the server will. Shapes are per sample, without the batch
 * dimension.
 */

/** The most trainable parameters a model may have. */
export const MAX_PARAMETERS = 100_000_000;

const INT_MAX = 2147483647;
const DEFAULT_EPS = 1e-5;
const DEFAULT_MOMENTUM = 0.1;

/** Checks one layer against the per-sample shape it receives; returns it resolved with its output shape. */
export function inferLayer(layer: Layer | null | undefined, index: number, input: number[]): LayerShape {
  if (layer == null) {
    throw new SpecError(`layer ${index} is null; give an object with a "type"`, layerField(index, null), index);
  }
  requireKnownType(layer, index);
  const site = new LayerSite(index, layer.type, input);
  switch (layer.type) {
    case 'Flatten':
      return flatten(site, layer.start_dim ?? 1, layer.end_dim ?? -1);
    case 'Linear': {
      const out = site.positive('out_features', layer.out_features);
      if (input.length !== 1) {
        throw site.fail('in_features', `needs a 1-D input per sample but gets ${javaList(input)}; add a Flatten before it`);
      }
      const inFeatures = site.matching('in_features', layer.in_features, input[0], 'input features');
      const bias = layer.bias ?? true;
      const tensors = [parameter('weight', out, inFeatures)];
      if (bias) tensors.push(parameter('bias', out));
      return site.shape({ type: 'Linear', in_features: inFeatures, out_features: out, bias }, [out], tensors);
    }
    case 'ReLU':
    case 'Sigmoid':
    case 'Tanh':
      return site.shape({ type: layer.type }, input, []);
    case 'Softmax': {
      const dim = layer.dim ?? 1;
      if (site.dimension('dim', dim) === 0) {
        throw site.fail(
          'dim',
          `dim ${dim} is the batch dimension; use a dimension of the sample (1..${input.length}, or negative from the end)`,
        );
      }
      return site.shape({ type: 'Softmax', dim }, input, []);
    }
    case 'Dropout': {
      const p = layer.p ?? 0.5;
      if (!(p >= 0 && p < 1)) throw site.fail('p', `p must be at least 0 and less than 1, got ${javaDouble(p)}`);
      return site.shape({ type: 'Dropout', p }, input, []);
    }
    case 'Conv2d': {
      const out = site.positive('out_channels', layer.out_channels);
      site.requireImage();
      const inChannels = site.matching('in_channels', layer.in_channels, input[0], 'input channels');
      const w = window2d(site, layer.kernel_size, layer.stride, layer.padding, false);
      const [h, wd] = outputHw(site, w);
      const bias = layer.bias ?? true;
      const tensors = [parameter('weight', out, inChannels, w.kernelH, w.kernelW)];
      if (bias) tensors.push(parameter('bias', out));
      const resolved: Layer = {
        type: 'Conv2d',
        in_channels: inChannels,
        out_channels: out,
        kernel_size: [w.kernelH, w.kernelW],
        stride: [w.strideH, w.strideW],
        padding: [w.paddingH, w.paddingW],
        bias,
      };
      return site.shape(resolved, [out, h, wd], tensors);
    }
    case 'MaxPool2d':
    case 'AvgPool2d': {
      site.requireImage();
      const w = window2d(site, layer.kernel_size, layer.stride, layer.padding, true);
      requirePaddingAtMostHalfKernel(site, w);
      const [h, wd] = outputHw(site, w);
      const resolved: Layer = {
        type: layer.type,
        kernel_size: [w.kernelH, w.kernelW],
        stride: [w.strideH, w.strideW],
        padding: [w.paddingH, w.paddingW],
      };
      return site.shape(resolved, [input[0], h, wd], []);
    }
    case 'BatchNorm1d': {
      if (input.length !== 1 && input.length !== 2) {
        throw site.fail(
          null,
          `needs a [C] or [C, L] input per sample, got ${javaList(input)}; use BatchNorm2d for images or add a Flatten`,
        );
      }
      return batchNorm(site, layer.type, layer.num_features, layer.eps, layer.momentum);
    }
    case 'BatchNorm2d':
      site.requireImage();
      return batchNorm(site, layer.type, layer.num_features, layer.eps, layer.momentum);
  }
}

function requireKnownType(layer: { type?: unknown }, index: number): void {
  const type = layer.type;
  const supported = LAYER_TYPES.join(', ');
  if (type == null || type === '') {
    throw new SpecError(`layer ${index} has no "type"; supported types: ${supported}`, layerField(index, 'type'), index);
  }
  if (!LAYER_TYPES.includes(type as Layer['type'])) {
    const guess = LAYER_TYPES.find((t) => t.toLowerCase() === String(type).toLowerCase());
    const hint = guess ? ` (did you mean '${guess}'?)` : '';
    throw new SpecError(
      `layer ${index} has unknown type '${String(type)}'${hint}; supported types: ${supported}`,
      layerField(index, 'type'),
      index,
    );
  }
}

function flatten(site: LayerSite, startDim: number, endDim: number): LayerShape {
  const input = site.input;
  const start = site.dimension('start_dim', startDim);
  const end = site.dimension('end_dim', endDim);
  if (start === 0) {
    throw site.fail('start_dim', `start_dim ${startDim} would flatten the batch dimension; use start_dim 1 (the default) or more`);
  }
  if (start > end) {
    throw site.fail('start_dim', `start_dim ${startDim} comes after end_dim ${endDim} for input ${javaList(input)}`);
  }
  // Per-sample indices: full dimension d is input[d - 1].
  let merged = 1;
  for (let d = start; d <= end; d++) merged *= input[d - 1];
  if (merged > INT_MAX) {
    throw site.fail(null, `would produce ${merged} features from input ${javaList(input)}, more than ${INT_MAX}`);
  }
  const output = [...input.slice(0, start - 1), merged, ...input.slice(end)];
  return site.shape({ type: 'Flatten', start_dim: startDim, end_dim: endDim }, output, []);
}

function batchNorm(
  site: LayerSite,
  type: 'BatchNorm1d' | 'BatchNorm2d',
  numFeatures: number | null | undefined,
  epsGiven: number | null | undefined,
  momentumGiven: number | null | undefined,
): LayerShape {
  const eps = epsGiven ?? DEFAULT_EPS;
  const momentum = momentumGiven ?? DEFAULT_MOMENTUM;
  if (!(eps > 0) || !Number.isFinite(eps)) throw site.fail('eps', `eps must be a positive number, got ${javaDouble(eps)}`);
  if (!(momentum >= 0 && momentum <= 1)) {
    throw site.fail('momentum', `momentum must be between 0 and 1, got ${javaDouble(momentum)}`);
  }
  const channels = site.matching('num_features', numFeatures, site.input[0], 'features (channels)');
  const tensors = [
    parameter('weight', channels),
    parameter('bias', channels),
    buffer('running_mean', channels),
    buffer('running_var', channels),
    { name: 'num_batches_tracked', shape: [], dtype: 'INT64' as const, trainable: false },
  ];
  return site.shape({ type, num_features: channels, eps, momentum }, site.input, tensors);
}

/** The per-sample input shape, checked: present, every dimension a positive integer. */
export function checkedInputShape(spec: ModelSpec): number[] {
  const shape = spec.input?.shape;
  if (shape == null || shape.length === 0) {
    throw new SpecError(
      'model.input.shape is required: the shape of one sample without the batch dimension, e.g. [1, 28, 28] or [784]',
      'model.input.shape',
      null,
    );
  }
  shape.forEach((dim, i) => {
    if (dim == null || dim <= 0) {
      throw new SpecError(
        `model.input.shape ${javaList(shape)} has dimension ${i} = ${dim == null ? 'null' : dim}; every dimension must be a positive integer`,
        `model.input.shape[${i}]`,
        null,
      );
    }
  });
  return shape as number[];
}

/** Checks a spec the way PyTorch would run it and infers the shapes through it; throws SpecError if it cannot work. */
export function inferShapes(spec: ModelSpec | null | undefined): InferredModel {
  if (spec == null) throw new SpecError('model is required', 'model', null);
  if (spec.layers == null && spec.template != null) {
    throw new SpecError(
      `model template '${spec.template}' must be expanded (ModelTemplates.resolve) before its shapes can be inferred`,
      'model.template',
      null,
    );
  }
  const inputShape = checkedInputShape(spec);
  if (spec.layers == null || spec.layers.length === 0) {
    throw new SpecError(
      'model.layers must list at least one layer, e.g. [{"type": "Flatten"}, {"type": "Linear", "out_features": 10}]',
      'model.layers',
      null,
    );
  }
  const layers: LayerShape[] = [];
  let shape = inputShape;
  let parameters = 0;
  spec.layers.forEach((layer, i) => {
    const inferred = inferLayer(layer, i, shape);
    layers.push(inferred);
    parameters += inferred.trainableParameterCount;
    shape = inferred.outputShape;
  });
  if (parameters > MAX_PARAMETERS) throw tooManyParameters(layers, parameters);
  return { inputShape, layers, outputShape: shape, parameterCount: parameters };
}

function tooManyParameters(layers: LayerShape[], parameters: number): SpecError {
  // Like Java's Stream.max: the first of equal maxima.
  const largest = layers.reduce((a, b) => (b.trainableParameterCount > a.trainableParameterCount ? b : a));
  return new SpecError(
    `the model has ${grouped(parameters)} trainable parameters, more than the limit of ${grouped(MAX_PARAMETERS)}; the largest is layer ${largest.index} (${largest.layer.type}) with ${grouped(largest.trainableParameterCount)}`,
    layerField(largest.index, null),
    largest.index,
  );
}

/** The state dict as nn.Sequential names it, in order: "1.weight" → [512, 784], … including buffers. */
export function stateDictShapes(model: InferredModel): Map<string, { name: string; shape: number[]; dtype: string; trainable: boolean }> {
  const shapes = new Map<string, { name: string; shape: number[]; dtype: string; trainable: boolean }>();
  for (const layer of model.layers) {
    for (const tensor of layer.parameters) shapes.set(`${layer.index}.${tensor.name}`, tensor);
  }
  return shapes;
}

/** The spec with every inferred field and every default explicit. */
export function resolvedSpec(model: InferredModel): ModelSpec {
  return { input: { shape: model.inputShape }, layers: model.layers.map((l) => l.layer) };
}
