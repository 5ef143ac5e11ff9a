import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import type { SseEvent } from '../api/sse';
import { useApi } from '../app/context';
import { age, percent, shortId } from '../app/format';
import { useAsync, useAsyncAction, useEventStream, useNow } from '../app/hooks';
import { href } from '../app/router';
import { Empty, ErrorNote, Loading, PageHeader, ProgressBar, StatusBadge, StreamIndicator } from '../app/ui';
import type { Job } from '../api/types';
import { type StreamMessage, readStreamMessage } from './events';
import { type JobListState, type JobRow, emptyList, reduceList, upsertJobs } from './jobList';
import { accuracyOf, progressOf } from './jobState';
import { modelSummary } from './summary';

type Action = { kind: 'page'; jobs: Job[]; next: string | null | undefined } | { kind: 'jobs'; jobs: Job[] } | { kind: 'stream'; message: StreamMessage };

function reducer(state: JobListState, action: Action): JobListState {
  switch (action.kind) {
    case 'page':
      return upsertJobs(state, action.jobs, action.next ?? null);
    case 'jobs':
      return upsertJobs(state, action.jobs);
    case 'stream':
      return reduceList(state, action.message);
  }
}

/** The jobs table, live from /api/v1/events. */
export function JobsPage() {
  const api = useApi();
  const [state, dispatch] = useReducer(reducer, undefined, emptyList);
  const now = useNow();
  const first = useAsync(async (signal) => {
    const page = await api.listJobs(null);
    if (!signal.aborted) dispatch({ kind: 'page', jobs: page.jobs ?? [], next: page.next_page_token });
    return page;
  }, []);
  const onEvent = useCallback((e: SseEvent) => dispatch({ kind: 'stream', message: readStreamMessage(e) }), []);
  const stream = useEventStream('/api/v1/events', onEvent);

  // Jobs the stream mentions that the table does not hold: fetch each once.
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (first.loading) return;
    for (const id of state.missing) {
      if (asked.current.has(id)) continue;
      asked.current.add(id);
      api.getJob(id).then((job) => dispatch({ kind: 'jobs', jobs: [job] }), () => {});
    }
  }, [state.missing, first.loading, api]);

  const more = useAsyncAction(async () => {
    const page = await api.listJobs(state.nextPageToken);
    dispatch({ kind: 'page', jobs: page.jobs ?? [], next: page.next_page_token });
  });

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={<span id="page-title">Training jobs</span>}>
        <StreamIndicator status={stream} />
        <a class="button primary" href={href.newJob()}>
          New job
        </a>
      </PageHeader>
      <ErrorNote error={first.error} title="Could not list the jobs" onRetry={first.reload} />
      {first.loading && state.rows.length === 0 && <Loading what="jobs" />}
      {!first.loading && !first.error && state.rows.length === 0 && (
        <Empty>
          No jobs yet — <a href={href.newJob()}>start one</a>.
        </Empty>
      )}
      {state.rows.length > 0 && <JobsTable rows={state.rows} now={now} />}
      {state.nextPageToken && (
        <p>
          <button type="button" onClick={more.run} disabled={more.busy}>
            {more.busy ? 'Loading…' : 'Load older jobs'}
          </button>
          {more.error && (
            <span class="field-error" role="alert">
              {' '}
              {more.error}
            </span>
          )}
        </p>
      )}
    </section>
  );
}

function JobsTable({ rows, now }: { rows: JobRow[]; now: number }) {
  return (
    <div class="table-wrap">
      <table class="cards-on-phone">
        <caption class="visually-hidden">Training jobs, newest first, updated live</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Data set</th>
            <th scope="col">Model</th>
            <th scope="col">Progress</th>
            <th scope="col">Accuracy</th>
            <th scope="col">Device</th>
            <th scope="col">Worker</th>
            <th scope="col">Age</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ job, position }) => {
            const accuracy = accuracyOf(job);
            const model = modelSummary(job);
            return (
              <tr key={job.id}>
                <th scope="row" data-label="Job">
                  <a href={href.job(job.id)}>{job.name || shortId(job.id)}</a>
                </th>
                <td data-label="Status">
                  <StatusBadge status={job.status} />
                </td>
                <td data-label="Data set">{job.dataset ?? '–'}</td>
                <td data-label="Model">
                  {job.model_version ? (
                    <a href={href.version(job.model_version.name, job.model_version.version)}>
                      {job.model_version.name} v{job.model_version.version}
                    </a>
                  ) : (
                    (model.name ?? '')
                  )}
                  <span class="muted small"> {model.spec}</span>
                </td>
                <td data-label="Progress">
                  <ProgressBar value={progressOf(job, position)} label={`Progress of ${job.name || job.id}`} />
                </td>
                <td data-label="Accuracy">
                  {accuracy ? (
                    <span title={`${accuracy.kind} accuracy`}>
                      {percent(accuracy.value)} <span class="muted small">{accuracy.kind === 'validation' ? 'val' : accuracy.kind}</span>
                    </span>
                  ) : (
                    '–'
                  )}
                </td>
                <td data-label="Device">{job.device ?? job.resources?.device ?? '–'}</td>
                <td data-label="Worker">{job.worker ?? '–'}</td>
                <td data-label="Age">
                  <time dateTime={job.created_at ?? undefined} title={job.created_at ?? undefined}>
                    {age(job.created_at, now)}
                  </time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
