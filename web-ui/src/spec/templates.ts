import { javaList } from './format';
import { type InferredModel, type Layer, type ModelSpec, SpecError, layerField } from './layers';
import { inferShapes } from './shapeInference';

/** The built-in architectures ({"template": "mlp"} / {"template": "cnn"}), ported from the server's ModelTemplates. */
export const TEMPLATE_NAMES = ['mlp', 'cnn'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

function requireClasses(numClasses: number): void {
  if (numClasses < 1) throw new RangeError(`number of classes must be at least 1, got ${numClasses}`);
}

/** Flatten, Linear 512, ReLU, Linear 512, ReLU, Linear numClasses. */
export function mlp(inputShape: number[], numClasses: number): ModelSpec {
  requireClasses(numClasses);
  return {
    input: { shape: inputShape },
    layers: [
      { type: 'Flatten' },
      { type: 'Linear', out_features: 512 },
      { type: 'ReLU' },
      { type: 'Linear', out_features: 512 },
      { type: 'ReLU' },
      { type: 'Linear', out_features: numClasses },
    ],
  };
}

/**
 * Two blocks of Conv2d(3x3, padding 1), BatchNorm2d, ReLU, MaxPool2d(2) with 32 and 64 channels, then Flatten,
 * Dropout(0.25), Linear 128, ReLU, Dropout(0.5), Linear numClasses. Needs an image input [C, H, W] of at least 4x4.
 */
export function cnn(inputShape: number[] | null | undefined, numClasses: number): ModelSpec {
  requireClasses(numClasses);
  if (inputShape == null || inputShape.length !== 3) {
    throw new SpecError(
      `the cnn template needs an image input [C, H, W], got ${javaList(inputShape)}; use the mlp template for other inputs`,
      'model.template',
      null,
    );
  }
  if (inputShape[1] < 4 || inputShape[2] < 4) {
    throw new SpecError(
      `the cnn template needs images of at least 4x4 (it pools twice by 2), got ${javaList(inputShape)}`,
      'model.template',
      null,
    );
  }
  const block = (channels: number): Layer[] => [
    { type: 'Conv2d', out_channels: channels, kernel_size: 3, padding: 1 },
    { type: 'BatchNorm2d' },
    { type: 'ReLU' },
    { type: 'MaxPool2d', kernel_size: 2 },
  ];
  return {
    input: { shape: inputShape },
    layers: [
      ...block(32),
      ...block(64),
      { type: 'Flatten' },
      { type: 'Dropout', p: 0.25 },
      { type: 'Linear', out_features: 128 },
      { type: 'ReLU' },
      { type: 'Dropout', p: 0.5 },
      { type: 'Linear', out_features: numClasses },
    ],
  };
}

/** The template of the given name for a data set. */
export function template(name: string, inputShape: number[], numClasses: number): ModelSpec {
  if (name === 'mlp') return mlp(inputShape, numClasses);
  if (name === 'cnn') return cnn(inputShape, numClasses);
  throw new SpecError(`unknown model template '${name}'; supported templates: "mlp", "cnn"`, 'model.template', null);
}

function sameShape(a: readonly (number | null)[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Fits a submitted spec to its data set, as the server does on submit: expands a template, or fills a missing input
 * shape from the data set, or checks a given one; then infers the shapes and checks the model ends in [numClasses].
 * Returns the expanded spec and its inferred shapes; throws SpecError when it does not fit.
 */
export function resolve(
  spec: ModelSpec | null | undefined,
  datasetName: string | null,
  datasetInputShape: number[],
  numClasses: number,
): { spec: ModelSpec; inferred: InferredModel } {
  if (spec == null) throw new SpecError('model is required: give layers or a template ("mlp" or "cnn")', 'model', null);
  const dataset = datasetName == null ? 'the data set' : `data set '${datasetName}'`;
  const given = spec.input?.shape;
  if (given != null && !sameShape(given, datasetInputShape)) {
    throw new SpecError(
      `model.input.shape ${javaList(given)} does not match the samples of ${dataset}, ${javaList(datasetInputShape)}; leave the input out to take it from the data set`,
      'model.input.shape',
      null,
    );
  }
  let expanded: ModelSpec;
  if (spec.template != null) {
    if (spec.layers != null) throw new SpecError('model gives both a template and layers; give one of them', 'model.template', null);
    expanded = template(spec.template, datasetInputShape, numClasses);
  } else {
    expanded = { input: { shape: datasetInputShape }, layers: spec.layers };
  }
  requireClasses(numClasses);
  const inferred = inferShapes(expanded);
  requireOutput(inferred, dataset, numClasses);
  return { spec: expanded, inferred };
}

/** Checks that a model ends in one score per class; throws SpecError naming the last layer otherwise. */
export function requireOutput(inferred: InferredModel, dataset: string, numClasses: number): void {
  const output = inferred.outputShape;
  const last = inferred.layers.length - 1;
  const lastLayer = inferred.layers[last].layer;
  if (output.length !== 1) {
    throw new SpecError(
      `the last layer, layer ${last} (${lastLayer.type}), gives ${javaList(output)} per sample but ${dataset} needs [${numClasses}] (one score per class); end with a Flatten and a Linear with out_features ${numClasses}`,
      layerField(last, null),
      last,
    );
  }
  if (output[0] !== numClasses) {
    throw new SpecError(
      `the last layer gives ${output[0]} outputs but ${dataset} has ${numClasses} classes`,
      layerField(last, lastLayer.type === 'Linear' ? 'out_features' : null),
      last,
    );
  }
}
