/**
 * The model spec as the API's JSON has it (snake_case, torch.nn names). Optional fields mean torch's default;
 * in_features, in_channels and num_features are inferred when absent and checked when given.
 */

/** An int, or an [h, w] pair (the int form may also come as a one-element list), like torch's kernel_size. */
export type IntOrPair = number | readonly (number | null)[];

export type FlattenLayer = { type: 'Flatten'; start_dim?: number | null; end_dim?: number | null };
export type LinearLayer = { type: 'Linear'; in_features?: number | null; out_features?: number | null; bias?: boolean | null };
export type ReLULayer = { type: 'ReLU' };
export type SigmoidLayer = { type: 'Sigmoid' };
export type TanhLayer = { type: 'Tanh' };
export type SoftmaxLayer = { type: 'Softmax'; dim?: number | null };
export type DropoutLayer = { type: 'Dropout'; p?: number | null };
export type Conv2dLayer = {
  type: 'Conv2d';
  in_channels?: number | null;
  out_channels?: number | null;
  kernel_size?: IntOrPair | null;
  stride?: IntOrPair | null;
  padding?: IntOrPair | null;
  bias?: boolean | null;
};
export type MaxPool2dLayer = { type: 'MaxPool2d'; kernel_size?: IntOrPair | null; stride?: IntOrPair | null; padding?: IntOrPair | null };
export type AvgPool2dLayer = { type: 'AvgPool2d'; kernel_size?: IntOrPair | null; stride?: IntOrPair | null; padding?: IntOrPair | null };
export type BatchNorm1dLayer = { type: 'BatchNorm1d'; num_features?: number | null; eps?: number | null; momentum?: number | null };
export type BatchNorm2dLayer = { type: 'BatchNorm2d'; num_features?: number | null; eps?: number | null; momentum?: number | null };

export type Layer =
  | FlattenLayer
  | LinearLayer
  | ReLULayer
  | SigmoidLayer
  | TanhLayer
  | SoftmaxLayer
  | DropoutLayer
  | Conv2dLayer
  | MaxPool2dLayer
  | AvgPool2dLayer
  | BatchNorm1dLayer
  | BatchNorm2dLayer;

export type LayerType = Layer['type'];

/** The supported layer types, in the server's order. */
export const LAYER_TYPES: readonly LayerType[] = [
  'Flatten',
  'Linear',
  'ReLU',
  'Sigmoid',
  'Tanh',
  'Softmax',
  'Dropout',
  'Conv2d',
  'MaxPool2d',
  'AvgPool2d',
  'BatchNorm1d',
  'BatchNorm2d',
];

export type ModelSpec = {
  input?: { shape?: readonly (number | null)[] | null } | null;
  layers?: readonly (Layer | null)[] | null;
  template?: string | null;
};

export type DType = 'FLOAT32' | 'FLOAT64' | 'INT64';

/** One tensor of a layer's state dict, named as PyTorch names it. */
export type TensorShape = { name: string; shape: number[]; dtype: DType; trainable: boolean };

/** One layer after shape inference. */
export type LayerShape = {
  index: number;
  /** The layer with every inferred field and default explicit. */
  layer: Layer;
  inputShape: number[];
  outputShape: number[];
  /** State-dict tensors in PyTorch's order. */
  parameters: TensorShape[];
  trainableParameterCount: number;
};

export type InferredModel = {
  inputShape: number[];
  layers: LayerShape[];
  outputShape: number[];
  parameterCount: number;
};

/**
 * A spec that cannot work. The message says what is wrong and what would be right; field is the path from the
 * job request (model.layers[3].in_features); layerIndex the 0-based layer, or null.
 */
export class SpecError extends Error {
  readonly field: string;
  readonly layerIndex: number | null;

  constructor(message: string, field: string, layerIndex: number | null) {
    super(message);
    this.name = 'SpecError';
    this.field = field;
    this.layerIndex = layerIndex;
  }
}

/** Field path of a layer or one of its parameters: model.layers[3] or model.layers[3].bias. */
export function layerField(index: number, parameter: string | null): string {
  const layer = `model.layers[${index}]`;
  return parameter == null ? layer : `${layer}.${parameter}`;
}

/** The number of elements of a tensor shape, 1 for a scalar. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
