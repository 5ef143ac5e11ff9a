import type { ComponentChildren } from 'preact';
import type { StreamStatus } from '../api/stream';
import { messageOf } from '../api/problem';
import type { JobStatus } from '../api/types';

/** Small building blocks shared by the pages. */

export function ErrorNote({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  if (error == null) return null;
  return (
    <div class="note error" role="alert">
      {title && <strong>{title}: </strong>}
      {messageOf(error)}
      {onRetry && (
        <>
          {' '}
          <button type="button" class="link" onClick={onRetry}>
            Try again
          </button>
        </>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function StatusBadge({ status }: { status: JobStatus | string | undefined }) {
  const s = status ?? 'UNKNOWN';
  return <span class={`badge status-${s.toLowerCase()}`}>{s.toLowerCase()}</span>;
}

export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  if (value == null) return <span class="muted">–</span>;
  const pct = Math.round(value * 100);
  return (
    <span class="progress-cell">
      <progress max={100} value={pct} aria-label={label}>
        {pct}%
      </progress>
      <span class="progress-text">{pct}%</span>
    </span>
  );
}

/** A label, a control and what is wrong with it, wired for screen readers. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string | null;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint && !error && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** aria attributes for a control inside a Field. */
export function described(id: string, error?: string | null, hint?: string): { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string } {
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  };
}

const STREAM_TEXT: Record<StreamStatus['state'], string> = {
  connecting: 'Connecting…',
  open: 'Live',
  retrying: 'Reconnecting',
  'signed-out': 'Signed out',
  unavailable: 'Live updates unavailable',
  closed: 'Stopped',
};

/** Whether the page is live, and if not, why and when it tries again. */
export function StreamIndicator({ status }: { status: StreamStatus }) {
  const retry = status.state === 'retrying' && status.retryInMs != null ? ` in ${Math.ceil(status.retryInMs / 1000)} s` : '';
  const title = status.error ? `${STREAM_TEXT[status.state]}: ${status.error}` : STREAM_TEXT[status.state];
  return (
    <span class={`stream stream-${status.state}`} role="status" title={title}>
      <span class="dot" aria-hidden="true" />
      {STREAM_TEXT[status.state]}
      {retry}
      {status.state !== 'open' && status.error && <span class="visually-hidden">: {status.error}</span>}
    </span>
  );
}

export function PageHeader({ title, children }: { title: ComponentChildren; children?: ComponentChildren }) {
  return (
    <header class="page-header">
      <h1>{title}</h1>
      {children && <div class="page-actions">{children}</div>}
    </header>
  );
}

/** A definition list of label → value rows. */
export function Facts({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v ?? '–'}</dd>
        </div>
      ))}
    </dl>
  );
}
