import { useEffect, useState } from 'preact/hooks';

/** Hash routes (#/jobs/abc?x=1), so the gateway serves one index.html at / and deep links still work. */
export type Route =
  | { page: 'jobs' }
  | { page: 'job'; id: string }
  | { page: 'new-job' }
  | { page: 'models' }
  | { page: 'model'; name: string }
  | { page: 'version'; name: string; version: number }
  | { page: 'compare'; name: string; a: number | null; b: number | null }
  | { page: 'playground'; model: string | null; ref: string | null }
  | { page: 'datasets' }
  | { page: 'dataset'; name: string }
  | { page: 'workers' }
  | { page: 'not-found'; path: string };

function version(text: string | null | undefined): number | null {
  return text != null && /^\d+$/.test(text) ? Number(text) : null;
}

/** Reads a location hash into a route. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  let parts: string[];
  try {
    parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  } catch {
    return { page: 'not-found', path };
  }
  const [first, second, third, fourth] = parts;
  switch (first) {
    case undefined:
    case 'jobs':
      if (second == null) return { page: 'jobs' };
      if (second === 'new' && third == null) return { page: 'new-job' };
      if (third == null) return { page: 'job', id: second };
      break;
    case 'models':
      if (second == null) return { page: 'models' };
      if (third == null) return { page: 'model', name: second };
      if (third === 'versions' && version(fourth) != null && parts.length === 4) return { page: 'version', name: second, version: version(fourth)! };
      if (third === 'compare' && fourth == null) return { page: 'compare', name: second, a: version(query.get('a')), b: version(query.get('b')) };
      break;
    case 'playground':
      if (second == null) return { page: 'playground', model: query.get('model'), ref: query.get('ref') };
      break;
    case 'datasets':
      if (second == null) return { page: 'datasets' };
      if (third == null) return { page: 'dataset', name: second };
      break;
    case 'workers':
      if (second == null) return { page: 'workers' };
      break;
  }
  return { page: 'not-found', path };
}

const enc = encodeURIComponent;

/** The href of a route, for links. */
export const href = {
  jobs: () => '#/jobs',
  job: (id: string) => `#/jobs/${enc(id)}`,
  newJob: () => '#/jobs/new',
  models: () => '#/models',
  model: (name: string) => `#/models/${enc(name)}`,
  version: (name: string, v: number) => `#/models/${enc(name)}/versions/${v}`,
  compare: (name: string, a?: number | null, b?: number | null) => {
    const query = new URLSearchParams();
    if (a != null) query.set('a', String(a));
    if (b != null) query.set('b', String(b));
    const text = query.toString();
    return `#/models/${enc(name)}/compare${text ? `?${text}` : ''}`;
  },
  playground: (model?: string | null, ref?: string | null) => {
    const query = new URLSearchParams();
    if (model) query.set('model', model);
    if (ref) query.set('ref', ref);
    const text = query.toString();
    return `#/playground${text ? `?${text}` : ''}`;
  },
  datasets: () => '#/datasets',
  dataset: (name: string) => `#/datasets/${enc(name)}`,
  workers: () => '#/workers',
};

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
