import { useApi } from '../app/context';
import { age } from '../app/format';
import { useAsync, useNow } from '../app/hooks';
import { href } from '../app/router';
import { Empty, ErrorNote, Loading, PageHeader } from '../app/ui';
import { aliasMap } from '../api/types';

/** Registered models. */
export function ModelsPage() {
  const api = useApi();
  const models = useAsync(() => api.listModels(), []);
  const now = useNow(30_000);
  const list = models.data?.models ?? [];
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={<span id="page-title">Models</span>} />
      <ErrorNote error={models.error} title="Could not list the models" onRetry={models.reload} />
      {models.loading && !models.data && <Loading what="models" />}
      {models.data && list.length === 0 && (
        <Empty>
          No registered models yet — a job registers one when it succeeds. <a href={href.newJob()}>Start a job</a> and fill in
          “Register the model as”.
        </Empty>
      )}
      {list.length > 0 && (
        <div class="table-wrap">
          <table class="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Latest version</th>
                <th scope="col">Aliases</th>
                <th scope="col">Updated</th>
                <th scope="col">Try it</th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => {
                const aliases = Object.entries(aliasMap(m));
                return (
                  <tr key={m.name}>
                    <th scope="row" data-label="Model">
                      <a href={href.model(m.name)}>{m.name}</a>
                      {m.description && <div class="muted small">{m.description}</div>}
                    </th>
                    <td data-label="Latest version">
                      {m.latest_version != null ? <a href={href.version(m.name, m.latest_version)}>v{m.latest_version}</a> : '–'}
                    </td>
                    <td data-label="Aliases">
                      {aliases.length === 0
                        ? '–'
                        : aliases.map(([alias, v]) => (
                            <a key={alias} class="badge alias" href={href.version(m.name, v)}>
                              {alias} → v{v}
                            </a>
                          ))}
                    </td>
                    <td data-label="Updated">{age(m.updated_at ?? m.created_at, now)}</td>
                    <td data-label="Try it">
                      <a href={href.playground(m.name, aliases.some(([a]) => a === 'production') ? 'production' : null)}>Playground</a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
