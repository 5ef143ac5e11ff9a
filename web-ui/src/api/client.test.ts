import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthState } from './auth';
import { ApiClient } from './client';
import { ApiError } from './problem';

// The REST client against a real HTTP server on the loopback.

let server: Server;
let base: string;
const seen: { method: string; url: string; body: string; type: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body, type: req.headers['content-type'] });
      const send = (status: number, json: unknown, type = 'application/json') => {
        res.writeHead(status, { 'Content-Type': type });
        res.end(json === undefined ? '' : JSON.stringify(json));
      };
      if (req.url === '/api/v1/jobs' && req.method === 'POST') return send(202, { id: 'j-1', status: 'QUEUED' });
      if (req.url === '/api/v1/jobs/j%2F1') return send(200, { id: 'j/1', status: 'RUNNING' });
      if (req.url === '/api/v1/jobs/done/cancel') {
        return send(409, { title: 'Conflict', status: 409, detail: 'job done has already finished', error_code: 'FAILED_PRECONDITION' }, 'application/problem+json');
      }
      if (req.url === '/api/v1/models/m/aliases/production' && req.method === 'PUT') return send(204, undefined);
      if (req.url === '/api/v1/datasets/d/samples?split=test&n=2') {
        return send(200, { dataset: 'd', split: 'test', shape: [1, 1, 2], samples: [{ index: 0, label: '9', class_name: 'Ankle boot', pixels: [0, 255] }] });
      }
      if (req.url === '/api/v1/models/m/aliases/production' && req.method === 'GET') {
        return send(200, { name: 'm', alias: 'production', version: 2, model_version: { name: 'm', version: 2, dataset: 'fashion-mnist' } });
      }
      if (req.url === '/api/v1/workers') {
        res.writeHead(401, { 'Content-Type': 'application/problem+json' });
        return res.end('{"title":"Unauthorized","detail":"missing or invalid API key"}');
      }
      send(404, { title: 'Not Found', detail: `no route ${req.url}` }, 'application/problem+json');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('ApiClient', () => {
  it('posts JSON and reads the answer', async () => {
    const api = new ApiClient(new AuthState(), base);

    const job = await api.submitJob({ dataset: 'fashion-mnist', model: { template: 'mlp' } });

    expect(job).toEqual({ id: 'j-1', status: 'QUEUED' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', type: 'application/json', body: '{"dataset":"fashion-mnist","model":{"template":"mlp"}}' });
  });

  it('reads the version an alias points to out of the registry answer', async () => {
    const version = await new ApiClient(new AuthState(), base).getAlias('m', 'production');

    expect(version).toEqual({ name: 'm', version: 2, dataset: 'fashion-mnist' });
  });

  it('gives every sample the shape the registry names once for the split, and a numeric label', async () => {
    const { samples } = await new ApiClient(new AuthState(), base).samples('d', 'test', 2);

    expect(samples).toEqual([{ index: 0, label: 9, class_name: 'Ankle boot', pixels: [0, 255], shape: [1, 1, 2] }]);
  });

  it('escapes ids in paths', async () => {
    expect(await new ApiClient(new AuthState(), base).getJob('j/1')).toEqual({ id: 'j/1', status: 'RUNNING' });
  });

  it('turns a problem answer into an error with its detail and code', async () => {
    const error = await new ApiClient(new AuthState(), base).cancelJob('done').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, detail: 'job done has already finished', errorCode: 'FAILED_PRECONDITION' });
  });

  it('accepts an empty 204 answer', async () => {
    await expect(new ApiClient(new AuthState(), base).setAlias('m', 'production', 3)).resolves.toBeUndefined();
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', body: '{"version":3}' });
  });

  it('marks the session signed out on 401 and signed in again on the next success', async () => {
    const auth = new AuthState();
    const api = new ApiClient(auth, base);

    await expect(api.listWorkers()).rejects.toMatchObject({ status: 401, detail: 'missing or invalid API key' });
    expect(auth.isSignedOut).toBe(true);

    await api.getJob('j/1');
    expect(auth.isSignedOut).toBe(false);
  });

  it('says the gateway is unreachable when nothing answers', async () => {
    const error = await new ApiClient(new AuthState(), 'http://127.0.0.1:9').listJobs().catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 0 });
    expect((error as ApiError).detail).toMatch(/^Could not reach the Kiln gateway \(.+\)\. Is the local stack running\?$/);
  });
});
