/** One server-sent event: its `event:` type (default "message"), its `data:` and the last `id:` seen. */
export type SseEvent = { type: string; data: string; lastEventId: string };

/**
 * A text/event-stream parser following the HTML standard's rules: lines end in CRLF, LF or CR (also across
 * chunks), `data:` lines join with "\n", comments start with ":", one leading space after the colon is dropped, a
 * blank line dispatches, an event without data is not dispatched, `id:` persists across events, `retry:` must be
 * digits, and a byte-order mark at the start is skipped.
 */
export class SseParser {
  private buffer = '';
  private data = '';
  private hasData = false;
  private eventType = '';
  private started = false;
  private pendingCr = false;
  /** The last event id, sent back as Last-Event-ID when reconnecting. */
  lastEventId = '';
  /** The reconnection time the server asked for with `retry:`, in milliseconds, or null. */
  retryMs: number | null = null;

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  /** Feeds decoded text; dispatches every event completed by it. */
  push(chunk: string): void {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.line(this.buffer.slice(start, i));
      if (c === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data += value + '\n';
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
  }

  private dispatch(): void {
    const type = this.eventType || 'message';
    this.eventType = '';
    if (!this.hasData) return;
    const data = this.data.slice(0, -1);
    this.data = '';
    this.hasData = false;
    this.onEvent({ type, data, lastEventId: this.lastEventId });
  }
}
