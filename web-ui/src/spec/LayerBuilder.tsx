import { useMemo, useState } from 'preact/hooks';
import { count, shape } from '../app/format';
import { type Analysis, LAYER_FIELDS, type LayerDraft, analyse, fieldParameter, newDraft } from './builder';
import { LAYER_TYPES, type LayerType } from './layers';

export type ServerSpecError = { message: string; field: string | null; layerIndex: number | null };

const rowId = (key: number) => `layer-${key}`;
const inputId = (key: number, field: string) => `layer-${key}-${field}`;

/**
 * The layer-by-layer builder: every layer's output shape and parameter count update as you type, and the layer
 * that does not fit is marked, with the server's words for what is wrong.
 */
export function LayerBuilder({
  drafts,
  onChange,
  inputShape,
  numClasses,
  datasetName,
  serverError,
}: {
  drafts: LayerDraft[];
  onChange: (drafts: LayerDraft[]) => void;
  inputShape: number[];
  numClasses: number;
  datasetName: string | null;
  /** A refusal from the server for what was submitted, shown at its layer until the spec changes. */
  serverError?: ServerSpecError | null;
}) {
  const analysis = useMemo(() => analyse(drafts, inputShape, numClasses, datasetName), [drafts, inputShape, numClasses, datasetName]);
  const [addType, setAddType] = useState<LayerType>('Linear');

  const update = (i: number, draft: LayerDraft) => onChange(drafts.map((d, j) => (j === i ? draft : d)));
  const move = (i: number, by: number) => {
    const next = [...drafts];
    const [d] = next.splice(i, 1);
    next.splice(i + by, 0, d);
    onChange(next);
  };
  const remove = (i: number) => onChange(drafts.filter((_, j) => j !== i));
  const add = () => onChange([...drafts, newDraft(addType)]);

  const error = analysis.error ?? null;
  const shown = error ?? (serverError ? { ...serverError } : null);
  const errorRow = shown?.layerIndex ?? null;

  return (
    <div class="builder">
      <p class="builder-input">
        Input per sample: <strong>{shape(inputShape)}</strong>
      </p>
      {drafts.length === 0 && <p class="empty">No layers yet — add one below, or start from a template.</p>}
      <ol class="layers">
        {drafts.map((draft, i) => (
          <LayerRow
            key={draft.key}
            draft={draft}
            index={i}
            last={i === drafts.length - 1}
            check={analysis.rows[i]}
            rowError={errorRow === i ? (shown?.message ?? null) : null}
            errorParameter={errorRow === i && shown?.field ? fieldParameter(shown.field) : null}
            onChange={(d) => update(i, d)}
            onMove={(by) => move(i, by)}
            onRemove={() => remove(i)}
          />
        ))}
      </ol>
      <div class="add-layer">
        <label for="add-layer-type">Add a layer</label>
        <select id="add-layer-type" value={addType} onChange={(e) => setAddType((e.target as HTMLSelectElement).value as LayerType)}>
          {LAYER_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <button type="button" onClick={add}>
          Add {addType}
        </button>
      </div>
      <Summary analysis={analysis} shown={shown} drafts={drafts} />
    </div>
  );
}

function Summary({ analysis, shown, drafts }: { analysis: Analysis; shown: ServerSpecError | null; drafts: LayerDraft[] }) {
  const target = shown?.layerIndex != null ? drafts[shown.layerIndex] : null;
  const focus = (e: Event) => {
    e.preventDefault();
    if (target == null) return;
    const param = shown?.field ? fieldParameter(shown.field) : null;
    const el = document.getElementById(param ? inputId(target.key, param) : '') ?? document.getElementById(inputId(target.key, 'type'));
    el?.focus();
  };
  return (
    <div class={`builder-summary${shown ? ' invalid' : ''}`} aria-live="polite">
      {shown ? (
        <p role="alert">
          <strong>Does not fit:</strong> {shown.message}
          {target && (
            <>
              {' '}
              <a href={`#${rowId(target.key)}`} onClick={focus}>
                Go to layer {shown.layerIndex}
              </a>
            </>
          )}
        </p>
      ) : (
        <p>
          Output <strong>{shape(analysis.inferred?.outputShape)}</strong> ·{' '}
          <strong>{count(analysis.parameterCount)}</strong> trainable parameters
        </p>
      )}
      {shown && analysis.parameterCount > 0 && <p class="muted">{count(analysis.parameterCount)} parameters in the layers that fit so far.</p>}
    </div>
  );
}

function LayerRow({
  draft,
  index,
  last,
  check,
  rowError,
  errorParameter,
  onChange,
  onMove,
  onRemove,
}: {
  draft: LayerDraft;
  index: number;
  last: boolean;
  check: Analysis['rows'][number] | undefined;
  rowError: string | null;
  errorParameter: string | null;
  onChange: (draft: LayerDraft) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const fields = LAYER_FIELDS[draft.type];
  const legend = `Layer ${index}: ${draft.type}`;
  const errorId = `${rowId(draft.key)}-error`;
  return (
    <li id={rowId(draft.key)} class={`layer${rowError ? ' invalid' : ''}${check?.shape ? '' : ' unchecked'}`}>
      <fieldset>
        <legend>{legend}</legend>
        <div class="layer-fields">
          <div class="field">
            <label for={inputId(draft.key, 'type')}>Type</label>
            <select
              id={inputId(draft.key, 'type')}
              value={draft.type}
              aria-invalid={rowError && !errorParameter ? true : undefined}
              aria-describedby={rowError ? errorId : undefined}
              onChange={(e) => onChange({ ...draft, type: (e.target as HTMLSelectElement).value as LayerType, values: {} })}
            >
              {LAYER_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          {fields.map((f) => {
            const id = inputId(draft.key, f.name);
            const invalid = errorParameter === f.name;
            const value = draft.values[f.name] ?? '';
            const set = (v: string) => onChange({ ...draft, values: { ...draft.values, [f.name]: v } });
            return (
              <div class="field" key={f.name}>
                <label for={id}>
                  {f.name}
                  {f.required && <span aria-hidden="true"> *</span>}
                </label>
                {f.kind === 'bool' ? (
                  <select id={id} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
                    <option value="">default ({f.hint})</option>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : (
                  <input
                    id={id}
                    type="text"
                    inputMode={f.kind === 'pair' ? 'text' : 'decimal'}
                    autoComplete="off"
                    spellcheck={false}
                    size={8}
                    value={value}
                    placeholder={f.hint}
                    required={f.required}
                    aria-invalid={invalid ? true : undefined}
                    aria-describedby={invalid ? errorId : undefined}
                    onInput={(e) => set((e.target as HTMLInputElement).value)}
                  />
                )}
              </div>
            );
          })}
        </div>
        <div class="layer-result">
          {check?.shape ? (
            <span>
              → <strong class="shape">{shape(check.shape.outputShape)}</strong>
              <span class="muted"> · {count(check.shape.trainableParameterCount)} params</span>
            </span>
          ) : (
            !rowError && <span class="muted">not checked until the layers above fit</span>
          )}
          {rowError && (
            <p id={errorId} class="field-error">
              {rowError}
            </p>
          )}
        </div>
        <div class="layer-actions">
          <button type="button" class="icon" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move layer ${index} up`} title="Move up">
            ↑
          </button>
          <button type="button" class="icon" onClick={() => onMove(1)} disabled={last} aria-label={`Move layer ${index} down`} title="Move down">
            ↓
          </button>
          <button type="button" class="icon danger" onClick={onRemove} aria-label={`Remove layer ${index}`} title="Remove">
            ✕
          </button>
        </div>
      </fieldset>
    </li>
  );
}
