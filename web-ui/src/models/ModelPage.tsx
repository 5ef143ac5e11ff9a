import { useState } from 'preact/hooks';
import { type ModelVersion, aliasMap } from '../api/types';
import { useApi } from '../app/context';
import { age, shortId } from '../app/format';
import { useAsync, useAsyncAction, useNow } from '../app/hooks';
import { href, navigate } from '../app/router';
import { Empty, ErrorNote, Field, Loading, PageHeader, StatusBadge, described } from '../app/ui';
import { formatMetric, headlineAccuracy } from './metrics';

/** Aliases as alias → version, from the model and from its versions. */
export function aliasesOf(model: Parameters<typeof aliasMap>[0], versions: readonly ModelVersion[]): Record<string, number> {
  const aliases = aliasMap(model);
  for (const v of versions) for (const a of v.aliases ?? []) aliases[a] ??= v.version;
  return aliases;
}

/** One registered model: versions with metrics and lineage, aliases with promotion, and a comparison picker. */
export function ModelPage({ name }: { name: string }) {
  const api = useApi();
  const now = useNow(30_000);
  const model = useAsync(() => api.getModel(name), [name]);
  const versions = useAsync(() => api.listVersions(name), [name]);
  const list = [...(versions.data?.versions ?? [])].sort((a, b) => b.version - a.version);
  const aliases = aliasesOf(model.data, list);

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={<span id="page-title">{name}</span>}>
        <a class="button" href={href.playground(name, aliases.production != null ? 'production' : null)}>
          Open in playground
        </a>
      </PageHeader>
      {model.data?.description && <p>{model.data.description}</p>}
      <ErrorNote error={model.error} title="Could not load the model" onRetry={model.reload} />
      <ErrorNote error={versions.error} title="Could not list its versions" onRetry={versions.reload} />
      {versions.loading && !versions.data && <Loading what="versions" />}
      {versions.data && list.length === 0 && <Empty>This model has no versions yet.</Empty>}
      {list.length > 0 && (
        <>
          <section class="panel" aria-labelledby="versions-title">
            <h2 id="versions-title">Versions</h2>
            <div class="table-wrap">
              <table class="cards-on-phone">
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Status</th>
                    <th scope="col">Test accuracy</th>
                    <th scope="col">Data set</th>
                    <th scope="col">Trained by</th>
                    <th scope="col">Aliases</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((v) => (
                    <tr key={v.version}>
                      <th scope="row" data-label="Version">
                        <a href={href.version(name, v.version)}>v{v.version}</a>
                      </th>
                      <td data-label="Status">
                        <StatusBadge status={v.status} />
                      </td>
                      <td data-label="Test accuracy">{formatMetric('accuracy', headlineAccuracy(v))}</td>
                      <td data-label="Data set">{v.dataset ? <a href={href.dataset(v.dataset)}>{v.dataset}</a> : '–'}</td>
                      <td data-label="Trained by">{v.job_id ? <a href={href.job(v.job_id)}>job {shortId(v.job_id)}</a> : 'imported'}</td>
                      <td data-label="Aliases">
                        {Object.entries(aliases)
                          .filter(([, n]) => n === v.version)
                          .map(([a]) => (
                            <span key={a} class="badge alias">
                              {a}
                            </span>
                          ))}
                      </td>
                      <td data-label="Created">{age(v.created_at, now)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <div class="grid-2">
            <PromoteForm
              name={name}
              versions={list}
              aliases={aliases}
              onDone={() => {
                model.reload();
                versions.reload();
              }}
            />
            <CompareForm name={name} versions={list} />
          </div>
        </>
      )}
    </section>
  );
}

function PromoteForm({ name, versions, aliases, onDone }: { name: string; versions: ModelVersion[]; aliases: Record<string, number>; onDone: () => void }) {
  const api = useApi();
  const ready = versions.filter((v) => !v.status || v.status === 'READY');
  const [alias, setAlias] = useState('production');
  const [version, setVersion] = useState(String(ready[0]?.version ?? ''));
  const [done, setDone] = useState<string | null>(null);
  const aliasError = alias.trim() === '' ? 'Give the alias a name, e.g. production' : /^\d+$/.test(alias.trim()) ? 'An alias cannot be a number (that would read as a version)' : null;
  const promote = useAsyncAction(async () => {
    setDone(null);
    await api.setAlias(name, alias.trim(), Number(version));
    setDone(`${alias.trim()} now points to v${version}.`);
    onDone();
  });
  return (
    <section class="panel" aria-labelledby="aliases-title">
      <h2 id="aliases-title">Aliases</h2>
      {Object.keys(aliases).length === 0 ? (
        <p class="muted">No aliases yet. Point “production” at a version to serve it by name.</p>
      ) : (
        <ul class="plain">
          {Object.entries(aliases).map(([a, v]) => (
            <li key={a}>
              <span class="badge alias">{a}</span> → <a href={href.version(name, v)}>v{v}</a>
            </li>
          ))}
        </ul>
      )}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!aliasError && version) promote.run();
        }}
      >
        <Field id="alias-name" label="Alias" error={aliasError}>
          <input {...described('alias-name', aliasError)} list="alias-names" value={alias} onInput={(e) => setAlias((e.target as HTMLInputElement).value)} />
          <datalist id="alias-names">
            {['production', 'staging', 'champion', ...Object.keys(aliases)].map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </Field>
        <Field id="alias-version" label="Version">
          <select id="alias-version" value={version} onChange={(e) => setVersion((e.target as HTMLSelectElement).value)}>
            {ready.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
                {headlineAccuracy(v) != null ? ` — ${formatMetric('accuracy', headlineAccuracy(v))}` : ''}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary" disabled={promote.busy || !!aliasError || !version}>
          {promote.busy ? 'Promoting…' : 'Promote'}
        </button>
      </form>
      {ready.length === 0 && <p class="muted">No version is READY to promote.</p>}
      {promote.error && (
        <p class="field-error" role="alert">
          Could not set the alias: {promote.error}
        </p>
      )}
      {done && <p role="status">{done}</p>}
    </section>
  );
}

function CompareForm({ name, versions }: { name: string; versions: ModelVersion[] }) {
  const [a, setA] = useState(String(versions[1]?.version ?? versions[0]?.version ?? ''));
  const [b, setB] = useState(String(versions[0]?.version ?? ''));
  if (versions.length < 2) {
    return (
      <section class="panel" aria-labelledby="compare-title">
        <h2 id="compare-title">Compare</h2>
        <p class="muted">Train a second version to compare curves and metrics.</p>
      </section>
    );
  }
  return (
    <section class="panel" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare two versions</h2>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href.compare(name, Number(a), Number(b)));
        }}
      >
        <VersionSelect id="compare-a" label="First" versions={versions} value={a} onChange={setA} />
        <VersionSelect id="compare-b" label="Second" versions={versions} value={b} onChange={setB} />
        <button type="submit" disabled={a === b}>
          Compare
        </button>
      </form>
      {a === b && <p class="muted">Pick two different versions.</p>}
    </section>
  );
}

export function VersionSelect({
  id,
  label,
  versions,
  value,
  onChange,
}: {
  id: string;
  label: string;
  versions: ModelVersion[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}
            {headlineAccuracy(v) != null ? ` — ${formatMetric('accuracy', headlineAccuracy(v))}` : ''}
          </option>
        ))}
      </select>
    </Field>
  );
}
