import { useEffect } from 'preact/hooks';
import { ApiError } from '../api/problem';
import { useApi } from '../app/context';
import { age, bytes, shortId } from '../app/format';
import { useAsync, useNow } from '../app/hooks';
import { href } from '../app/router';
import { Empty, ErrorNote, Loading, PageHeader } from '../app/ui';

/** A worker is shown as gone when its last heartbeat is older than this. */
const STALE_MS = 60_000;

/** Training workers: devices, cores, memory and what they train now; refreshed every few seconds. */
export function WorkersPage() {
  const api = useApi();
  const now = useNow(5_000);
  const workers = useAsync(() => api.listWorkers(), []);
  const notServed = workers.error instanceof ApiError && (workers.error.status === 404 || workers.error.status === 501);
  useEffect(() => {
    if (notServed) return;
    const timer = setInterval(workers.reload, 5_000);
    return () => clearInterval(timer);
  }, [workers.reload, notServed]);
  const list = [...(workers.data?.workers ?? [])].sort((a, b) => a.worker_id.localeCompare(b.worker_id));

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={<span id="page-title">Workers</span>} />
      {notServed ? (
        <Empty>The worker list is not available on this server yet (it answered {(workers.error as ApiError).status}). Jobs still run on the workers that are up.</Empty>
      ) : (
        <ErrorNote error={workers.error} title="Could not list the workers" onRetry={workers.reload} />
      )}
      {workers.loading && !workers.data && !workers.error && <Loading what="workers" />}
      {workers.data && list.length === 0 && <Empty>No workers online. Start the local stack (<code>./kiln up</code>) or a training-service to train jobs.</Empty>}
      {list.length > 0 && (
        <div class="table-wrap">
          <table class="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">State</th>
                <th scope="col">Devices</th>
                <th scope="col" class="num">Cores</th>
                <th scope="col" class="num">Memory</th>
                <th scope="col">Queue</th>
                <th scope="col">Current job</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {list.map((w) => {
                const seen = w.last_seen ? Date.parse(w.last_seen) : Number.NaN;
                const stale = !Number.isNaN(seen) && now - seen > STALE_MS;
                return (
                  <tr key={w.worker_id} class={stale ? 'stale' : undefined}>
                    <th scope="row" data-label="Worker">
                      <code>{w.worker_id}</code>
                    </th>
                    <td data-label="State">
                      <span class={`badge ${stale ? 'status-failed' : w.current_job_id ? 'status-running' : 'status-succeeded'}`}>
                        {stale ? 'not heard from' : w.current_job_id ? 'training' : 'idle'}
                      </span>
                    </td>
                    <td data-label="Devices">{(w.devices ?? []).join(', ') || '–'}</td>
                    <td class="num" data-label="Cores">
                      {w.cores ?? '–'}
                    </td>
                    <td class="num" data-label="Memory">
                      {bytes(w.memory_bytes)}
                    </td>
                    <td data-label="Queue">{w.queue ?? '–'}</td>
                    <td data-label="Current job">{w.current_job_id ? <a href={href.job(w.current_job_id)}>{shortId(w.current_job_id)}</a> : '–'}</td>
                    <td data-label="Last seen">{age(w.last_seen, now)}</td>
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
