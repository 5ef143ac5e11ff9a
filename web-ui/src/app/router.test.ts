import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './router';

describe('parseRoute', () => {
  it('reads every page', () => {
    expect(parseRoute('')).toEqual({ page: 'jobs' });
    expect(parseRoute('#/jobs')).toEqual({ page: 'jobs' });
    expect(parseRoute('#/jobs/new')).toEqual({ page: 'new-job' });
    expect(parseRoute('#/jobs/7f3a')).toEqual({ page: 'job', id: '7f3a' });
    expect(parseRoute('#/models/fashion-mnist-classifier/versions/3')).toEqual({ page: 'version', name: 'fashion-mnist-classifier', version: 3 });
    expect(parseRoute('#/models/m/compare?a=1&b=2')).toEqual({ page: 'compare', name: 'm', a: 1, b: 2 });
    expect(parseRoute('#/playground?model=m&ref=production')).toEqual({ page: 'playground', model: 'm', ref: 'production' });
    expect(parseRoute('#/datasets/fashion-mnist')).toEqual({ page: 'dataset', name: 'fashion-mnist' });
    expect(parseRoute('#/workers')).toEqual({ page: 'workers' });
  });

  it('round-trips names that need escaping', () => {
    expect(parseRoute(href.model('my model/v2'))).toEqual({ page: 'model', name: 'my model/v2' });
    expect(parseRoute(href.compare('m', 4, null))).toEqual({ page: 'compare', name: 'm', a: 4, b: null });
  });

  it('says not found for anything else', () => {
    expect(parseRoute('#/models/m/versions/latest')).toEqual({ page: 'not-found', path: '/models/m/versions/latest' });
    expect(parseRoute('#/nope')).toEqual({ page: 'not-found', path: '/nope' });
    expect(parseRoute('#/jobs/%E0%A4%A')).toEqual({ page: 'not-found', path: '/jobs/%E0%A4%A' });
  });
});
