import type { ModelSpec } from '../spec/layers';

/** The REST resources of API.md, as the UI reads them (snake_case, every field the UI does not need optional). */

export type JobStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export const TERMINAL_STATUSES: readonly JobStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export function isTerminal(status: JobStatus | undefined): boolean {
  return status != null && TERMINAL_STATUSES.includes(status);
}

export type Hyperparameters = {
  epochs?: number;
  batch_size?: number;
  optimizer?: string;
  learning_rate?: number;
  seed?: number;
  validation_fraction?: number;
};

export type EpochMetrics = {
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  val_loss?: number | null;
  val_accuracy?: number | null;
  samples_per_second?: number;
  seconds?: number;
};

export type Job = {
  id: string;
  name?: string | null;
  status: JobStatus;
  dataset?: string;
  model?: ModelSpec;
  hyperparameters?: Hyperparameters;
  resources?: { device?: string };
  register_as?: string | null;
  worker?: string | null;
  device?: string | null;
  attempt?: number;
  epochs?: EpochMetrics[];
  test_accuracy?: number | null;
  test_loss?: number | null;
  error?: string | null;
  error_code?: string | null;
  model_version?: { name: string; version: number } | null;
  created_at?: string | null;
  started_at?: string | null;
  finished_at?: string | null;
};

export type JobPage = { jobs: Job[]; next_page_token?: string | null };

export type Dataset = {
  name: string;
  format?: string;
  input_shape?: number[];
  class_names?: string[];
  split_counts?: Record<string, number>;
  /** Samples per class, per split: {"train": [6000, …]} or {"train": {"T-shirt/top": 6000, …}}. */
  class_counts?: Record<string, number[] | Record<string, number>>;
  created_at?: string;
};

export type Sample = { label: number; class_name?: string; pixels: number[]; shape: number[] };

export type Artifact = { file: string; size_bytes: number; sha256: string };

export type TensorSignature = { name: string; datatype?: string; shape?: number[] };

export type ModelVersion = {
  name?: string;
  version: number;
  status?: string;
  job_id?: string | null;
  dataset?: string | null;
  hyperparameters?: Hyperparameters | null;
  metrics?: Record<string, number | null> | null;
  signature?: { inputs?: TensorSignature[]; outputs?: TensorSignature[] } | null;
  labels?: string[] | null;
  artifacts?: Artifact[];
  aliases?: string[];
  created_at?: string;
  description?: string | null;
};

export type RegisteredModel = {
  name: string;
  description?: string | null;
  latest_version?: number | null;
  aliases?: Record<string, number> | { alias: string; version: number }[];
  created_at?: string;
  updated_at?: string;
};

export type Worker = {
  worker_id: string;
  devices?: string[];
  cores?: number;
  memory_bytes?: number;
  current_job_id?: string | null;
  queue?: string;
  last_seen?: string;
};

/** Aliases of a registered model as alias → version, whichever form the server sends. */
export function aliasMap(model: Pick<RegisteredModel, 'aliases'> | null | undefined): Record<string, number> {
  const aliases = model?.aliases;
  if (aliases == null) return {};
  if (Array.isArray(aliases)) return Object.fromEntries(aliases.map((a) => [a.alias, a.version]));
  return { ...aliases };
}
