import { javaList } from './format';
import { type Layer, type LayerShape, type TensorShape, SpecError, layerField, numel } from './layers';

/**
 * Where a layer sits while its shape is inferred: its index, type and per-sample input shape. Builds the errors
 * that name all three (port of the server's LayerSite).
 */
export class LayerSite {
  constructor(
    readonly index: number,
    readonly type: string,
    readonly input: number[],
  ) {}

  /** An error about this layer: the message is prefixed with "layer 3 (Linear) ". */
  fail(parameter: string | null, message: string): SpecError {
    return new SpecError(`layer ${this.index} (${this.type}) ${message}`, layerField(this.index, parameter), this.index);
  }

  positive(parameter: string, value: number | null | undefined): number {
    if (value == null) throw this.fail(parameter, `needs ${parameter}`);
    if (value <= 0) throw this.fail(parameter, `${parameter} must be a positive integer, got ${value}`);
    return value;
  }

  /** Checks an inferable size (in_features, in_channels, num_features) against the actual one. */
  matching(parameter: string, given: number | null | undefined, actual: number, what: string): number {
    if (given != null && given !== actual) {
      throw this.fail(parameter, `expects ${given} ${what}, got ${actual} (input shape ${javaList(this.input)})`);
    }
    return actual;
  }

  /** Requires a per-sample input of rank 3: [C, H, W]. */
  requireImage(): void {
    if (this.input.length !== 3) {
      throw this.fail(
        null,
        `needs an image input [C, H, W] per sample, got ${javaList(this.input)}; give the input shape as [channels, height, width]`,
      );
    }
  }

  /** Normalises a dimension index that counts the batch dimension (like torch) to 0..rank-1 of [N, *input]. */
  dimension(parameter: string, dim: number): number {
    const rank = this.input.length + 1;
    if (dim < -rank || dim >= rank) {
      throw this.fail(
        parameter,
        `${parameter} ${dim} is out of range for input ${javaList(this.input)} (with the batch dimension: ${rank} dimensions, so ${parameter} must be in ${-rank}..${rank - 1})`,
      );
    }
    return dim < 0 ? dim + rank : dim;
  }

  shape(resolved: Layer, output: number[], parameters: TensorShape[]): LayerShape {
    const trainableParameterCount = parameters.filter((t) => t.trainable).reduce((n, t) => n + numel(t.shape), 0);
    return { index: this.index, layer: resolved, inputShape: this.input, outputShape: output, parameters, trainableParameterCount };
  }
}

export function parameter(name: string, ...shape: number[]): TensorShape {
  return { name, shape, dtype: 'FLOAT32', trainable: true };
}

export function buffer(name: string, ...shape: number[]): TensorShape {
  return { name, shape, dtype: 'FLOAT32', trainable: false };
}
