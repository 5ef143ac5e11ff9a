import { useMemo } from 'preact/hooks';
import type { Job, ModelVersion } from '../api/types';
import { LineChart } from '../charts/LineChart';
import { useApi } from '../app/context';
import { bytes, dateTime, shape, shortId } from '../app/format';
import { useAsync } from '../app/hooks';
import { href } from '../app/router';
import { ErrorNote, Facts, Loading, PageHeader, StatusBadge } from '../app/ui';
import { jobCurves } from '../jobs/curves';
import { formatMetric, metricNames } from './metrics';

/** One model version: metrics, lineage (data set, job, curves), signature, labels, aliases and artifacts. */
export function VersionPage({ name, version }: { name: string; version: number }) {
  const api = useApi();
  const v = useAsync(() => api.getVersion(name, version), [name, version]);
  const jobId = v.data?.job_id ?? null;
  const job = useAsync(async (): Promise<Job | null> => (jobId ? api.getJob(jobId) : null), [jobId]);

  if (v.error) return <ErrorNote error={v.error} title={`Could not load ${name} v${version}`} onRetry={v.reload} />;
  if (!v.data) return <Loading what={`${name} v${version}`} />;
  const mv = v.data;
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={
          <span id="page-title">
            <a href={href.model(name)}>{name}</a> v{mv.version} <StatusBadge status={mv.status} />
          </span>
        }
      >
        <a class="button" href={href.playground(name, String(mv.version))}>
          Try in playground
        </a>
      </PageHeader>
      <div class="grid-2">
        <section class="panel" aria-labelledby="lineage-title">
          <h2 id="lineage-title">Lineage</h2>
          <Facts
            rows={[
              ['Data set', mv.dataset ? <a href={href.dataset(mv.dataset)}>{mv.dataset}</a> : '–'],
              ['Trained by', mv.job_id ? <a href={href.job(mv.job_id)}>job {shortId(mv.job_id)}</a> : 'imported'],
              ['Aliases', mv.aliases && mv.aliases.length > 0 ? mv.aliases.map((a) => <span key={a} class="badge alias">{a}</span>) : '–'],
              ['Created', dateTime(mv.created_at)],
              ['Reference', <code>models:/{name}/{mv.version}</code>],
            ]}
          />
        </section>
        <MetricsPanel version={mv} />
      </div>
      {jobId && (
        <section class="panel" aria-labelledby="curves-title">
          <h2 id="curves-title">Training curves</h2>
          <ErrorNote error={job.error} title="Could not load the job that trained it" />
          {job.data && <JobCurves job={job.data} />}
        </section>
      )}
      <div class="grid-2">
        <section class="panel" aria-labelledby="hp-title">
          <h2 id="hp-title">Hyperparameters</h2>
          {mv.hyperparameters ? (
            <Facts rows={Object.entries(mv.hyperparameters).map(([k, val]) => [k, String(val)])} />
          ) : (
            <p class="muted">None recorded.</p>
          )}
        </section>
        <section class="panel" aria-labelledby="sig-title">
          <h2 id="sig-title">Signature</h2>
          <Signature version={mv} />
          {mv.labels && mv.labels.length > 0 && (
            <>
              <h3>Labels</h3>
              <ol start={0} class="labels">
                {mv.labels.map((l, i) => (
                  <li key={i}>{l}</li>
                ))}
              </ol>
            </>
          )}
        </section>
      </div>
      <section class="panel" aria-labelledby="artifacts-title">
        <h2 id="artifacts-title">Artifacts</h2>
        <Artifacts name={name} version={mv} />
      </section>
    </section>
  );
}

function JobCurves({ job }: { job: Job }) {
  const loss = useMemo(() => jobCurves(job.epochs ?? [], [], 'loss'), [job]);
  const accuracy = useMemo(() => jobCurves(job.epochs ?? [], [], 'accuracy'), [job]);
  return (
    <div class="grid-2">
      <LineChart curves={{ ...loss, series: loss.series.slice(1) }} styles={STYLES} title="Loss" yLabel="loss" />
      <LineChart curves={{ ...accuracy, series: accuracy.series.slice(1) }} styles={STYLES} title="Accuracy" yLabel="accuracy" percent />
    </div>
  );
}

const STYLES = [
  { color: '#2563eb', width: 2, points: true },
  { color: '#ea580c', width: 2, points: true },
];

function MetricsPanel({ version }: { version: ModelVersion }) {
  const names = metricNames([version]);
  return (
    <section class="panel" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Metrics</h2>
      {names.length === 0 ? <p class="muted">No metrics recorded.</p> : <Facts rows={names.map((n) => [n, formatMetric(n, version.metrics?.[n])])} />}
    </section>
  );
}

function Signature({ version }: { version: ModelVersion }) {
  const sig = version.signature;
  const tensors = [...(sig?.inputs ?? []).map((t) => ({ ...t, role: 'input' })), ...(sig?.outputs ?? []).map((t) => ({ ...t, role: 'output' }))];
  if (tensors.length === 0) return <p class="muted">No signature recorded.</p>;
  return (
    <div class="table-wrap">
      <table class="compact">
        <thead>
          <tr>
            <th scope="col">Tensor</th>
            <th scope="col">Role</th>
            <th scope="col">Type</th>
            <th scope="col">Shape</th>
          </tr>
        </thead>
        <tbody>
          {tensors.map((t) => (
            <tr key={`${t.role}-${t.name}`}>
              <td>
                <code>{t.name}</code>
              </td>
              <td>{t.role}</td>
              <td>{t.datatype ?? '–'}</td>
              <td>{shape(t.shape)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Artifacts({ name, version }: { name: string; version: ModelVersion }) {
  const api = useApi();
  const artifacts = version.artifacts ?? [];
  if (artifacts.length === 0) return <p class="muted">No artifacts stored{version.status && version.status !== 'READY' ? ` (the version is ${version.status.toLowerCase()})` : ''}.</p>;
  return (
    <div class="table-wrap">
      <table class="cards-on-phone">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" class="num">Size</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {artifacts.map((a) => (
            <tr key={a.file}>
              <th scope="row" data-label="File">
                <a href={api.artifactUrl(name, version.version, a.file)} download={a.file}>
                  {a.file}
                </a>
              </th>
              <td class="num" data-label="Size">
                {bytes(a.size_bytes)}
              </td>
              <td data-label="SHA-256">
                <code class="hash">{a.sha256}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
