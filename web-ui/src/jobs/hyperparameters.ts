import type { Hyperparameters } from '../api/types';

/**
 * The hyperparameter fields of the new-job form, checked with the server's ranges and words (contracts'
 * Hyperparameters.validationErrors), so a mistake shows at its field before submitting.
 */
export type HyperparameterDraft = Record<keyof Required<Hyperparameters>, string>;

export const DEFAULT_HYPERPARAMETERS: HyperparameterDraft = {
  epochs: '5',
  batch_size: '64',
  optimizer: 'adam',
  learning_rate: '0.001',
  seed: '42',
  validation_fraction: '0.1',
};

export const OPTIMIZERS = ['sgd', 'adam', 'adamw'] as const;
export const DEVICES = ['auto', 'cpu', 'gpu'] as const;

export type Checked = { value: Hyperparameters | null; errors: Partial<Record<keyof Hyperparameters, string>> };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads and checks the fields; every problem is keyed by its field. */
export function checkHyperparameters(draft: HyperparameterDraft): Checked {
  const errors: Checked['errors'] = {};
  const int = (field: 'epochs' | 'batch_size' | 'seed') => {
    const text = draft[field].trim();
    if (!INTEGER.test(text)) {
      errors[field] = `hyperparameters.${field} must be a whole number${text ? `, got '${text}'` : ''}`;
      return NaN;
    }
    return Number(text);
  };
  const dec = (field: 'learning_rate' | 'validation_fraction') => {
    const text = draft[field].trim();
    if (!DECIMAL.test(text)) {
      errors[field] = `hyperparameters.${field} must be a number${text ? `, got '${text}'` : ''}`;
      return NaN;
    }
    return Number(text);
  };
  const epochs = int('epochs');
  const batchSize = int('batch_size');
  const seed = int('seed');
  const learningRate = dec('learning_rate');
  const validationFraction = dec('validation_fraction');
  const optimizer = draft.optimizer.trim();

  if (!errors.epochs && (epochs < 1 || epochs > 1000)) errors.epochs = `hyperparameters.epochs must be between 1 and 1000, got ${epochs}`;
  if (!errors.batch_size && (batchSize < 1 || batchSize > 65536)) {
    errors.batch_size = `hyperparameters.batch_size must be between 1 and 65536, got ${batchSize}`;
  }
  if (!(OPTIMIZERS as readonly string[]).includes(optimizer)) {
    const lower = optimizer.toLowerCase();
    errors.optimizer = `hyperparameters.optimizer must be one of sgd, adam, adamw, got ${optimizer ? `'${optimizer}'` : 'nothing'}${
      (OPTIMIZERS as readonly string[]).includes(lower) ? ` (lower-case: '${lower}')` : ''
    }`;
  }
  if (!errors.learning_rate && !(learningRate > 0 && learningRate <= 10)) {
    errors.learning_rate = `hyperparameters.learning_rate must be greater than 0 and at most 10, got ${learningRate}`;
  }
  if (!errors.validation_fraction && !(validationFraction >= 0 && validationFraction <= 0.5)) {
    errors.validation_fraction = `hyperparameters.validation_fraction must be between 0 and 0.5, got ${validationFraction}`;
  }
  if (!errors.seed && !Number.isSafeInteger(seed)) errors.seed = `hyperparameters.seed must be a whole number up to ${Number.MAX_SAFE_INTEGER}`;
  if (Object.keys(errors).length > 0) return { value: null, errors };
  return {
    value: { epochs, batch_size: batchSize, optimizer, learning_rate: learningRate, seed, validation_fraction: validationFraction },
    errors,
  };
}
