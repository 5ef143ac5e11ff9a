import type { AuthState } from './auth';
import { ApiError, problemFrom, unreachable } from './problem';
import type {
  Dataset,
  Job,
  JobPage,
  ModelVersion,
  RegisteredModel,
  Sample,
  Worker,
} from './types';

export type RequestOptions = {
  method?: string;
  /** A JSON value (sent as application/json), or a body fetch takes as it is (FormData, Blob). */
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

const seg = encodeURIComponent;

/**
 * The gateway's REST API, same origin, signed in by cookie. Errors come back as ApiError carrying the problem's
 * detail; a 401 also marks the session signed out.
 */
export class ApiClient {
  constructor(
    readonly auth: AuthState,
    /** '' in the browser (same origin); an absolute origin in tests. */
    readonly baseUrl = '',
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  url(path: string): string {
    return this.baseUrl + path;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response: Response;
    try {
      response = await this.fetcher(this.url(path), {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw unreachable(e);
    }
    const parsed = await readBody(response);
    if (!response.ok) {
      const error = problemFrom(response.status, parsed);
      if (error.unauthorized) this.auth.markSignedOut();
      throw error;
    }
    this.auth.markSignedIn();
    return parsed as T;
  }

  // Jobs
  listJobs(pageToken?: string | null, limit = 50): Promise<JobPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (pageToken) query.set('page_token', pageToken);
    return this.request(`/api/v1/jobs?${query}`);
  }
  getJob(id: string): Promise<Job> {
    return this.request(`/api/v1/jobs/${seg(id)}`);
  }
  submitJob(request: unknown): Promise<Job> {
    return this.request('/api/v1/jobs', { method: 'POST', json: request });
  }
  cancelJob(id: string): Promise<unknown> {
    return this.request(`/api/v1/jobs/${seg(id)}/cancel`, { method: 'POST' });
  }

  // Data sets
  listDatasets(): Promise<{ datasets: Dataset[] }> {
    return this.request('/api/v1/datasets');
  }
  getDataset(name: string): Promise<Dataset> {
    return this.request(`/api/v1/datasets/${seg(name)}`);
  }
  /** Samples of a split; the registry gives the shape once for all of them and labels as strings, each Sample has both. */
  async samples(name: string, split: string, n: number): Promise<{ samples: Sample[] }> {
    type Raw = Omit<Sample, 'shape' | 'label'> & { shape?: number[]; label: number | string };
    const body = await this.request<{ shape?: number[]; samples?: Raw[] }>(`/api/v1/datasets/${seg(name)}/samples?split=${seg(split)}&n=${n}`);
    return { samples: (body.samples ?? []).map((s) => ({ ...s, shape: s.shape ?? body.shape ?? [], label: Number(s.label) })) };
  }

  // Models
  listModels(): Promise<{ models: RegisteredModel[] }> {
    return this.request('/api/v1/models');
  }
  getModel(name: string): Promise<RegisteredModel> {
    return this.request(`/api/v1/models/${seg(name)}`);
  }
  listVersions(name: string): Promise<{ versions: ModelVersion[] }> {
    return this.request(`/api/v1/models/${seg(name)}/versions`);
  }
  getVersion(name: string, version: number | string): Promise<ModelVersion> {
    return this.request(`/api/v1/models/${seg(name)}/versions/${seg(String(version))}`);
  }
  /** The version an alias points to: the registry answers {name, alias, version, model_version}; this returns the model_version. */
  async getAlias(name: string, alias: string): Promise<ModelVersion> {
    const body = await this.request<ModelVersion & { model_version?: ModelVersion }>(`/api/v1/models/${seg(name)}/aliases/${seg(alias)}`);
    return body.model_version ?? body;
  }
  setAlias(name: string, alias: string, version: number): Promise<unknown> {
    return this.request(`/api/v1/models/${seg(name)}/aliases/${seg(alias)}`, { method: 'PUT', json: { version } });
  }
  artifactUrl(name: string, version: number, file: string): string {
    return this.url(`/api/v1/models/${seg(name)}/versions/${version}/artifacts/${seg(file)}`);
  }

  // Workers
  listWorkers(): Promise<{ workers: Worker[] }> {
    return this.request('/api/v1/workers');
  }
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('Content-Type') ?? '';
  const text = await response.text();
  if (text === '') return undefined;
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export { ApiError };
