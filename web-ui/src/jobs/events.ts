import type { SseEvent } from '../api/sse';
import type { Hyperparameters, Job } from '../api/types';
import type { ModelSpec } from '../spec/layers';

/** The job events of contracts/…/events, as the gateway streams them (snake_case JSON, `event:` = the type). */

type Base = { event_id: string; job_id: string; occurred_at?: string };

export type TrainingJobRequested = Base & {
  type: 'TrainingJobRequested';
  name?: string | null;
  dataset?: string;
  model?: ModelSpec;
  hyperparameters?: Hyperparameters;
  resources?: { device?: string };
  register_as?: string | null;
};
export type TrainingJobStarted = Base & {
  type: 'TrainingJobStarted';
  worker?: string | null;
  device?: string | null;
  attempt: number;
  resumed_from_epoch?: number;
};
export type EpochCompleted = Base & {
  type: 'EpochCompleted';
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  val_loss?: number | null;
  val_accuracy?: number | null;
  samples_per_second?: number;
  seconds?: number;
};
export type BatchProgress = Base & {
  type: 'BatchProgress';
  epoch: number;
  batch: number;
  batches_per_epoch: number;
  loss: number;
  accuracy: number;
  samples_per_second?: number;
};
export type CheckpointSaved = Base & { type: 'CheckpointSaved'; epoch: number; uri?: string };
export type TrainingJobSucceeded = Base & {
  type: 'TrainingJobSucceeded';
  worker?: string | null;
  device?: string | null;
  test_accuracy?: number | null;
  test_loss?: number | null;
  artifacts?: { file: string; size_bytes?: number; sha256?: string }[];
  register_as?: string | null;
};
export type TrainingJobFailed = Base & {
  type: 'TrainingJobFailed';
  error?: string | null;
  error_code?: string | null;
  attempt: number;
  retryable?: boolean;
};
export type TrainingJobCancelled = Base & { type: 'TrainingJobCancelled'; reason?: string | null };

export type JobEvent =
  | TrainingJobRequested
  | TrainingJobStarted
  | EpochCompleted
  | BatchProgress
  | CheckpointSaved
  | TrainingJobSucceeded
  | TrainingJobFailed
  | TrainingJobCancelled;

export const JOB_EVENT_TYPES: readonly JobEvent['type'][] = [
  'TrainingJobRequested',
  'TrainingJobStarted',
  'EpochCompleted',
  'BatchProgress',
  'CheckpointSaved',
  'TrainingJobSucceeded',
  'TrainingJobFailed',
  'TrainingJobCancelled',
];

/** What one SSE event means for the UI. */
export type StreamMessage =
  | { kind: 'event'; event: JobEvent }
  | { kind: 'snapshot'; job: Job }
  /** A well-formed event the UI has no use for (e.g. a heartbeat, or a type added later). */
  | { kind: 'ignored'; type: string }
  /** An event that could not be read; reason says why. */
  | { kind: 'invalid'; type: string; reason: string };

const NUMBER_FIELDS: Partial<Record<JobEvent['type'], string[]>> = {
  TrainingJobStarted: ['attempt'],
  EpochCompleted: ['epoch', 'train_loss', 'train_accuracy'],
  BatchProgress: ['epoch', 'batch', 'batches_per_epoch', 'loss', 'accuracy'],
  CheckpointSaved: ['epoch'],
  TrainingJobFailed: ['attempt'],
};

/** Reads one SSE event of a job stream: a JobSnapshot, a job event, or something to skip, checked field by field. */
export function readStreamMessage(sse: SseEvent): StreamMessage {
  let data: unknown;
  try {
    data = JSON.parse(sse.data);
  } catch (e) {
    return { kind: 'invalid', type: sse.type, reason: `${sse.type} is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { kind: 'invalid', type: sse.type, reason: `${sse.type} must be a JSON object` };
  }
  const record = data as Record<string, unknown>;
  const type = sse.type === 'message' && typeof record.type === 'string' ? record.type : sse.type;
  if (type === 'JobSnapshot') {
    const job = (typeof record.job === 'object' && record.job !== null ? record.job : record) as Record<string, unknown>;
    if (typeof job.id !== 'string' || typeof job.status !== 'string') {
      return { kind: 'invalid', type, reason: 'JobSnapshot needs the job resource with "id" and "status"' };
    }
    return { kind: 'snapshot', job: job as unknown as Job };
  }
  if (!(JOB_EVENT_TYPES as readonly string[]).includes(type)) return { kind: 'ignored', type };
  for (const field of ['event_id', 'job_id']) {
    if (typeof record[field] !== 'string' || record[field] === '') {
      return { kind: 'invalid', type, reason: `${type} has no "${field}"` };
    }
  }
  for (const field of NUMBER_FIELDS[type as JobEvent['type']] ?? []) {
    if (typeof record[field] !== 'number' || !Number.isFinite(record[field])) {
      return { kind: 'invalid', type, reason: `${type} needs a number in "${field}", got ${JSON.stringify(record[field] ?? null)}` };
    }
  }
  return { kind: 'event', event: { ...record, type } as JobEvent };
}

const pct = (v: number | null | undefined) => (v == null ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined, digits = 4) => (v == null ? '–' : v.toFixed(digits));

/** One line for the event log. */
export function describeEvent(e: JobEvent): string {
  switch (e.type) {
    case 'TrainingJobRequested':
      return `Submitted: ${e.dataset ?? 'data set ?'}, ${e.hyperparameters?.epochs ?? '?'} epochs, device ${e.resources?.device ?? 'auto'}`;
    case 'TrainingJobStarted':
      return `Attempt ${e.attempt} started on ${e.worker ?? 'a worker'} (${e.device ?? 'device ?'})${e.resumed_from_epoch ? `, resumed after epoch ${e.resumed_from_epoch}` : ''}`;
    case 'EpochCompleted':
      return `Epoch ${e.epoch}: train loss ${num(e.train_loss)}, accuracy ${pct(e.train_accuracy)}; validation loss ${num(e.val_loss)}, accuracy ${pct(e.val_accuracy)}${e.seconds != null ? ` (${e.seconds.toFixed(1)} s)` : ''}`;
    case 'BatchProgress':
      return `Epoch ${e.epoch}, batch ${e.batch}/${e.batches_per_epoch}: loss ${num(e.loss)}, accuracy ${pct(e.accuracy)}`;
    case 'CheckpointSaved':
      return `Checkpoint saved after epoch ${e.epoch}`;
    case 'TrainingJobSucceeded':
      return `Succeeded: test accuracy ${pct(e.test_accuracy)}, test loss ${num(e.test_loss)}${e.register_as ? `; registering as ${e.register_as}` : ''}`;
    case 'TrainingJobFailed':
      return `Attempt ${e.attempt} failed${e.error_code ? ` (${e.error_code})` : ''}: ${e.error ?? 'no reason given'}${e.retryable ? ' — will retry' : ''}`;
    case 'TrainingJobCancelled':
      return `Cancelled${e.reason ? `: ${e.reason}` : ''}`;
  }
}
