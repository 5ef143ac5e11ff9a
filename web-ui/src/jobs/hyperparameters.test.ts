import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS, checkHyperparameters } from './hyperparameters';

describe('checkHyperparameters', () => {
  it('takes the defaults of API.md as they are', () => {
    expect(checkHyperparameters(DEFAULT_HYPERPARAMETERS)).toEqual({
      value: { epochs: 5, batch_size: 64, optimizer: 'adam', learning_rate: 0.001, seed: 42, validation_fraction: 0.1 },
      errors: {},
    });
  });

  it('says what is out of range in the server words, one message per field', () => {
    const { value, errors } = checkHyperparameters({
      ...DEFAULT_HYPERPARAMETERS,
      epochs: '0',
      batch_size: '70000',
      optimizer: 'Adam',
      learning_rate: '0',
      validation_fraction: '0.6',
    });

    expect(value).toBeNull();
    expect(errors).toEqual({
      epochs: 'hyperparameters.epochs must be between 1 and 1000, got 0',
      batch_size: 'hyperparameters.batch_size must be between 1 and 65536, got 70000',
      optimizer: "hyperparameters.optimizer must be one of sgd, adam, adamw, got 'Adam' (lower-case: 'adam')",
      learning_rate: 'hyperparameters.learning_rate must be greater than 0 and at most 10, got 0',
      validation_fraction: 'hyperparameters.validation_fraction must be between 0 and 0.5, got 0.6',
    });
  });

  it('refuses text that is not a number', () => {
    const { errors } = checkHyperparameters({ ...DEFAULT_HYPERPARAMETERS, epochs: '2.5', learning_rate: 'fast', seed: '' });

    expect(errors.epochs).toBe("hyperparameters.epochs must be a whole number, got '2.5'");
    expect(errors.learning_rate).toBe("hyperparameters.learning_rate must be a number, got 'fast'");
    expect(errors.seed).toBe('hyperparameters.seed must be a whole number');
  });
});
