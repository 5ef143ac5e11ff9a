import { useCallback, useEffect, useMemo, useReducer, useRef } from 'preact/hooks';
import type { SseEvent } from '../api/sse';
import { type Job, isTerminal } from '../api/types';
import { LineChart } from '../charts/LineChart';
import { useApi } from '../app/context';
import { dateTime, decimal, percent, shortId } from '../app/format';
import { useAsync, useAsyncAction, useEventStream } from '../app/hooks';
import { href } from '../app/router';
import { ErrorNote, Facts, Loading, PageHeader, ProgressBar, StatusBadge, StreamIndicator } from '../app/ui';
import { SpecTable } from '../spec/SpecTable';
import { jobCurves } from './curves';
import { readStreamMessage } from './events';
import { type LiveJob, type LogEntry, accuracyOf, emptyLive, progressOf, reduceLive, withJob } from './jobState';

type Action = { kind: 'sse'; event: SseEvent } | { kind: 'job'; job: Job };

function reducer(state: LiveJob, action: Action): LiveJob {
  return action.kind === 'sse' ? reduceLive(state, readStreamMessage(action.event)) : withJob(state, action.job);
}

/** One job: live curves, facts, spec, event log, cancel, and the model version it registered. */
export function JobPage({ id }: { id: string }) {
  const api = useApi();
  const [live, dispatch] = useReducer(reducer, undefined, () => emptyLive());
  const job = live.job;
  const terminal = isTerminal(job?.status);
  const terminalRef = useRef(terminal);
  terminalRef.current = terminal;

  const onEvent = useCallback((event: SseEvent) => dispatch({ kind: 'sse', event }), []);
  const stream = useEventStream(`/api/v1/jobs/${encodeURIComponent(id)}/events`, onEvent, () => !terminalRef.current);

  // The REST resource too: it shows the job even where the stream is not served, and after the job ends it brings
  // the model version the registry assigned.
  const rest = useAsync(async () => {
    const j = await api.getJob(id);
    dispatch({ kind: 'job', job: j });
    return j;
  }, [id]);

  useEffect(() => {
    if (!terminal || job?.status !== 'SUCCEEDED' || job.model_version || !job.register_as) return;
    let tries = 0;
    const timer = setInterval(() => {
      tries++;
      api.getJob(id).then((j) => dispatch({ kind: 'job', job: j }), () => {});
      if (tries >= 10) clearInterval(timer);
    }, 2000);
    return () => clearInterval(timer);
  }, [terminal, job?.status, job?.model_version, job?.register_as, id, api]);

  const cancel = useAsyncAction(() => api.cancelJob(id));

  const loss = useMemo(() => jobCurves(job?.epochs ?? [], live.batches, 'loss'), [job?.epochs, live.batches]);
  const accuracy = useMemo(() => jobCurves(job?.epochs ?? [], live.batches, 'accuracy'), [job?.epochs, live.batches]);

  if (job == null) {
    return (
      <section>
        <PageHeader title={`Job ${shortId(id)}`}>
          <StreamIndicator status={stream} />
        </PageHeader>
        {rest.error ? <ErrorNote error={rest.error} title="Could not load the job" onRetry={rest.reload} /> : <Loading what="the job" />}
      </section>
    );
  }

  const hp = job.hyperparameters ?? {};
  const acc = accuracyOf(job);
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={
          <span id="page-title">
            {job.name || `Job ${shortId(job.id)}`} <StatusBadge status={job.status} />
          </span>
        }
      >
        {!(terminal && stream.state === 'closed') && <StreamIndicator status={stream} />}
        {!terminal && (
          <button type="button" class="danger" onClick={cancel.run} disabled={cancel.busy}>
            {cancel.busy ? 'Cancelling…' : 'Cancel job'}
          </button>
        )}
      </PageHeader>
      {cancel.error && (
        <div class="note error" role="alert">
          Could not cancel: {cancel.error}
        </div>
      )}
      {job.error && (
        <div class={`note ${job.status === 'FAILED' ? 'error' : 'warn'}`} role="status">
          {job.status === 'QUEUED' ? 'The last attempt failed and the job waits for another: ' : ''}
          {job.error_code && <code>{job.error_code}</code>} {job.error}
        </div>
      )}
      {live.problems.length > 0 && <div class="note warn">Some live events could not be read: {live.problems.at(-1)}</div>}

      <div class="progress-row">
        <ProgressBar value={progressOf(job, live.position)} label="Training progress" />
        {live.position && !terminal && (
          <span class="muted">
            epoch {live.position.epoch} of {hp.epochs ?? '?'}, batch {live.position.batch}/{live.position.batches_per_epoch}
            {live.position.samples_per_second ? `, ${Math.round(live.position.samples_per_second).toLocaleString('en-US')} samples/s` : ''}
          </span>
        )}
      </div>

      <div class="grid-2">
        <LineChart curves={loss} title="Loss" yLabel="loss" />
        <LineChart curves={accuracy} title="Accuracy" yLabel="accuracy" percent />
      </div>

      <div class="grid-2">
        <section aria-labelledby="facts-title" class="panel">
          <h2 id="facts-title">Run</h2>
          <Facts
            rows={[
              ['Data set', job.dataset ? <a href={href.dataset(job.dataset)}>{job.dataset}</a> : '–'],
              ['Device', job.device ?? `${job.resources?.device ?? 'auto'} (requested)`],
              ['Worker', job.worker ?? '–'],
              ['Attempt', job.attempt ? String(job.attempt) : '–'],
              [acc?.kind === 'test' ? 'Test accuracy' : 'Accuracy', acc ? `${percent(acc.value)}${acc.kind !== 'test' ? ` (${acc.kind})` : ''}` : '–'],
              ['Test loss', decimal(job.test_loss)],
              [
                'Model version',
                job.model_version ? (
                  <a href={href.version(job.model_version.name, job.model_version.version)}>
                    {job.model_version.name} v{job.model_version.version}
                  </a>
                ) : job.register_as ? (
                  `${job.register_as} (${terminal ? (job.status === 'SUCCEEDED' ? 'registering…' : 'not registered') : 'when it succeeds'})`
                ) : (
                  'not registered'
                ),
              ],
              ['Created', dateTime(job.created_at)],
              ['Started', dateTime(job.started_at)],
              ['Finished', dateTime(job.finished_at)],
              ['Job id', <code>{job.id}</code>],
            ]}
          />
        </section>
        <section aria-labelledby="hp-title" class="panel">
          <h2 id="hp-title">Hyperparameters</h2>
          <Facts
            rows={[
              ['Epochs', hp.epochs ?? '–'],
              ['Batch size', hp.batch_size ?? '–'],
              ['Optimizer', hp.optimizer ?? '–'],
              ['Learning rate', hp.learning_rate ?? '–'],
              ['Seed', hp.seed ?? '–'],
              ['Validation fraction', hp.validation_fraction ?? '–'],
            ]}
          />
        </section>
      </div>

      <section aria-labelledby="spec-title" class="panel">
        <h2 id="spec-title">Model spec</h2>
        <SpecTable spec={job.model} />
      </section>

      <EpochTable job={job} />

      <section aria-labelledby="log-title" class="panel">
        <h2 id="log-title">Event log</h2>
        <EventLog entries={live.log} />
      </section>
    </section>
  );
}

function EpochTable({ job }: { job: Job }) {
  const epochs = job.epochs ?? [];
  if (epochs.length === 0) return null;
  return (
    <section aria-labelledby="epochs-title" class="panel">
      <h2 id="epochs-title">Epochs</h2>
      <div class="table-wrap">
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">Epoch</th>
              <th scope="col" class="num">Train loss</th>
              <th scope="col" class="num">Train acc.</th>
              <th scope="col" class="num">Val. loss</th>
              <th scope="col" class="num">Val. acc.</th>
              <th scope="col" class="num">Samples/s</th>
              <th scope="col" class="num">Seconds</th>
            </tr>
          </thead>
          <tbody>
            {epochs.map((e) => (
              <tr key={e.epoch}>
                <td>{e.epoch}</td>
                <td class="num">{decimal(e.train_loss)}</td>
                <td class="num">{percent(e.train_accuracy)}</td>
                <td class="num">{decimal(e.val_loss)}</td>
                <td class="num">{percent(e.val_accuracy)}</td>
                <td class="num">{e.samples_per_second != null ? Math.round(e.samples_per_second).toLocaleString('en-US') : '–'}</td>
                <td class="num">{e.seconds != null ? e.seconds.toFixed(1) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function EventLog({ entries }: { entries: LogEntry[] }) {
  if (entries.length === 0) return <p class="muted">No events since this page opened. New ones appear here as they happen.</p>;
  return (
    <ol class="log" aria-live="polite" aria-relevant="additions">
      {[...entries].reverse().map((e) => (
        <li key={e.id} class={`log-${e.level}`}>
          <time dateTime={e.at ?? undefined}>{e.at ? new Date(e.at).toLocaleTimeString() : ''}</time> <span>{e.text}</span>
        </li>
      ))}
    </ol>
  );
}
