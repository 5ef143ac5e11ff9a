/**
 * An RFC 9457 problem body (title, detail, error_code, field for 400s) read into an error the page can show where
 * it happened. The /v2 inference routes also carry "error".
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errorCode: string | null,
    readonly field: string | null,
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Server error',
  502: 'Bad gateway',
  503: 'Unavailable',
  504: 'Gateway timeout',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Reads an error response body (parsed JSON, or raw text) into an ApiError with the best message it has. */
export function problemFrom(status: number, body: unknown): ApiError {
  const reason = REASONS[status] ?? `HTTP ${status}`;
  if (typeof body === 'object' && body !== null) {
    const p = body as Record<string, unknown>;
    const title = text(p.title) ?? reason;
    const detail = text(p.detail) ?? text(p.error) ?? text(p.message) ?? title;
    return new ApiError(status, title, detail, text(p.error_code), text(p.field));
  }
  const raw = text(body);
  // A short plain-text body is a message; an HTML error page is not.
  const detail = raw != null && raw.length < 300 && !raw.trimStart().startsWith('<') ? raw.trim() : `${reason} (HTTP ${status})`;
  return new ApiError(status, reason, detail, null, null);
}

/** A request that never got an answer. */
export function unreachable(error: unknown): ApiError {
  const why = error instanceof Error ? error.message : String(error);
  return new ApiError(0, 'Unreachable', `Could not reach the Kiln gateway (${why}). Is the local stack running?`, null, null);
}

/** The message to show for any error a page catches. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}
