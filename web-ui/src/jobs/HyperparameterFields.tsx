import type { ApiError } from '../api/problem';
import { Field, described } from '../app/ui';
import { DEFAULT_HYPERPARAMETERS, type HyperparameterDraft, OPTIMIZERS, checkHyperparameters } from './hyperparameters';

const HP_LABELS: Record<keyof HyperparameterDraft, string> = {
  epochs: 'Epochs',
  batch_size: 'Batch size',
  optimizer: 'Optimizer',
  learning_rate: 'Learning rate',
  seed: 'Seed',
  validation_fraction: 'Validation fraction',
};

const HP_HINTS: Record<keyof HyperparameterDraft, string> = {
  epochs: '1–1000',
  batch_size: '1–65536',
  optimizer: 'sgd, adam or adamw',
  learning_rate: 'more than 0, at most 10',
  seed: 'for initialisation, shuffling and the split',
  validation_fraction: 'share of training data held out, 0–0.5',
};

/**
 * The hyperparameter fields with their defaults. A field shows its problem once it differs from the default or the
 * form was submitted; a server refusal naming a field shows there.
 */
export function HyperparameterFields({
  value: hp,
  onChange: setHp,
  showErrors,
  serverError,
}: {
  value: HyperparameterDraft;
  onChange: (value: HyperparameterDraft) => void;
  showErrors: boolean;
  serverError: ApiError | null;
}) {
  const hpCheck = checkHyperparameters(hp);
  const fieldError = (field: string) => (serverError?.field === field ? serverError.detail : null);
  return (
    <fieldset class="panel">
      <legend>Hyperparameters</legend>
      <div class="grid-fields">
        {(Object.keys(HP_LABELS) as (keyof HyperparameterDraft)[]).map((k) => {
          const id = `hp-${k}`;
          const error = fieldError(`hyperparameters.${k}`) ?? (showErrors || hp[k] !== DEFAULT_HYPERPARAMETERS[k] ? (hpCheck.errors[k] ?? null) : null);
          return (
            <Field key={k} id={id} label={HP_LABELS[k]} hint={HP_HINTS[k]} error={error}>
              {k === 'optimizer' ? (
                <select {...described(id, error, HP_HINTS[k])} value={hp[k]} onChange={(e) => setHp({ ...hp, [k]: (e.target as HTMLSelectElement).value })}>
                  {OPTIMIZERS.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input {...described(id, error, HP_HINTS[k])} inputMode="decimal" value={hp[k]} onInput={(e) => setHp({ ...hp, [k]: (e.target as HTMLInputElement).value })} />
              )}
            </Field>
          );
        })}
      </div>
      <button type="button" class="link" onClick={() => setHp(DEFAULT_HYPERPARAMETERS)}>
        Reset to defaults
      </button>
    </fieldset>
  );
}
