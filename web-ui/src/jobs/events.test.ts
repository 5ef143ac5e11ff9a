import { describe, expect, it } from 'vitest';
import { describeEvent, readStreamMessage } from './events';

const sse = (type: string, data: unknown) => ({ type, data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId: '' });

describe('readStreamMessage', () => {
  it('reads a job event, taking its type from the SSE event name', () => {
    const m = readStreamMessage(
      sse('EpochCompleted', { event_id: 'a', job_id: 'j', epoch: 2, train_loss: 0.4, train_accuracy: 0.8, val_loss: null, val_accuracy: null }),
    );

    expect(m).toEqual({
      kind: 'event',
      event: { type: 'EpochCompleted', event_id: 'a', job_id: 'j', epoch: 2, train_loss: 0.4, train_accuracy: 0.8, val_loss: null, val_accuracy: null },
    });
  });

  it('takes the type from the data when the event has no name', () => {
    const m = readStreamMessage(sse('message', { type: 'TrainingJobCancelled', event_id: 'a', job_id: 'j' }));

    expect(m.kind === 'event' && m.event.type).toBe('TrainingJobCancelled');
  });

  it('reads a JobSnapshot, bare or wrapped in "job"', () => {
    expect(readStreamMessage(sse('JobSnapshot', { id: 'j', status: 'RUNNING' }))).toEqual({ kind: 'snapshot', job: { id: 'j', status: 'RUNNING' } });
    expect(readStreamMessage(sse('JobSnapshot', { job: { id: 'j', status: 'QUEUED' } }))).toEqual({ kind: 'snapshot', job: { id: 'j', status: 'QUEUED' } });
    expect(readStreamMessage(sse('JobSnapshot', { status: 'QUEUED' }))).toEqual({
      kind: 'invalid',
      type: 'JobSnapshot',
      reason: 'JobSnapshot needs the job resource with "id" and "status"',
    });
  });

  it('skips event types it does not know', () => {
    expect(readStreamMessage(sse('WorkerHeartbeat', { worker_id: 'w' }))).toEqual({ kind: 'ignored', type: 'WorkerHeartbeat' });
  });

  it('says what is wrong with an event it cannot read', () => {
    expect(readStreamMessage(sse('EpochCompleted', '{not json'))).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('EpochCompleted is not JSON') });
    expect(readStreamMessage(sse('EpochCompleted', [1]))).toMatchObject({ reason: 'EpochCompleted must be a JSON object' });
    expect(readStreamMessage(sse('BatchProgress', { job_id: 'j' }))).toMatchObject({ reason: 'BatchProgress has no "event_id"' });
    expect(readStreamMessage(sse('BatchProgress', { event_id: 'a', job_id: 'j', epoch: 1, batch: '3', batches_per_epoch: 10, loss: 1, accuracy: 0.5 }))).toMatchObject({
      reason: 'BatchProgress needs a number in "batch", got "3"',
    });
  });
});

describe('describeEvent', () => {
  it('writes one readable line per event', () => {
    expect(
      describeEvent({ type: 'EpochCompleted', event_id: 'a', job_id: 'j', epoch: 3, train_loss: 0.31234, train_accuracy: 0.887, val_loss: 0.35, val_accuracy: 0.871, seconds: 6.12 }),
    ).toBe('Epoch 3: train loss 0.3123, accuracy 88.7%; validation loss 0.3500, accuracy 87.1% (6.1 s)');
    expect(describeEvent({ type: 'TrainingJobFailed', event_id: 'a', job_id: 'j', attempt: 1, retryable: true, error: 'worker lost', error_code: 'UNAVAILABLE' })).toBe(
      'Attempt 1 failed (UNAVAILABLE): worker lost — will retry',
    );
  });
});
