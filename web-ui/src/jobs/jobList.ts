import type { Job } from '../api/types';
import type { StreamMessage } from './events';
import { type Position, applyToJob, mergeSnapshot, nextPosition } from './jobState';

/**
 * The jobs table, kept live from the all-jobs event stream: events update their job's row in place, a newly
 * submitted job appears at the top, and an event of a job the table has not seen asks for that job to be fetched.
 */
export type JobRow = { job: Job; position: Position | null };

export type JobListState = {
  rows: JobRow[];
  nextPageToken: string | null;
  /** Event ids applied (a bounded window). */
  seen: string[];
  /** Jobs the stream spoke of that the table does not hold yet: fetch them and upsert. */
  missing: string[];
};

const SEEN_WINDOW = 4096;

export function emptyList(): JobListState {
  return { rows: [], nextPageToken: null, seen: [], missing: [] };
}

function newestFirst(a: JobRow, b: JobRow): number {
  const ta = a.job.created_at ? Date.parse(a.job.created_at) : Number.NaN;
  const tb = b.job.created_at ? Date.parse(b.job.created_at) : Number.NaN;
  if (Number.isNaN(ta) && Number.isNaN(tb)) return 0;
  if (Number.isNaN(ta)) return -1;
  if (Number.isNaN(tb)) return 1;
  return tb - ta;
}

/** Adds or refreshes jobs from a REST answer (the first page, a further page, or one fetched job). */
export function upsertJobs(state: JobListState, jobs: readonly Job[], nextPageToken?: string | null): JobListState {
  const rows = [...state.rows];
  for (const job of jobs) {
    const i = rows.findIndex((r) => r.job.id === job.id);
    if (i >= 0) rows[i] = { ...rows[i], job: mergeSnapshot(rows[i].job, job) };
    else rows.push({ job, position: null });
  }
  const ids = new Set(jobs.map((j) => j.id));
  return {
    ...state,
    rows: rows.sort(newestFirst),
    missing: state.missing.filter((id) => !ids.has(id)),
    nextPageToken: nextPageToken === undefined ? state.nextPageToken : nextPageToken,
  };
}

/** One message of the all-jobs stream applied to the table. */
export function reduceList(state: JobListState, message: StreamMessage): JobListState {
  if (message.kind === 'snapshot') return upsertJobs(state, [message.job]);
  if (message.kind !== 'event') return state;
  const e = message.event;
  if (state.seen.includes(e.event_id)) return state;
  const seen = [...state.seen, e.event_id].slice(-SEEN_WINDOW);
  const i = state.rows.findIndex((r) => r.job.id === e.job_id);
  if (i < 0) {
    if (e.type === 'TrainingJobRequested') {
      const job = applyToJob({ id: e.job_id, status: 'QUEUED', attempt: 0, created_at: e.occurred_at ?? null }, e);
      return { ...state, seen, rows: [{ job, position: null }, ...state.rows].sort(newestFirst) };
    }
    const missing = state.missing.includes(e.job_id) ? state.missing : [...state.missing, e.job_id];
    return { ...state, seen, missing };
  }
  const row = state.rows[i];
  const job = applyToJob(row.job, e);
  const restarted = e.type === 'TrainingJobStarted' && job !== row.job && e.attempt > (row.job.attempt ?? 0);
  const position = nextPosition(restarted ? null : row.position, e);
  if (job === row.job && position === row.position) return { ...state, seen };
  const rows = [...state.rows];
  rows[i] = { job, position };
  return { ...state, seen, rows };
}
