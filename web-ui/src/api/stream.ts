import { problemFrom } from './problem';
import { type SseEvent, SseParser } from './sse';

/**
 * A live event stream over fetch: the text/event-stream of the gateway, read with SseParser, reconnecting with
 * exponential backoff and sending Last-Event-ID. Fetch rather than EventSource because it sees the HTTP status (a 401
 * means "sign in", a 404 "this server has no such stream" — EventSource reports both as a bare error) and because
 * its reconnection is ours to pace.
 */

export type StreamState = 'connecting' | 'open' | 'retrying' | 'signed-out' | 'unavailable' | 'closed';

export type StreamStatus = {
  state: StreamState;
  /** Failed attempts in a row (since events last flowed). */
  failures: number;
  /** When retrying: how long until the next attempt. */
  retryInMs?: number;
  /** What went wrong, for people. */
  error?: string;
};

export type BackoffPolicy = { initialMs: number; maxMs: number; factor: number; jitter: number };

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.2 };

/**
 * The wait before reconnect attempt n (1 = first retry): initial × factor^(n-1), capped at max, spread by ±jitter
 * (random in [0, 1) picks where in the spread). A server's `retry:` raises the floor.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random(), serverRetryMs: number | null = null): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, failures - 1));
  const spread = base * policy.jitter * (2 * random - 1);
  const delay = Math.round(Math.min(policy.maxMs, base + spread));
  return Math.max(delay, serverRetryMs ?? 0);
}

export type StreamOptions = {
  url: string;
  onEvent: (event: SseEvent) => void;
  onStatus?: (status: StreamStatus) => void;
  /** Called on 401; the stream then stops. */
  onUnauthorized?: () => void;
  /** Asked after the stream ends or fails: false stops reconnecting (e.g. the job has finished). */
  shouldReconnect?: () => boolean;
  backoff?: BackoffPolicy;
  fetcher?: typeof fetch;
  schedule?: (run: () => void, ms: number) => () => void;
  random?: () => number;
};

export type StreamHandle = { close(): void };

const defaultSchedule = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export function openStream(options: StreamOptions): StreamHandle {
  const fetcher = options.fetcher ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const schedule = options.schedule ?? defaultSchedule;
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  let failures = 0;
  let lastEventId = '';
  let serverRetry: number | null = null;
  let closed = false;
  let controller: AbortController | null = null;
  let cancelTimer: (() => void) | null = null;

  const status = (s: Omit<StreamStatus, 'failures'>) => {
    if (!closed) options.onStatus?.({ ...s, failures });
  };

  const retry = (error: string) => {
    if (closed) return;
    if (options.shouldReconnect && !options.shouldReconnect()) {
      status({ state: 'closed' });
      return;
    }
    failures++;
    const delay = backoffDelay(failures, policy, random(), serverRetry);
    status({ state: 'retrying', retryInMs: delay, error });
    cancelTimer = schedule(() => {
      cancelTimer = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    if (closed) return;
    status({ state: 'connecting' });
    controller = new AbortController();
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    let response: Response;
    try {
      response = await fetcher(options.url, { headers, credentials: 'same-origin', cache: 'no-store', signal: controller.signal });
    } catch (e) {
      retry(`could not connect (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    if (response.status === 401) {
      void response.body?.cancel();
      status({ state: 'signed-out', error: 'not signed in' });
      options.onUnauthorized?.();
      return;
    }
    if (response.status === 404 || response.status === 403) {
      const problem = problemFrom(response.status, await bodyOf(response));
      status({ state: 'unavailable', error: problem.detail });
      return;
    }
    const type = response.headers.get('Content-Type') ?? '';
    if (!response.ok || !type.includes('text/event-stream') || response.body == null) {
      const problem = problemFrom(response.status, await bodyOf(response));
      retry(response.ok ? `the server answered ${type || 'no content type'} instead of an event stream` : problem.detail);
      return;
    }
    status({ state: 'open' });
    const parser = new SseParser((event) => {
      failures = 0;
      if (!closed) options.onEvent(event);
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
        lastEventId = parser.lastEventId;
        serverRetry = parser.retryMs;
      }
      retry('the server closed the stream');
    } catch (e) {
      retry(`the stream broke (${e instanceof Error ? e.message : String(e)})`);
    }
  };

  void connect();

  return {
    close() {
      if (closed) return;
      options.onStatus?.({ state: 'closed', failures });
      closed = true;
      cancelTimer?.();
      controller?.abort();
    },
  };
}

async function bodyOf(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return (response.headers.get('Content-Type') ?? '').includes('json') ? JSON.parse(text) : text;
  } catch {
    return null;
  }
}
