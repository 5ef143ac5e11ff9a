import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SseEvent } from './sse';
import { type StreamStatus, backoffDelay, openStream } from './stream';

// The stream client against a real HTTP server on the loopback, speaking text/event-stream.

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

let server: Server | null = null;

async function serve(handler: Handler): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  server = createServer((req, res) => {
    requests.push(req);
    handler(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v1/jobs/j1/events`, requests };
}

afterEach(async () => {
  const running = server;
  server = null;
  if (running == null) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

const sse = (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });

/** Runs retries at once (on the next turn) and records the delays asked for; after `limit` retries it stops. */
function recordingSchedule(delays: number[], limit = Number.POSITIVE_INFINITY) {
  return (run: () => void, ms: number) => {
    delays.push(ms);
    if (delays.length > limit) return () => {};
    const t = setTimeout(run, 0);
    return () => clearTimeout(t);
  };
}

function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (condition()) resolve();
      else if (Date.now() - start > ms) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

const noJitter = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0 };

describe('openStream', () => {
  it('delivers events, and after the server closes reconnects with Last-Event-ID', async () => {
    const { url, requests } = await serve((_req, res, n) => {
      sse(res);
      if (n === 1) {
        res.write('event: JobSnapshot\nid: 1\ndata: {"id":"j1"}\n\n');
        res.end('event: EpochCompleted\nid: 2\ndata: {"epoch":1}\n\n');
      } else {
        res.write('event: EpochCompleted\nid: 3\ndata: {"epoch":2}\n\n');
      }
    });
    const events: SseEvent[] = [];
    const delays: number[] = [];
    const statuses: StreamStatus[] = [];
    const stream = openStream({ url, onEvent: (e) => events.push(e), onStatus: (s) => statuses.push(s), schedule: recordingSchedule(delays, 1), backoff: noJitter });

    await until(() => events.length === 3, 'three events');
    stream.close();

    expect(events.map((e) => e.type)).toEqual(['JobSnapshot', 'EpochCompleted', 'EpochCompleted']);
    expect(requests[0].headers.accept).toBe('text/event-stream');
    expect(requests[0].headers['last-event-id']).toBeUndefined();
    expect(requests[1].headers['last-event-id']).toBe('2');
    // Events flowed before the close, so the first retry waits the initial delay.
    expect(delays).toEqual([1000]);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'open', 'retrying', 'connecting', 'open', 'closed']);
  });

  it('backs off exponentially while the server fails, and resets once events flow', async () => {
    const { url } = await serve((_req, res, n) => {
      if (n <= 3) {
        res.writeHead(503, { 'Content-Type': 'application/problem+json' });
        res.end(JSON.stringify({ title: 'Unavailable', detail: 'registry is starting' }));
        return;
      }
      sse(res);
      res.end('event: BatchProgress\ndata: {"batch":1}\n\n');
    });
    const delays: number[] = [];
    const statuses: StreamStatus[] = [];
    const events: SseEvent[] = [];
    const stream = openStream({ url, onEvent: (e) => events.push(e), onStatus: (s) => statuses.push(s), schedule: recordingSchedule(delays, 4), backoff: noJitter });

    await until(() => delays.length === 5, 'five retries');
    stream.close();

    // Three failures: 1 s, 2 s, 4 s. Then the fourth answer streams an event and ends: failures reset, 1 s again.
    expect(delays).toEqual([1000, 2000, 4000, 1000, 1000]);
    expect(events).toHaveLength(2);
    const firstRetry = statuses.find((s) => s.state === 'retrying')!;
    expect(firstRetry.error).toBe('registry is starting');
    expect(firstRetry.retryInMs).toBe(1000);
  });

  it('stops and reports sign-out on 401', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/problem+json' });
      res.end('{"title":"Unauthorized","detail":"missing API key"}');
    });
    let unauthorized = 0;
    const statuses: StreamStatus[] = [];
    openStream({ url, onEvent: () => {}, onStatus: (s) => statuses.push(s), onUnauthorized: () => unauthorized++, schedule: recordingSchedule([]) });

    await until(() => unauthorized === 1, 'the unauthorized call');
    await new Promise((r) => setTimeout(r, 30));

    expect(requests).toHaveLength(1);
    expect(statuses.at(-1)!.state).toBe('signed-out');
  });

  it('says a stream the server does not have is unavailable, with the problem detail, and does not retry', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/problem+json' });
      res.end('{"title":"Not Found","detail":"no route for /api/v1/events"}');
    });
    const statuses: StreamStatus[] = [];
    openStream({ url, onEvent: () => {}, onStatus: (s) => statuses.push(s), schedule: recordingSchedule([]) });

    await until(() => statuses.some((s) => s.state === 'unavailable'), 'unavailable');

    expect(statuses.at(-1)).toEqual({ state: 'unavailable', error: 'no route for /api/v1/events', failures: 0 });
    expect(requests).toHaveLength(1);
  });

  it('treats an answer that is not an event stream as a failure to retry', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>the dashboard</html>');
    });
    const statuses: StreamStatus[] = [];
    const stream = openStream({ url, onEvent: () => {}, onStatus: (s) => statuses.push(s), schedule: recordingSchedule([], 0) });

    await until(() => statuses.some((s) => s.state === 'retrying'), 'a retry');
    stream.close();

    expect(statuses.find((s) => s.state === 'retrying')!.error).toBe('the server answered text/html instead of an event stream');
  });

  it('does not reconnect when the caller says the stream is done', async () => {
    const { url, requests } = await serve((_req, res) => {
      sse(res);
      res.end('event: TrainingJobSucceeded\ndata: {}\n\n');
    });
    const statuses: StreamStatus[] = [];
    let done = false;
    openStream({
      url,
      onEvent: (e) => {
        if (e.type === 'TrainingJobSucceeded') done = true;
      },
      onStatus: (s) => statuses.push(s),
      shouldReconnect: () => !done,
      schedule: recordingSchedule([]),
    });

    await until(() => statuses.some((s) => s.state === 'closed'), 'closed');

    expect(requests).toHaveLength(1);
  });

  it('closes the connection when closed', async () => {
    let serverSawClose = false;
    const { url } = await serve((req, res) => {
      sse(res);
      res.write(': connected\n\n');
      req.on('close', () => (serverSawClose = true));
    });
    const statuses: StreamStatus[] = [];
    const stream = openStream({ url, onEvent: () => {}, onStatus: (s) => statuses.push(s), schedule: recordingSchedule([]) });
    await until(() => statuses.some((s) => s.state === 'open'), 'open');

    stream.close();

    await until(() => serverSawClose, 'the server to see the close');
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'open', 'closed']);
  });
});

describe('backoffDelay', () => {
  const policy = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.2 };

  it('doubles from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, policy, 0.5))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('spreads by the jitter either way but never past the cap', () => {
    expect(backoffDelay(1, policy, 0)).toBe(800);
    expect(backoffDelay(1, policy, 0.999)).toBe(1200);
    expect(backoffDelay(10, policy, 0.999)).toBe(30000);
  });

  it("waits at least the server's retry", () => {
    expect(backoffDelay(1, policy, 0.5, 5000)).toBe(5000);
  });
});
