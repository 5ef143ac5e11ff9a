import type { Job } from '../api/types';
import type { JobEvent, StreamMessage } from './events';

/** Builders of job events for tests, with the fields the contracts' records carry. */
let counter = 0;
const id = () => `e-${++counter}`;
const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, second)).toISOString();

type Without<T> = T extends unknown ? Omit<T, 'event_id' | 'job_id' | 'type'> : never;

export function event<T extends JobEvent['type']>(
  type: T,
  fields: Partial<Without<Extract<JobEvent, { type: T }>>> & Record<string, unknown> = {},
  jobId = 'job-1',
): Extract<JobEvent, { type: T }> {
  return { type, event_id: id(), job_id: jobId, occurred_at: at(counter % 60), ...fields } as unknown as Extract<JobEvent, { type: T }>;
}

export const started = (attempt = 1, extra: Record<string, unknown> = {}, jobId?: string) =>
  event('TrainingJobStarted', { attempt, worker: 'worker-a', device: 'cpu', resumed_from_epoch: 0, ...extra }, jobId);
export const epoch = (n: number, extra: Record<string, unknown> = {}, jobId?: string) =>
  event('EpochCompleted', { epoch: n, train_loss: 1 / n, train_accuracy: 0.5 + n / 100, val_loss: 1.1 / n, val_accuracy: 0.45 + n / 100, samples_per_second: 9000, seconds: 6, ...extra }, jobId);
export const batch = (e: number, b: number, of = 10, jobId?: string) =>
  event('BatchProgress', { epoch: e, batch: b, batches_per_epoch: of, loss: 2 - b / of, accuracy: b / of / 2, samples_per_second: 8000 }, jobId);
export const failed = (attempt: number, retryable: boolean, error = 'worker lost') =>
  event('TrainingJobFailed', { attempt, retryable, error, error_code: retryable ? 'UNAVAILABLE' : 'INTERNAL' });

export const msg = (e: JobEvent): StreamMessage => ({ kind: 'event', event: e });

export function queuedJob(extra: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    name: 'fmnist-mlp',
    status: 'QUEUED',
    dataset: 'fashion-mnist',
    hyperparameters: { epochs: 5, batch_size: 64 },
    attempt: 0,
    epochs: [],
    created_at: at(0),
    ...extra,
  };
}
