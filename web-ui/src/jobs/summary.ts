import type { Job } from '../api/types';

/** A short name for a job's model: its registered name, else the template, else the layer count. */
export function modelSummary(job: Pick<Job, 'model' | 'register_as'>): { name: string | null; spec: string } {
  const model = job.model;
  let spec = '–';
  if (model?.template) spec = `${model.template} template`;
  else if (model?.layers) {
    const kinds = new Set(model.layers.map((l) => l?.type));
    const kind = kinds.has('Conv2d') ? 'CNN' : kinds.has('Linear') ? 'MLP' : 'custom';
    spec = `${kind}, ${model.layers.length} layers`;
  }
  return { name: job.register_as ?? null, spec };
}
