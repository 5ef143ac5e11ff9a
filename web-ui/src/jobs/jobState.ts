import { type EpochMetrics, type Job, isTerminal } from '../api/types';
import { type JobEvent, type StreamMessage, describeEvent } from './events';

/**
 * Events → job state, as pure functions. The transitions follow the registry's projection (JobTransitions), so the
 * page shows what the server will report: a terminal status never changes; a retryable failure sends the job back
 * to QUEUED until a higher attempt starts; events of an older attempt change nothing; progress of a queued job
 * means it runs. Applying the same event twice changes nothing.
 */

/** Where training is within the run, from the latest BatchProgress or EpochCompleted. */
export type Position = { epoch: number; batch: number; batches_per_epoch: number; samples_per_second?: number };

function mergeEpoch(epochs: readonly EpochMetrics[] | undefined, point: EpochMetrics): EpochMetrics[] {
  const others = (epochs ?? []).filter((e) => e.epoch !== point.epoch);
  return [...others, point].sort((a, b) => a.epoch - b.epoch);
}

function requeuedAfterFailure(job: Job): boolean {
  return job.status === 'QUEUED' && job.error != null;
}

/** One event applied to a job resource. */
export function applyToJob(job: Job, e: JobEvent): Job {
  if (isTerminal(job.status)) {
    // Finished is final, but late facts about the finish itself may still fill in (e.g. the test accuracy).
    return e.type === 'EpochCompleted' ? { ...job, epochs: mergeEpoch(job.epochs, epochOf(e)) } : job;
  }
  const attempt = job.attempt ?? 0;
  switch (e.type) {
    case 'TrainingJobRequested':
      return {
        ...job,
        name: job.name ?? e.name,
        dataset: job.dataset ?? e.dataset,
        model: job.model ?? e.model,
        hyperparameters: job.hyperparameters ?? e.hyperparameters,
        resources: job.resources ?? e.resources,
        register_as: job.register_as ?? e.register_as,
        created_at: job.created_at ?? e.occurred_at,
      };
    case 'TrainingJobStarted': {
      const stale = e.attempt < attempt || (requeuedAfterFailure(job) && e.attempt <= attempt);
      if (stale) return job;
      const resumed = e.resumed_from_epoch ?? 0;
      const epochs = e.attempt > attempt ? (job.epochs ?? []).filter((p) => p.epoch <= resumed) : job.epochs;
      return {
        ...job,
        status: 'RUNNING',
        attempt: e.attempt,
        worker: e.worker ?? null,
        device: e.device ?? null,
        error: null,
        error_code: null,
        started_at: job.started_at ?? e.occurred_at,
        finished_at: null,
        epochs,
      };
    }
    case 'EpochCompleted':
      return progressed({ ...job, epochs: mergeEpoch(job.epochs, epochOf(e)) });
    case 'CheckpointSaved':
      return progressed(job);
    case 'BatchProgress':
      return progressed(job);
    case 'TrainingJobSucceeded':
      return {
        ...job,
        status: 'SUCCEEDED',
        worker: e.worker ?? job.worker,
        device: e.device ?? job.device,
        error: null,
        error_code: null,
        finished_at: e.occurred_at ?? job.finished_at,
        test_accuracy: e.test_accuracy ?? null,
        test_loss: e.test_loss ?? null,
        register_as: job.register_as ?? e.register_as,
      };
    case 'TrainingJobFailed':
      if (e.attempt < attempt) return job;
      return {
        ...job,
        status: e.retryable ? 'QUEUED' : 'FAILED',
        attempt: e.attempt,
        error: e.error ?? `attempt ${e.attempt} failed`,
        error_code: e.error_code ?? null,
        finished_at: e.retryable ? null : (e.occurred_at ?? null),
      };
    case 'TrainingJobCancelled':
      return { ...job, status: 'CANCELLED', error: e.reason ?? null, finished_at: e.occurred_at ?? null };
  }
}

function progressed(job: Job): Job {
  return job.status === 'QUEUED' && !requeuedAfterFailure(job) ? { ...job, status: 'RUNNING' } : job;
}

function epochOf(e: Extract<JobEvent, { type: 'EpochCompleted' }>): EpochMetrics {
  return {
    epoch: e.epoch,
    train_loss: e.train_loss,
    train_accuracy: e.train_accuracy,
    val_loss: e.val_loss ?? null,
    val_accuracy: e.val_accuracy ?? null,
    samples_per_second: e.samples_per_second,
    seconds: e.seconds,
  };
}

/** The position an event reveals, if it is newer than the one known. */
export function nextPosition(current: Position | null, e: JobEvent): Position | null {
  let candidate: Position | null = null;
  if (e.type === 'BatchProgress') {
    candidate = { epoch: e.epoch, batch: e.batch, batches_per_epoch: e.batches_per_epoch, samples_per_second: e.samples_per_second };
  } else if (e.type === 'EpochCompleted') {
    const per = current?.batches_per_epoch ?? 1;
    candidate = { epoch: e.epoch, batch: per, batches_per_epoch: per, samples_per_second: e.samples_per_second };
  } else if (e.type === 'TrainingJobStarted' && e.resumed_from_epoch) {
    const per = current?.batches_per_epoch ?? 1;
    return { epoch: e.resumed_from_epoch, batch: per, batches_per_epoch: per };
  }
  if (candidate == null) return current;
  if (current == null) return candidate;
  const at = (p: Position) => p.epoch - 1 + p.batch / p.batches_per_epoch;
  return at(candidate) >= at(current) ? candidate : current;
}

/** Share of training done, 0..1, or null when the job does not say how many epochs it runs. */
export function progressOf(job: Job, position: Position | null): number | null {
  if (job.status === 'SUCCEEDED') return 1;
  const total = job.hyperparameters?.epochs;
  if (!total || total <= 0) return null;
  const completed = Math.max(0, ...(job.epochs ?? []).map((e) => e.epoch));
  let done = completed;
  if (position && position.epoch > completed && position.batches_per_epoch > 0) {
    done = position.epoch - 1 + Math.min(1, position.batch / position.batches_per_epoch);
  }
  return Math.min(1, Math.max(0, done / total));
}

/** The accuracy to show for a job: test accuracy when it has one, else the latest validation (or training) accuracy. */
export function accuracyOf(job: Job): { value: number; kind: 'test' | 'validation' | 'train' } | null {
  if (job.test_accuracy != null) return { value: job.test_accuracy, kind: 'test' };
  const last = (job.epochs ?? []).at(-1);
  if (last == null) return null;
  if (last.val_accuracy != null) return { value: last.val_accuracy, kind: 'validation' };
  return { value: last.train_accuracy, kind: 'train' };
}

/** A batch of the live curves: x is the fractional epoch, (epoch - 1) + batch / batches_per_epoch. */
export type BatchPoint = { x: number; epoch: number; batch: number; loss: number; accuracy: number };

export type LogEntry = { id: string; type: string; at: string | null; text: string; level: 'info' | 'warn' | 'error' };

/** Everything the job page knows: the job resource kept up to date, the live batch curve and the event log. */
export type LiveJob = {
  job: Job | null;
  position: Position | null;
  batches: BatchPoint[];
  log: LogEntry[];
  /** Event ids already applied (a bounded window), to skip the repeats of at-least-once delivery and reconnects. */
  seen: string[];
  /** Events that came before the job itself; applied once it is known. */
  pending: JobEvent[];
  /** Stream events that could not be read. */
  problems: string[];
};

export const SEEN_WINDOW = 4096;
export const MAX_BATCH_POINTS = 5000;
export const MAX_LOG = 500;

export function emptyLive(job: Job | null = null): LiveJob {
  return { job, position: null, batches: [], log: [], seen: [], pending: [], problems: [] };
}

function addBatch(batches: BatchPoint[], e: Extract<JobEvent, { type: 'BatchProgress' }>): BatchPoint[] {
  if (!(e.batches_per_epoch > 0)) return batches;
  const point: BatchPoint = { x: e.epoch - 1 + e.batch / e.batches_per_epoch, epoch: e.epoch, batch: e.batch, loss: e.loss, accuracy: e.accuracy };
  const next = batches.filter((b) => !(b.epoch === e.epoch && b.batch === e.batch));
  // Insert in x order (events usually come in order, so search from the end).
  let i = next.length;
  while (i > 0 && next[i - 1].x > point.x) i--;
  next.splice(i, 0, point);
  return next.length > MAX_BATCH_POINTS ? thin(next) : next;
}

/** Halves a long batch curve by keeping every other point (the last one always). */
function thin(points: BatchPoint[]): BatchPoint[] {
  return points.filter((_, i) => i % 2 === 1 || i === points.length - 1);
}

function logEntry(e: JobEvent): LogEntry {
  const level = e.type === 'TrainingJobFailed' ? (e.retryable ? 'warn' : 'error') : e.type === 'TrainingJobCancelled' ? 'warn' : 'info';
  return { id: e.event_id, type: e.type, at: e.occurred_at ?? null, text: describeEvent(e), level };
}

function applyEvent(state: LiveJob, e: JobEvent): LiveJob {
  if (state.seen.includes(e.event_id)) return state;
  const seen = [...state.seen, e.event_id].slice(-SEEN_WINDOW);
  if (state.job == null) return { ...state, seen, pending: [...state.pending, e] };
  if (state.job.id !== e.job_id) return state;
  const before = state.job;
  const job = applyToJob(before, e);
  let batches = state.batches;
  if (e.type === 'BatchProgress' && !isTerminal(before.status)) batches = addBatch(batches, e);
  // A new attempt resumes from its checkpoint: what the old attempt did after it is no longer the run's history.
  const restarted = e.type === 'TrainingJobStarted' && job !== before && e.attempt > (before.attempt ?? 0);
  if (restarted) batches = batches.filter((b) => b.epoch <= (e.resumed_from_epoch ?? 0));
  const position = isTerminal(before.status) ? state.position : nextPosition(restarted ? null : state.position, e);
  // BatchProgress is the curve, not news: it stays out of the log.
  const log = e.type === 'BatchProgress' ? state.log : [...state.log, logEntry(e)].slice(-MAX_LOG);
  return { ...state, job, batches, position, log, seen };
}

/** One stream message applied to the page state. */
export function reduceLive(state: LiveJob, message: StreamMessage): LiveJob {
  switch (message.kind) {
    case 'snapshot': {
      // The snapshot is the server's current state: it replaces the job and keeps the batch curve; events that came
      // before it replay on top (they change nothing the snapshot already holds).
      const pendingIds = new Set(state.pending.map((p) => p.event_id));
      let next: LiveJob = {
        ...state,
        job: mergeSnapshot(state.job, message.job),
        pending: [],
        seen: state.seen.filter((id) => !pendingIds.has(id)),
      };
      for (const e of state.pending) next = applyEvent(next, e);
      return next;
    }
    case 'event':
      return applyEvent(state, message.event);
    case 'invalid':
      return { ...state, problems: [...state.problems, message.reason].slice(-20) };
    case 'ignored':
      return state;
  }
}

/**
 * The job from a snapshot or a REST answer, merged with what the stream already told: epochs join by number, and a
 * job the stream saw finish is not taken back to running by an answer that lags behind (the registry's projection
 * can trail the gateway's stream by a moment).
 */
export function mergeSnapshot(current: Job | null, incoming: Job): Job {
  const epochs = new Map<number, EpochMetrics>();
  if (current?.id === incoming.id) for (const e of current.epochs ?? []) epochs.set(e.epoch, e);
  for (const e of incoming.epochs ?? []) epochs.set(e.epoch, e);
  const merged: Job = { ...incoming, epochs: [...epochs.values()].sort((a, b) => a.epoch - b.epoch) };
  if (current?.id === incoming.id && isTerminal(current.status) && !isTerminal(incoming.status)) {
    return {
      ...merged,
      status: current.status,
      error: current.error,
      error_code: current.error_code,
      finished_at: current.finished_at,
      test_accuracy: incoming.test_accuracy ?? current.test_accuracy,
      test_loss: incoming.test_loss ?? current.test_loss,
      worker: incoming.worker ?? current.worker,
      device: incoming.device ?? current.device,
    };
  }
  return merged;
}

/** Sets the job from a REST answer (when no snapshot came, or to refresh after it finished). */
export function withJob(state: LiveJob, job: Job): LiveJob {
  return reduceLive(state, { kind: 'snapshot', job });
}
