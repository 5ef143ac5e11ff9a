import { useState } from 'preact/hooks';
import { useApi } from '../app/context';
import { count, dateTime, shape } from '../app/format';
import { useAsync } from '../app/hooks';
import { href } from '../app/router';
import { ErrorNote, Facts, Loading, PageHeader } from '../app/ui';
import { classCounts } from './counts';
import { SampleImage } from './SampleImage';

/** One data set: its shape, classes, counts per split and class, and a grid of samples with their labels. */
export function DatasetPage({ name }: { name: string }) {
  const api = useApi();
  const dataset = useAsync(() => api.getDataset(name), [name]);
  const [split, setSplit] = useState('test');
  const samples = useAsync(() => api.samples(name, split, 24), [name, split]);

  if (dataset.error) return <ErrorNote error={dataset.error} title={`Could not load data set '${name}'`} onRetry={dataset.reload} />;
  if (!dataset.data) return <Loading what={`data set '${name}'`} />;
  const d = dataset.data;
  const names = d.class_names ?? [];
  const counts = classCounts(d);
  const splits = Object.keys(d.split_counts ?? { train: 0, test: 0 });
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={<span id="page-title">{d.name}</span>}>
        <a class="button primary" href={href.newJob()}>
          Train on it
        </a>
      </PageHeader>
      <div class="grid-2">
        <section class="panel" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          <Facts
            rows={[
              ['Sample shape', shape(d.input_shape)],
              ['Classes', String(names.length || '–')],
              ...Object.entries(d.split_counts ?? {}).map(([k, v]): [string, string] => [`${k} samples`, count(v)]),
              ['Format', d.format ?? '–'],
              ['Added', dateTime(d.created_at)],
            ]}
          />
        </section>
        <section class="panel" aria-labelledby="classes-title">
          <h2 id="classes-title">Samples per class</h2>
          {counts ? (
            <div class="table-wrap">
              <table class="compact">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Class</th>
                    {counts.splits.map((s) => (
                      <th key={s} scope="col" class="num">
                        {s}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {counts.rows.map((r) => (
                    <tr key={r.label}>
                      <td>{r.label}</td>
                      <td>{r.name}</td>
                      {counts.splits.map((s) => (
                        <td key={s} class="num">
                          {count(r.counts[s])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <>
              <p class="muted">The server does not report per-class counts for this data set.</p>
              {names.length > 0 && (
                <ol start={0} class="labels">
                  {names.map((n, i) => (
                    <li key={i}>{n}</li>
                  ))}
                </ol>
              )}
            </>
          )}
        </section>
      </div>
      <section class="panel" aria-labelledby="samples-title">
        <div class="panel-header">
          <h2 id="samples-title">Samples</h2>
          <div class="inline-form">
            <label for="sample-split">Split</label>
            <select id="sample-split" value={split} onChange={(e) => setSplit((e.target as HTMLSelectElement).value)}>
              {splits.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ErrorNote error={samples.error} title="Could not load samples" onRetry={samples.reload} />
        {samples.loading && !samples.data && <Loading what="samples" />}
        {samples.data && (samples.data.samples ?? []).length === 0 && <p class="muted">This split has no samples.</p>}
        <div class="sample-grid">
          {(samples.data?.samples ?? []).map((s, i) => (
            <SampleImage key={`${split}-${i}`} sample={s} label={s.class_name ?? names[s.label] ?? String(s.label)} />
          ))}
        </div>
      </section>
    </section>
  );
}
