import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/problem';
import type { Dataset } from '../api/types';
import { useApi } from '../app/context';
import { count, shape } from '../app/format';
import { useAsync } from '../app/hooks';
import { href, navigate } from '../app/router';
import { Empty, ErrorNote, Field, Loading, PageHeader, described } from '../app/ui';
import { LayerBuilder, type ServerSpecError } from '../spec/LayerBuilder';
import { SpecTable } from '../spec/SpecTable';
import { type LayerDraft, analyse, layerToDraft } from '../spec/builder';
import { SpecError } from '../spec/layers';
import { TEMPLATE_NAMES, type TemplateName, resolve, template as templateSpec } from '../spec/templates';
import { HyperparameterFields } from './HyperparameterFields';
import { DEFAULT_HYPERPARAMETERS, DEVICES, type HyperparameterDraft, checkHyperparameters } from './hyperparameters';

type Mode = 'template' | 'builder';

/** The new-job form: data set, a template or a layer-by-layer builder, hyperparameters and device. */
export function NewJobPage() {
  const api = useApi();
  const datasets = useAsync(() => api.listDatasets(), []);
  const list = datasets.data?.datasets ?? [];
  const [datasetName, setDatasetName] = useState('');
  useEffect(() => {
    if (!datasetName && list.length > 0) setDatasetName(list.find((d) => d.name === 'fashion-mnist')?.name ?? list[0].name);
  }, [list, datasetName]);
  const detail = useAsync(async (): Promise<Dataset | null> => {
    if (!datasetName) return null;
    const summary = list.find((d) => d.name === datasetName);
    if (summary?.input_shape && summary.class_names) return summary;
    return api.getDataset(datasetName);
  }, [datasetName]);
  const dataset = detail.data ?? null;
  const inputShape = dataset?.input_shape ?? null;
  const classes = dataset?.class_names?.length ?? 0;

  const [name, setName] = useState('');
  const [registerAs, setRegisterAs] = useState('');
  const [mode, setMode] = useState<Mode>('template');
  const [templateName, setTemplateName] = useState<TemplateName>('mlp');
  const [drafts, setDrafts] = useState<LayerDraft[]>([]);
  const [hp, setHp] = useState<HyperparameterDraft>(DEFAULT_HYPERPARAMETERS);
  const [device, setDevice] = useState<string>('auto');
  const [showErrors, setShowErrors] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [specServerError, setSpecServerError] = useState<ServerSpecError | null>(null);
  const form = useRef<HTMLFormElement>(null);

  const startFrom = (t: TemplateName) => {
    if (!inputShape || classes < 1) return;
    try {
      setDrafts(templateSpec(t, inputShape, classes).layers!.map((l) => layerToDraft(l!)));
      setSpecServerError(null);
    } catch (e) {
      setSpecServerError({ message: messageOf(e), field: 'model.template', layerIndex: null });
    }
  };
  useEffect(() => {
    if (mode === 'builder' && drafts.length === 0) startFrom('mlp');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, inputShape, classes]);

  const templateCheck = useMemo(() => {
    if (!inputShape || classes < 1) return null;
    try {
      return { ok: resolve({ template: templateName }, datasetName, inputShape, classes), error: null };
    } catch (e) {
      if (e instanceof SpecError) return { ok: null, error: e };
      throw e;
    }
  }, [templateName, inputShape, classes, datasetName]);
  const builderCheck = useMemo(
    () => (inputShape && classes > 0 ? analyse(drafts, inputShape, classes, datasetName) : null),
    [drafts, inputShape, classes, datasetName],
  );
  const hpCheck = checkHyperparameters(hp);
  const fieldError = (field: string) => (serverError?.field === field ? serverError.detail : null);

  const setDraftsAndClear = (next: LayerDraft[]) => {
    setDrafts(next);
    setSpecServerError(null);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setShowErrors(true);
    setServerError(null);
    const modelProblem = mode === 'template' ? templateCheck?.error : builderCheck?.error;
    const model = mode === 'template' ? { template: templateName } : builderCheck?.spec;
    if (!datasetName || !hpCheck.value || modelProblem || !model) {
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSubmitting(true);
    try {
      const job = await api.submitJob({
        name: name.trim() || undefined,
        dataset: datasetName,
        model,
        hyperparameters: hpCheck.value,
        resources: { device },
        register_as: registerAs.trim() || undefined,
      });
      navigate(href.job(job.id));
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, 'Error', messageOf(err), null, null);
      setServerError(apiError);
      if (apiError.field?.startsWith('model')) {
        const match = /^model\.layers\[(\d+)\]/.exec(apiError.field);
        setSpecServerError({ message: apiError.detail, field: apiError.field, layerIndex: match ? Number(match[1]) : null });
      }
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"], .submit-error')?.focus());
    } finally {
      setSubmitting(false);
    }
  };

  if (datasets.loading && !datasets.data) return <Loading what="data sets" />;
  if (datasets.error) return <ErrorNote error={datasets.error} title="Could not list the data sets" onRetry={datasets.reload} />;
  if (list.length === 0) {
    return (
      <section>
        <PageHeader title="New training job" />
        <Empty>
          No data sets yet — <a href={href.datasets()}>upload one</a> first (Fashion-MNIST registers itself when Debian's{' '}
          <code>dataset-fashion-mnist</code> is installed).
        </Empty>
      </section>
    );
  }

  const generalError = serverError && !serverError.field ? serverError : null;
  const otherFieldError =
    serverError?.field && !serverError.field.startsWith('model') && !serverError.field.startsWith('hyperparameters.') && !['dataset', 'name', 'register_as', 'resources.device'].includes(serverError.field)
      ? serverError
      : null;

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={<span id="page-title">New training job</span>} />
      <form ref={form} onSubmit={submit} noValidate class="form">
        <fieldset class="panel">
          <legend>Data</legend>
          <Field id="dataset" label="Data set" error={fieldError('dataset') ?? (detail.error ? messageOf(detail.error) : null)}>
            <select {...described('dataset', fieldError('dataset'))} value={datasetName} onChange={(e) => setDatasetName((e.target as HTMLSelectElement).value)}>
              {list.map((d) => (
                <option key={d.name} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
          </Field>
          {dataset && (
            <p class="muted">
              Samples {shape(inputShape)}, {classes} classes
              {dataset.split_counts ? `, ${Object.entries(dataset.split_counts).map(([k, v]) => `${count(v)} ${k}`).join(', ')}` : ''}.
            </p>
          )}
          <div class="row">
            <Field id="job-name" label="Job name" hint="optional" error={fieldError('name')}>
              <input {...described('job-name', fieldError('name'), 'optional')} value={name} placeholder={`${datasetName}-${mode === 'template' ? templateName : 'custom'}`} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
            </Field>
            <Field id="register-as" label="Register the model as" hint="optional: a registered model to add a version to" error={fieldError('register_as')}>
              <input
                {...described('register-as', fieldError('register_as'), 'optional: a registered model to add a version to')}
                value={registerAs}
                placeholder={`${datasetName}-classifier`}
                onInput={(e) => setRegisterAs((e.target as HTMLInputElement).value)}
              />
            </Field>
          </div>
        </fieldset>

        <fieldset class="panel">
          <legend>Model</legend>
          <div class="segmented" role="radiogroup" aria-label="How to describe the model">
            <label>
              <input type="radio" name="mode" value="template" checked={mode === 'template'} onChange={() => setMode('template')} /> Template
            </label>
            <label>
              <input type="radio" name="mode" value="builder" checked={mode === 'builder'} onChange={() => setMode('builder')} /> Layer by layer
            </label>
          </div>
          {!inputShape ? (
            detail.loading ? <Loading what="the data set's shape" /> : <p class="muted">Pick a data set to see the model's shapes.</p>
          ) : mode === 'template' ? (
            <>
              <Field id="template" label="Template" error={templateCheck?.error?.message ?? fieldError('model.template')}>
                <select
                  {...described('template', templateCheck?.error?.message ?? fieldError('model.template'))}
                  value={templateName}
                  onChange={(e) => setTemplateName((e.target as HTMLSelectElement).value as TemplateName)}
                >
                  {TEMPLATE_NAMES.map((t) => (
                    <option key={t} value={t}>
                      {t === 'mlp' ? 'MLP — Flatten, 2×Linear 512 + ReLU' : 'CNN — 2×(Conv 3×3, BatchNorm, ReLU, MaxPool), Dropout, Linear 128'}
                    </option>
                  ))}
                </select>
              </Field>
              {templateCheck?.ok && <SpecTable spec={templateCheck.ok.spec} />}
            </>
          ) : (
            <>
              <p class="template-starts">
                Start from:{' '}
                {TEMPLATE_NAMES.map((t) => (
                  <button key={t} type="button" onClick={() => startFrom(t)}>
                    {t.toUpperCase()}
                  </button>
                ))}{' '}
                <button type="button" onClick={() => setDraftsAndClear([])}>
                  Empty
                </button>
              </p>
              <LayerBuilder drafts={drafts} onChange={setDraftsAndClear} inputShape={inputShape} numClasses={classes} datasetName={datasetName} serverError={specServerError} />
            </>
          )}
        </fieldset>

        <HyperparameterFields value={hp} onChange={setHp} showErrors={showErrors} serverError={serverError} />

        <fieldset class="panel">
          <legend>Device</legend>
          <div class="segmented" role="radiogroup" aria-label="Device">
            {DEVICES.map((d) => (
              <label key={d}>
                <input type="radio" name="device" value={d} checked={device === d} onChange={() => setDevice(d)} />{' '}
                {d === 'auto' ? 'auto (a GPU where a worker has one)' : d.toUpperCase()}
              </label>
            ))}
          </div>
          {fieldError('resources.device') && (
            <p class="field-error" role="alert">
              {fieldError('resources.device')}
            </p>
          )}
        </fieldset>

        {(generalError || otherFieldError) && (
          <div class="note error submit-error" role="alert" tabIndex={-1}>
            The job was not accepted: {(generalError ?? otherFieldError)!.detail}
          </div>
        )}
        {serverError?.field?.startsWith('model') && (
          <div class="note error submit-error" role="alert" tabIndex={-1}>
            The server refused the model: {serverError.detail}
          </div>
        )}
        <div class="form-actions">
          <button type="submit" class="primary" disabled={submitting}>
            {submitting ? 'Submitting…' : 'Start training'}
          </button>
          <a href={href.jobs()}>Cancel</a>
        </div>
      </form>
    </section>
  );
}
