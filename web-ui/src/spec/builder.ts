import { type InferredModel, type Layer, type LayerShape, type LayerType, type ModelSpec, SpecError, layerField } from './layers';
import { MAX_PARAMETERS, inferLayer, inferShapes } from './shapeInference';
import { requireOutput } from './templates';

/**
 * The layer-by-layer builder's model: each layer as the text a person typed, turned into spec layers and checked
 * as they type. Pure functions, so the builder component stays thin.
 */

export type FieldKind = 'int' | 'pair' | 'number' | 'bool';

export type FieldDef = {
  name: string;
  kind: FieldKind;
  required?: boolean;
  /** What an empty field means, shown as the placeholder. */
  hint: string;
};

const window = (strideHint: string): FieldDef[] => [
  { name: 'kernel_size', kind: 'pair', required: true, hint: 'e.g. 3 or 3,5' },
  { name: 'stride', kind: 'pair', hint: strideHint },
  { name: 'padding', kind: 'pair', hint: '0' },
];

const batchNorm: FieldDef[] = [
  { name: 'num_features', kind: 'int', hint: 'inferred' },
  { name: 'eps', kind: 'number', hint: '1e-5' },
  { name: 'momentum', kind: 'number', hint: '0.1' },
];

/** The parameters each layer type takes, as torch.nn names them. */
export const LAYER_FIELDS: Record<LayerType, FieldDef[]> = {
  Flatten: [
    { name: 'start_dim', kind: 'int', hint: '1' },
    { name: 'end_dim', kind: 'int', hint: '-1' },
  ],
  Linear: [
    { name: 'out_features', kind: 'int', required: true, hint: 'e.g. 128' },
    { name: 'in_features', kind: 'int', hint: 'inferred' },
    { name: 'bias', kind: 'bool', hint: 'true' },
  ],
  ReLU: [],
  Sigmoid: [],
  Tanh: [],
  Softmax: [{ name: 'dim', kind: 'int', hint: '1' }],
  Dropout: [{ name: 'p', kind: 'number', hint: '0.5' }],
  Conv2d: [
    { name: 'out_channels', kind: 'int', required: true, hint: 'e.g. 32' },
    ...window('1'),
    { name: 'in_channels', kind: 'int', hint: 'inferred' },
    { name: 'bias', kind: 'bool', hint: 'true' },
  ],
  MaxPool2d: window('kernel size'),
  AvgPool2d: window('kernel size'),
  BatchNorm1d: batchNorm,
  BatchNorm2d: batchNorm,
};

/** One layer as typed: the values of its fields as text ('' = absent), bias as a checkbox. */
export type LayerDraft = { key: number; type: LayerType; values: Record<string, string> };

let nextKey = 1;

export function newDraft(type: LayerType, values: Record<string, string> = {}): LayerDraft {
  return { key: nextKey++, type, values };
}

/** A spec layer as a draft (for starting the builder from a template or a job's spec). */
export function layerToDraft(layer: Layer): LayerDraft {
  const values: Record<string, string> = {};
  for (const field of LAYER_FIELDS[layer.type]) {
    const value = (layer as Record<string, unknown>)[field.name];
    if (value == null) continue;
    values[field.name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return newDraft(layer.type, values);
}

const INTEGER = /^[+-]?\d+$/;

function parseInt32(text: string): number | null {
  return INTEGER.test(text) ? Number(text) : null;
}

/**
 * Turns a draft into a spec layer; refuses text that is not what the field takes, with the server's words
 * ("layer 1 (Linear) out_features must be an integer").
 */
export function draftToLayer(draft: LayerDraft, index: number): Layer {
  const layer: Record<string, unknown> = { type: draft.type };
  const subject = (name: string) => `layer ${index} (${draft.type}) ${name}`;
  for (const field of LAYER_FIELDS[draft.type]) {
    const text = (draft.values[field.name] ?? '').trim();
    if (text === '') {
      if (field.required) {
        throw new SpecError(`layer ${index} (${draft.type}) needs ${field.name}`, layerField(index, field.name), index);
      }
      continue;
    }
    const fail = (what: string) => new SpecError(`${subject(field.name)} must be ${what}`, layerField(index, field.name), index);
    switch (field.kind) {
      case 'int': {
        const value = parseInt32(text);
        if (value == null) throw fail('an integer');
        layer[field.name] = value;
        break;
      }
      case 'number': {
        const value = Number(text);
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(value)) throw fail('a number');
        layer[field.name] = value;
        break;
      }
      case 'bool':
        if (text !== 'true' && text !== 'false') throw fail('true or false');
        layer[field.name] = text === 'true';
        break;
      case 'pair': {
        const parts = text.replace(/^\[|\]$/g, '').split(/\s*[,x×]\s*|\s+/).filter((p) => p !== '');
        const values = parts.map(parseInt32);
        if (values.length < 1 || values.length > 2 || values.some((v) => v == null)) {
          throw fail('an int or a [h, w] pair of ints');
        }
        layer[field.name] = values.length === 1 ? values[0] : values;
        break;
      }
    }
  }
  return layer as Layer;
}

/** One row of the builder after checking: its shapes, or the error that stops at it. */
export type RowCheck = { shape?: LayerShape; error?: SpecError };

export type Analysis = {
  rows: RowCheck[];
  /** Trainable parameters of the layers that could be inferred. */
  parameterCount: number;
  /** The first problem, or null when the spec works for the data set. */
  error: SpecError | null;
  /** The spec to submit (layers only; the server takes the input from the data set), when every draft parses. */
  spec: ModelSpec | null;
  inferred: InferredModel | null;
};

/**
 * Checks the drafts against the data set's input shape and class count, as the server will on submit, but layer by
 * layer: every layer up to the first that does not fit gets its shapes, and the error points at that layer.
 */
export function analyse(drafts: LayerDraft[], inputShape: number[], numClasses: number, datasetName: string | null): Analysis {
  const parsed = drafts.map((draft, i): Layer | SpecError => {
    try {
      return draftToLayer(draft, i);
    } catch (e) {
      if (e instanceof SpecError) return e;
      throw e;
    }
  });
  const layers = parsed.filter((p): p is Layer => !(p instanceof SpecError));
  const spec = layers.length === drafts.length ? { layers } : null;
  const rows: RowCheck[] = drafts.map(() => ({}));
  let shape = inputShape;
  let parameterCount = 0;
  let error: SpecError | null =
    drafts.length === 0
      ? new SpecError('model.layers must list at least one layer, e.g. Flatten then Linear', 'model.layers', null)
      : null;
  for (let i = 0; i < parsed.length && error == null; i++) {
    try {
      const layer = parsed[i];
      if (layer instanceof SpecError) throw layer;
      const inferred = inferLayer(layer, i, shape);
      rows[i] = { shape: inferred };
      parameterCount += inferred.trainableParameterCount;
      shape = inferred.outputShape;
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      rows[i] = { error: e };
      error = e;
    }
  }
  let inferred: InferredModel | null = null;
  if (error == null) {
    try {
      inferred = inferShapes({ input: { shape: inputShape }, layers });
      requireOutput(inferred, datasetName == null ? 'the data set' : `data set '${datasetName}'`, numClasses);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      error = e;
      inferred = null;
      if (e.layerIndex != null) rows[e.layerIndex] = { ...rows[e.layerIndex], error: e };
    }
  }
  return { rows, parameterCount, error, spec, inferred };
}

/** The parameter of a field path (model.layers[3].in_features → in_features), or null. */
export function fieldParameter(field: string): string | null {
  const match = /^model\.layers\[\d+\]\.([a-z_]+)/.exec(field);
  return match ? match[1] : null;
}

export { MAX_PARAMETERS };
