import { useMemo, useState } from 'preact/hooks';
import type { Job, ModelVersion } from '../api/types';
import { LineChart } from '../charts/LineChart';
import { useApi } from '../app/context';
import { shortId } from '../app/format';
import { useAsync } from '../app/hooks';
import { href, navigate } from '../app/router';
import { ErrorNote, Loading, PageHeader } from '../app/ui';
import { compareCurves } from '../jobs/curves';
import { VersionSelect } from './ModelPage';
import { formatMetric, metricDelta, metricNames } from './metrics';

type Side = { version: ModelVersion; job: Job | null };

/** Two versions side by side: their training curves on one chart, and their metrics and settings in one table. */
export function ComparePage({ name, a, b }: { name: string; a: number | null; b: number | null }) {
  const api = useApi();
  const versions = useAsync(() => api.listVersions(name), [name]);
  const list = [...(versions.data?.versions ?? [])].sort((x, y) => y.version - x.version);
  const first = a ?? list[1]?.version ?? null;
  const second = b ?? list[0]?.version ?? null;

  const load = async (v: number | null): Promise<Side | null> => {
    if (v == null) return null;
    const version = await api.getVersion(name, v);
    const job = version.job_id ? await api.getJob(version.job_id).catch(() => null) : null;
    return { version, job };
  };
  const left = useAsync(() => load(first), [name, first]);
  const right = useAsync(() => load(second), [name, second]);

  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={
          <span id="page-title">
            Compare <a href={href.model(name)}>{name}</a> versions
          </span>
        }
      />
      <ErrorNote error={versions.error} title="Could not list the versions" onRetry={versions.reload} />
      {list.length >= 2 && first != null && second != null && <Picker name={name} versions={list} a={first} b={second} />}
      {versions.data && list.length < 2 && <p class="empty">This model has fewer than two versions to compare.</p>}
      <ErrorNote error={left.error} title={`Could not load v${first}`} />
      <ErrorNote error={right.error} title={`Could not load v${second}`} />
      {(left.loading || right.loading) && !(left.data && right.data) && <Loading what="the versions" />}
      {left.data && right.data && <Comparison a={left.data} b={right.data} />}
    </section>
  );
}

function Picker({ name, versions, a, b }: { name: string; versions: ModelVersion[]; a: number; b: number }) {
  const [x, setX] = useState(String(a));
  const [y, setY] = useState(String(b));
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(href.compare(name, Number(x), Number(y)));
      }}
    >
      <VersionSelect id="cmp-a" label="First" versions={versions} value={x} onChange={setX} />
      <VersionSelect id="cmp-b" label="Second" versions={versions} value={y} onChange={setY} />
      <button type="submit" disabled={x === y}>
        Compare
      </button>
    </form>
  );
}

function Comparison({ a, b }: { a: Side; b: Side }) {
  const runs = [
    { label: `v${a.version.version}`, epochs: a.job?.epochs ?? [] },
    { label: `v${b.version.version}`, epochs: b.job?.epochs ?? [] },
  ];
  const loss = useMemo(() => compareCurves(runs, 'loss'), [a, b]);
  const accuracy = useMemo(() => compareCurves(runs, 'accuracy'), [a, b]);
  const names = metricNames([a.version, b.version]);
  const hpKeys = [...new Set([...Object.keys(a.version.hyperparameters ?? {}), ...Object.keys(b.version.hyperparameters ?? {})])];
  const styles = [
    { color: '#2563eb', width: 2, points: true },
    { color: '#2563eb', width: 2, points: true, dash: [6, 4] },
    { color: '#ea580c', width: 2, points: true },
    { color: '#ea580c', width: 2, points: true, dash: [6, 4] },
  ];
  return (
    <>
      {!a.job || !b.job ? <p class="muted">Curves need the job that trained each version; an imported version has none.</p> : null}
      <div class="grid-2">
        <LineChart curves={loss} title="Loss (dashed: validation)" yLabel="loss" styles={styles} />
        <LineChart curves={accuracy} title="Accuracy (dashed: validation)" yLabel="accuracy" styles={styles} percent />
      </div>
      <section class="panel" aria-labelledby="cmp-table-title">
        <h2 id="cmp-table-title">Metrics and settings</h2>
        <div class="table-wrap">
          <table class="compact">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">v{a.version.version}</th>
                <th scope="col">v{b.version.version}</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {names.map((n) => {
                const d = metricDelta(n, a.version.metrics?.[n], b.version.metrics?.[n]);
                return (
                  <tr key={n}>
                    <th scope="row">{n}</th>
                    <td>{formatMetric(n, a.version.metrics?.[n])}</td>
                    <td>{formatMetric(n, b.version.metrics?.[n])}</td>
                    <td class={d?.better == null ? '' : d.better ? 'better' : 'worse'}>
                      {d ? d.text : '–'}
                      {d?.better != null && <span class="visually-hidden">{d.better ? ' (better)' : ' (worse)'}</span>}
                    </td>
                  </tr>
                );
              })}
              <tr>
                <th scope="row">data set</th>
                <td>{a.version.dataset ?? '–'}</td>
                <td>{b.version.dataset ?? '–'}</td>
                <td />
              </tr>
              {hpKeys.map((k) => {
                const x = (a.version.hyperparameters as Record<string, unknown> | null)?.[k];
                const y = (b.version.hyperparameters as Record<string, unknown> | null)?.[k];
                return (
                  <tr key={k}>
                    <th scope="row">{k}</th>
                    <td>{x == null ? '–' : String(x)}</td>
                    <td>{y == null ? '–' : String(y)}</td>
                    <td>{x !== y ? 'differs' : ''}</td>
                  </tr>
                );
              })}
              <tr>
                <th scope="row">trained by</th>
                <td>{a.version.job_id ? <a href={href.job(a.version.job_id)}>job {shortId(a.version.job_id)}</a> : 'imported'}</td>
                <td>{b.version.job_id ? <a href={href.job(b.version.job_id)}>job {shortId(b.version.job_id)}</a> : 'imported'}</td>
                <td />
              </tr>
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
