import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/problem';
import type { ModelVersion } from '../api/types';
import { ProbabilityBars } from '../charts/ProbabilityBars';
import { useApi } from '../app/context';
import { useAsync } from '../app/hooks';
import { href } from '../app/router';
import { Empty, ErrorNote, Field, Loading, PageHeader } from '../app/ui';
import { aliasesOf } from '../models/ModelPage';
import { DrawingPad, type DrawingPadHandle } from './DrawingPad';
import { type Gray, type Prediction, inferPath, inferRequest, looksInverted, readInferResponse, resize, sampleToGray, toModelInput } from './image';

/** The per-sample input shape a version takes, from its signature ([-1, 1, 28, 28] → [1, 28, 28]); default 1×28×28. */
function sampleShape(version: ModelVersion | null | undefined): number[] {
  const shape = version?.signature?.inputs?.[0]?.shape;
  if (shape && shape.length === 4 && shape.slice(1).every((d) => d > 0)) return shape.slice(1);
  return [1, 28, 28];
}

type Result = { prediction: Prediction; latencyMs: number };

/** Draw or drop an image, and see what a model makes of it. */
export function PlaygroundPage({ model: routeModel, reference: routeRef }: { model: string | null; reference: string | null }) {
  const api = useApi();
  const models = useAsync(() => api.listModels(), []);
  const list = models.data?.models ?? [];
  const [model, setModel] = useState(routeModel ?? '');
  useEffect(() => {
    if (!model && list.length > 0) setModel(list[0].name);
  }, [list, model]);

  const info = useAsync(async () => {
    if (!model) return null;
    const [m, v] = await Promise.all([api.getModel(model).catch(() => null), api.listVersions(model)]);
    return { aliases: aliasesOf(m, v.versions ?? []), versions: [...(v.versions ?? [])].sort((a, b) => b.version - a.version) };
  }, [model]);
  const [reference, setReference] = useState(routeRef ?? '');
  useEffect(() => {
    if (!info.data || reference) return;
    const aliases = Object.keys(info.data.aliases);
    setReference(aliases.includes('production') ? 'production' : (aliases[0] ?? String(info.data.versions[0]?.version ?? '')));
  }, [info.data, reference]);

  const version = useAsync(async () => {
    if (!model || !reference) return null;
    return /^\d+$/.test(reference) ? api.getVersion(model, reference) : api.getAlias(model, reference);
  }, [model, reference]);
  const shape = sampleShape(version.data);
  const dataset = useAsync(async () => (version.data?.dataset ? api.getDataset(version.data.dataset).catch(() => null) : null), [version.data?.dataset]);
  const labels = version.data?.labels ?? dataset.data?.class_names ?? [];

  const pad = useRef<DrawingPadHandle>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const [input, setInput] = useState<Gray | null>(null);
  const [invert, setInvert] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sampleLabel, setSampleLabel] = useState<string | null>(null);
  const modelInput = useMemo(() => (input ? toModelInput(input, invert) : null), [input, invert]);

  const predict = async (pixels: number[] | null = modelInput) => {
    if (!pixels || !model) return;
    setBusy(true);
    setError(null);
    const started = performance.now();
    try {
      const body = await api.request<unknown>(inferPath(model, reference || null), { method: 'POST', json: inferRequest(pixels, shape) });
      setResult({ prediction: readInferResponse(body), latencyMs: performance.now() - started });
    } catch (e) {
      setResult(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // Predict whenever the input or the model changes.
  useEffect(() => {
    if (modelInput) void predict(modelInput);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [modelInput, model, reference]);

  // Show what the model sees.
  useEffect(() => {
    const c = preview.current?.getContext('2d');
    if (!c || !modelInput) return;
    const [, h, w] = shape;
    const img = new ImageData(w, h);
    modelInput.forEach((v, i) => img.data.set([v * 255, v * 255, v * 255, 255], i * 4));
    c.putImageData(img, 0, 0);
  }, [modelInput, shape[1], shape[2]]);

  const onPad = (img: Gray, source: 'drawing' | 'image') => {
    const small = resize(img, shape[2], shape[1]);
    if (source === 'image') setInvert(looksInverted(small));
    setInput(small);
  };

  const trySample = async () => {
    const name = version.data?.dataset;
    if (!name) return;
    setError(null);
    try {
      const { samples } = await api.samples(name, 'test', 16);
      if (!samples?.length) throw new Error(`data set '${name}' returned no test samples`);
      const sample = samples[Math.floor(Math.random() * samples.length)];
      const img = sampleToGray(sample.pixels, sample.shape);
      pad.current?.paint(img);
      setInvert(false);
      setInput(img.width === shape[2] && img.height === shape[1] ? img : resize(img, shape[2], shape[1]));
      setSampleLabel(sample.class_name ?? labels[sample.label] ?? String(sample.label));
    } catch (e) {
      setError(e);
    }
  };

  if (models.loading && !models.data) return <Loading what="models" />;
  if (models.error) return <ErrorNote error={models.error} title="Could not list the models" onRetry={models.reload} />;
  if (list.length === 0) {
    return (
      <section>
        <PageHeader title="Playground" />
        <Empty>
          No models to try yet — <a href={href.newJob()}>train one</a> and register it, then come back.
        </Empty>
      </section>
    );
  }

  const predicted = result?.prediction;
  const predictedLabel = predicted ? (predicted.label ?? labels[predicted.predicted] ?? `class ${predicted.predicted}`) : null;
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={<span id="page-title">Playground</span>} />
      <form class="inline-form" onSubmit={(e) => e.preventDefault()}>
        <Field id="pg-model" label="Model">
          <select
            id="pg-model"
            value={model}
            onChange={(e) => {
              setModel((e.target as HTMLSelectElement).value);
              setReference('');
              setResult(null);
            }}
          >
            {list.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="pg-ref" label="Alias or version">
          <select id="pg-ref" value={reference} onChange={(e) => setReference((e.target as HTMLSelectElement).value)} disabled={!info.data}>
            {Object.entries(info.data?.aliases ?? {}).map(([a, v]) => (
              <option key={a} value={a}>
                {model}@{a} (v{v})
              </option>
            ))}
            {(info.data?.versions ?? []).map((v) => (
              <option key={v.version} value={String(v.version)}>
                version {v.version}
                {v.status && v.status !== 'READY' ? ` (${v.status.toLowerCase()})` : ''}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <ErrorNote error={info.error} title="Could not load the model's versions" onRetry={info.reload} />
      <ErrorNote error={version.error} title={`Could not resolve ${model}@${reference}`} />
      {info.data && info.data.versions.length === 0 && <Empty>This model has no versions yet.</Empty>}

      <div class="playground">
        <div class="panel">
          <h2>Input</h2>
          <DrawingPad
            ref={pad}
            onChange={(img, source) => {
              setSampleLabel(null);
              onPad(img, source);
            }}
            onError={(m) => setError(new Error(m))}
          />
          <div class="pad-actions">
            <button
              type="button"
              onClick={() => {
                pad.current?.clear();
                setInput(null);
                setResult(null);
                setInvert(false);
                setSampleLabel(null);
              }}
            >
              Clear
            </button>
            <button type="button" onClick={trySample} disabled={!version.data?.dataset}>
              Try a test image
            </button>
            <label class="check">
              <input type="checkbox" checked={invert} onChange={(e) => setInvert((e.target as HTMLInputElement).checked)} /> Invert colours
            </label>
          </div>
          <p class="muted small">
            The model sees {shape[1]}×{shape[2]} grayscale, light on black, scaled to 0–1.
            {sampleLabel && (
              <>
                {' '}
                This test image is labelled <strong>{sampleLabel}</strong>.
              </>
            )}
          </p>
          {modelInput && (
            <figure class="preview">
              <canvas ref={preview} width={shape[2]} height={shape[1]} aria-label="What the model sees" role="img" />
              <figcaption class="muted small">What the model sees</figcaption>
            </figure>
          )}
        </div>
        <div class="panel" aria-live="polite">
          <h2>Prediction</h2>
          {error != null && (
            <div class="note error" role="alert">
              {error instanceof ApiError && error.notFound ? `No such model or version: ${error.detail}` : messageOf(error)}
            </div>
          )}
          {!predicted && !error && <p class="muted">{busy ? 'Predicting…' : 'Draw something, drop an image, or try a test image.'}</p>}
          {predicted && (
            <>
              <p class="prediction">
                <span class="prediction-label">{predictedLabel}</span>{' '}
                <span class="muted">{(predicted.probabilities[predicted.predicted] * 100).toFixed(1)}%</span>
              </p>
              <p class="muted small">
                {model} v{predicted.modelVersion ?? version.data?.version ?? '?'} · {result!.latencyMs.toFixed(0)} ms round trip
                {busy ? ' · updating…' : ''}
              </p>
              <ProbabilityBars labels={labels} probabilities={predicted.probabilities} predicted={predicted.predicted} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
