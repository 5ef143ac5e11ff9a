import { describe, expect, it } from 'vitest';
import type { StreamMessage } from './events';
import { type LiveJob, MAX_BATCH_POINTS, accuracyOf, applyToJob, emptyLive, mergeSnapshot, progressOf, reduceLive, withJob } from './jobState';
import { batch, epoch, event, failed, msg, queuedJob, started } from './testEvents';

const run = (state: LiveJob, ...messages: StreamMessage[]) => messages.reduce(reduceLive, state);
const snapshot = (job = queuedJob()): StreamMessage => ({ kind: 'snapshot', job });

describe('applyToJob', () => {
  it('runs a job through started, epochs and success', () => {
    let job = queuedJob();
    job = applyToJob(job, started(1));
    job = applyToJob(job, epoch(1));
    job = applyToJob(job, event('TrainingJobSucceeded', { test_accuracy: 0.88, test_loss: 0.33, worker: 'worker-a', device: 'cpu' }));

    expect(job).toMatchObject({ status: 'SUCCEEDED', attempt: 1, worker: 'worker-a', device: 'cpu', test_accuracy: 0.88, error: null });
    expect(job.epochs!.map((e) => e.epoch)).toEqual([1]);
    expect(job.finished_at).toBeTruthy();
  });

  it('never changes a finished job again: the first terminal event wins', () => {
    const cancelled = applyToJob(applyToJob(queuedJob(), started(1)), event('TrainingJobCancelled', { reason: 'by user' }));

    expect(applyToJob(cancelled, event('TrainingJobSucceeded', { test_accuracy: 0.9 })).status).toBe('CANCELLED');
    expect(applyToJob(cancelled, started(2)).status).toBe('CANCELLED');
    expect(cancelled.error).toBe('by user');
  });

  it('sends a retryable failure back to the queue until a higher attempt starts', () => {
    let job = applyToJob(queuedJob(), started(1));
    job = applyToJob(job, failed(1, true, 'worker lost'));
    expect(job).toMatchObject({ status: 'QUEUED', attempt: 1, error: 'worker lost', error_code: 'UNAVAILABLE' });

    // Progress or a replayed start of the failed attempt does not make it RUNNING again...
    expect(applyToJob(job, epoch(1)).status).toBe('QUEUED');
    expect(applyToJob(job, started(1)).status).toBe('QUEUED');
    // ...the next attempt does, and clears the error.
    expect(applyToJob(job, started(2))).toMatchObject({ status: 'RUNNING', attempt: 2, error: null });
  });

  it('fails for good on a failure that cannot be retried', () => {
    const job = applyToJob(applyToJob(queuedJob(), started(1)), failed(1, false, 'out of memory'));

    expect(job).toMatchObject({ status: 'FAILED', error: 'out of memory' });
  });

  it('ignores events of an attempt older than the one it knows', () => {
    const job = applyToJob(queuedJob(), started(2));

    expect(applyToJob(job, started(1))).toBe(job);
    expect(applyToJob(job, failed(1, false))).toBe(job);
  });

  it('treats progress of a queued job as running', () => {
    expect(applyToJob(queuedJob(), batch(1, 1)).status).toBe('RUNNING');
    expect(applyToJob(queuedJob(), event('CheckpointSaved', { epoch: 1 })).status).toBe('RUNNING');
  });

  it('keeps epochs in order and replaces a repeated epoch', () => {
    let job = queuedJob();
    job = applyToJob(job, epoch(2));
    job = applyToJob(job, epoch(1));
    job = applyToJob(job, epoch(2, { train_loss: 0.1 }));

    expect(job.epochs!.map((e) => [e.epoch, e.train_loss])).toEqual([
      [1, 1],
      [2, 0.1],
    ]);
  });
});

describe('reduceLive', () => {
  it('starts from the snapshot and grows the curves per epoch and per batch', () => {
    const state = run(emptyLive(), snapshot(), msg(started(1)), msg(batch(1, 5)), msg(batch(1, 10)), msg(epoch(1)), msg(batch(2, 5)));

    expect(state.job!.status).toBe('RUNNING');
    expect(state.job!.epochs!.map((e) => e.epoch)).toEqual([1]);
    expect(state.batches.map((b) => b.x)).toEqual([0.5, 1, 1.5]);
    expect(state.position).toMatchObject({ epoch: 2, batch: 5, batches_per_epoch: 10 });
    // The log tells the news; batches are the curve, not news.
    expect(state.log.map((l) => l.type)).toEqual(['TrainingJobStarted', 'EpochCompleted']);
  });

  it('applies an event delivered twice only once', () => {
    const e = epoch(1);
    const once = run(emptyLive(), snapshot(), msg(started(1)), msg(e));
    const twice = reduceLive(once, msg(e));

    expect(twice).toBe(once);
  });

  it('holds events that come before the job and applies them once it is known', () => {
    const early = started(1);
    const state = run(emptyLive(), msg(early), msg(batch(1, 3)));
    expect(state.job).toBeNull();
    expect(state.pending).toHaveLength(2);

    const known = reduceLive(state, snapshot());

    expect(known.job!.status).toBe('RUNNING');
    expect(known.pending).toEqual([]);
    expect(known.batches).toHaveLength(1);
    // Still deduplicated afterwards.
    expect(reduceLive(known, msg(early))).toBe(known);
  });

  it('keeps the batch curve and adds snapshot epochs when the stream reconnects', () => {
    const before = run(emptyLive(), snapshot(), msg(started(1)), msg(batch(1, 5)), msg(epoch(1)));
    const job = { ...before.job!, epochs: [...before.job!.epochs!, { epoch: 2, train_loss: 0.4, train_accuracy: 0.8 }] };

    const after = reduceLive(before, snapshot(job));

    expect(after.job!.epochs!.map((e) => e.epoch)).toEqual([1, 2]);
    expect(after.batches).toEqual(before.batches);
  });

  it('drops the history after the checkpoint when a new attempt resumes', () => {
    let state = run(emptyLive(), snapshot(), msg(started(1)), msg(epoch(1)), msg(batch(2, 5)), msg(epoch(2)), msg(batch(3, 4)));
    state = run(state, msg(failed(1, true)), msg(started(2, { resumed_from_epoch: 1 })));

    expect(state.job!.epochs!.map((e) => e.epoch)).toEqual([1]);
    expect(state.batches.every((b) => b.epoch <= 1)).toBe(true);
    expect(state.position).toMatchObject({ epoch: 1 });
    expect(state.log.map((l) => l.level)).toEqual(['info', 'info', 'info', 'warn', 'info']);
  });

  it('ignores events of another job and collects the ones it cannot read', () => {
    const state = run(
      emptyLive(),
      snapshot(),
      msg(epoch(1, {}, 'job-2')),
      { kind: 'invalid', type: 'EpochCompleted', reason: 'EpochCompleted is not JSON' },
      { kind: 'ignored', type: 'Heartbeat' },
    );

    expect(state.job!.epochs).toEqual([]);
    expect(state.problems).toEqual(['EpochCompleted is not JSON']);
  });

  it('keeps a long batch curve bounded by thinning it', () => {
    let state = run(emptyLive(), snapshot(), msg(started(1)));
    for (let b = 1; b <= MAX_BATCH_POINTS + 1; b++) state = reduceLive(state, msg(batch(1, b, MAX_BATCH_POINTS + 1)));

    expect(state.batches.length).toBeLessThanOrEqual(MAX_BATCH_POINTS / 2 + 1);
    expect(state.batches.at(-1)!.x).toBe(1);
  });

  it('does not let a lagging REST answer take a finished job back to running', () => {
    const done = run(emptyLive(), snapshot(), msg(started(1)), msg(epoch(1)), msg(event('TrainingJobSucceeded', { test_accuracy: 0.9 })));
    const lagging = { ...queuedJob(), status: 'RUNNING' as const, attempt: 1, model_version: { name: 'm', version: 3 } };

    const merged = withJob(done, lagging);

    expect(merged.job).toMatchObject({ status: 'SUCCEEDED', test_accuracy: 0.9, model_version: { name: 'm', version: 3 } });
    expect(merged.job!.epochs!.map((e) => e.epoch)).toEqual([1]);
  });
});

describe('mergeSnapshot', () => {
  it('takes the incoming job whole when it is another job', () => {
    const other = queuedJob({ id: 'job-2' });

    expect(mergeSnapshot(queuedJob({ status: 'SUCCEEDED' }), other)).toEqual(other);
  });
});

describe('progressOf and accuracyOf', () => {
  const job = queuedJob({ status: 'RUNNING', hyperparameters: { epochs: 4 } });

  it('counts finished epochs and the batch within the current one', () => {
    expect(progressOf(job, null)).toBe(0);
    expect(progressOf({ ...job, epochs: [{ epoch: 1, train_loss: 1, train_accuracy: 0.5 }] }, null)).toBe(0.25);
    expect(progressOf({ ...job, epochs: [{ epoch: 1, train_loss: 1, train_accuracy: 0.5 }] }, { epoch: 2, batch: 5, batches_per_epoch: 10 })).toBe(0.375);
    expect(progressOf({ ...job, status: 'SUCCEEDED' }, null)).toBe(1);
    expect(progressOf({ ...job, hyperparameters: {} }, null)).toBeNull();
  });

  it('shows the test accuracy, else the latest validation, else training accuracy', () => {
    expect(accuracyOf(job)).toBeNull();
    expect(accuracyOf({ ...job, epochs: [{ epoch: 1, train_loss: 1, train_accuracy: 0.5, val_accuracy: 0.6 }] })).toEqual({ value: 0.6, kind: 'validation' });
    expect(accuracyOf({ ...job, epochs: [{ epoch: 1, train_loss: 1, train_accuracy: 0.5 }] })).toEqual({ value: 0.5, kind: 'train' });
    expect(accuracyOf({ ...job, test_accuracy: 0.88 })).toEqual({ value: 0.88, kind: 'test' });
  });
});
