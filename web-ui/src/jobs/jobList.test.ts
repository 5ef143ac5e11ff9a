import { describe, expect, it } from 'vitest';
import { emptyList, reduceList, upsertJobs } from './jobList';
import { batch, epoch, event, msg, queuedJob, started } from './testEvents';

describe('jobs table state', () => {
  const page = upsertJobs(emptyList(), [queuedJob({ id: 'old', created_at: '2025-01-01T10:00:00Z' }), queuedJob({ id: 'job-1', created_at: '2025-01-01T11:00:00Z' })], 'next');

  it('lists the first page newest first and keeps the page token', () => {
    expect(page.rows.map((r) => r.job.id)).toEqual(['job-1', 'old']);
    expect(page.nextPageToken).toBe('next');
  });

  it('updates a row from its events without reloading', () => {
    let state = reduceList(page, msg(started(1, { worker: 'w-7', device: 'cuda:0' })));
    state = reduceList(state, msg(epoch(1, { val_accuracy: 0.84 })));
    state = reduceList(state, msg(batch(2, 5, 10)));

    const row = state.rows.find((r) => r.job.id === 'job-1')!;
    expect(row.job).toMatchObject({ status: 'RUNNING', worker: 'w-7', device: 'cuda:0' });
    expect(row.job.epochs!.map((e) => e.val_accuracy)).toEqual([0.84]);
    expect(row.position).toMatchObject({ epoch: 2, batch: 5 });
    expect(state.rows.find((r) => r.job.id === 'old')).toBe(page.rows.find((r) => r.job.id === 'old'));
  });

  it('adds a newly submitted job at the top from its request event', () => {
    const state = reduceList(
      page,
      msg(event('TrainingJobRequested', { name: 'new-cnn', dataset: 'fashion-mnist', hyperparameters: { epochs: 3 }, occurred_at: '2025-01-01T12:00:00Z' }, 'job-new')),
    );

    expect(state.rows[0].job).toMatchObject({ id: 'job-new', name: 'new-cnn', status: 'QUEUED', dataset: 'fashion-mnist', created_at: '2025-01-01T12:00:00Z' });
  });

  it('asks to fetch a job it hears of but does not hold, once, and forgets the ask when it arrives', () => {
    let state = reduceList(page, msg(epoch(1, {}, 'job-x')));
    state = reduceList(state, msg(epoch(2, {}, 'job-x')));
    expect(state.missing).toEqual(['job-x']);

    state = upsertJobs(state, [queuedJob({ id: 'job-x', status: 'RUNNING', created_at: '2025-01-01T09:00:00Z' })]);

    expect(state.missing).toEqual([]);
    expect(state.rows.map((r) => r.job.id)).toEqual(['job-1', 'old', 'job-x']);
    expect(state.nextPageToken).toBe('next');
  });

  it('applies a repeated event once', () => {
    const e = event('TrainingJobCancelled', { reason: 'user' });
    const once = reduceList(page, msg(e));

    expect(reduceList(once, msg(e))).toBe(once);
    expect(once.rows[0].job.status).toBe('CANCELLED');
  });

  it('takes a snapshot on the all-jobs stream as an upsert', () => {
    const state = reduceList(page, { kind: 'snapshot', job: queuedJob({ id: 'job-1', status: 'RUNNING', worker: 'w' }) });

    expect(state.rows[0].job).toMatchObject({ id: 'job-1', status: 'RUNNING', worker: 'w' });
  });
});
