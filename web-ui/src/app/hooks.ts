import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/problem';
import { type StreamHandle, type StreamOptions, type StreamStatus, openStream } from '../api/stream';
import { useApi } from './context';

export type Async<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => void };

/** Loads data when the deps change; keeps the last data while reloading; drops answers of superseded loads. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error) => {
        if (!controller.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** The time, ticking every `ms`, for "3 min ago" columns. */
export function useNow(ms = 10_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * A live event stream for as long as the component shows it. onEvent is read through a ref, so a new closure each
 * render does not reconnect.
 */
export function useEventStream(
  url: string | null,
  onEvent: StreamOptions['onEvent'],
  shouldReconnect?: () => boolean,
): StreamStatus {
  const api = useApi();
  const [status, setStatus] = useState<StreamStatus>({ state: 'connecting', failures: 0 });
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const reconnect = useRef(shouldReconnect);
  reconnect.current = shouldReconnect;
  useEffect(() => {
    if (url == null) return;
    const stream: StreamHandle = openStream({
      url: api.url(url),
      onEvent: (e) => handler.current(e),
      onStatus: setStatus,
      onUnauthorized: () => api.auth.markSignedOut(),
      shouldReconnect: () => reconnect.current?.() ?? true,
    });
    return () => stream.close();
  }, [url, api]);
  return status;
}

/** A button's action: busy while it runs, its error kept to show beside the button. */
export function useAsyncAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const latest = useRef(action);
  latest.current = action;
  const run = useCallback((...args: A) => {
    setState({ busy: true, error: null });
    latest.current(...args).then(
      () => setState({ busy: false, error: null }),
      (e) => setState({ busy: false, error: messageOf(e) }),
    );
  }, []);
  return { ...state, run };
}
