import { describe, expect, it } from 'vitest';
import { type SseEvent, SseParser } from './sse';

function parse(...chunks: string[]): { events: SseEvent[]; parser: SseParser } {
  const events: SseEvent[] = [];
  const parser = new SseParser((e) => events.push(e));
  chunks.forEach((c) => parser.push(c));
  return { events, parser };
}

describe('SseParser', () => {
  it('reads typed events with JSON data', () => {
    const { events } = parse('event: EpochCompleted\ndata: {"epoch":1}\n\nevent: BatchProgress\ndata: {"batch":2}\n\n');

    expect(events).toEqual([
      { type: 'EpochCompleted', data: '{"epoch":1}', lastEventId: '' },
      { type: 'BatchProgress', data: '{"batch":2}', lastEventId: '' },
    ]);
  });

  it('joins an event split across chunks at any point, even inside a CRLF', () => {
    const { events } = parse('ev', 'ent: A\r', '\ndata: {"a"', ':1}\r\n', '\r\n');

    expect(events).toEqual([{ type: 'A', data: '{"a":1}', lastEventId: '' }]);
  });

  it('accepts CR-only line ends', () => {
    const { events } = parse('data: x\r\rdata: y\r\r');

    expect(events.map((e) => e.data)).toEqual(['x', 'y']);
  });

  it('joins several data lines with newlines and defaults the type to message', () => {
    const { events } = parse('data: first\ndata:second\ndata\n\n');

    expect(events).toEqual([{ type: 'message', data: 'first\nsecond\n', lastEventId: '' }]);
  });

  it('skips comments, unknown fields and events without data', () => {
    const { events } = parse(': keep-alive\n\nevent: Nothing\n\nfoo: bar\ndata: real\n\n');

    expect(events).toEqual([{ type: 'message', data: 'real', lastEventId: '' }]);
  });

  it('keeps the last id across events and reads retry only when it is digits', () => {
    const { events, parser } = parse('id: 7\ndata: a\n\ndata: b\n\nretry: soon\n', 'retry: 2500\nid: 8\n\n');

    expect(events.map((e) => e.lastEventId)).toEqual(['7', '7']);
    expect(parser.lastEventId).toBe('8');
    expect(parser.retryMs).toBe(2500);
  });

  it('drops only one leading space of a value and a byte-order mark at the start', () => {
    const { events } = parse('\uFEFFdata:  two spaces\n\n');

    expect(events[0].data).toBe(' two spaces');
  });

  it('does not dispatch an event the stream cut off before its blank line', () => {
    const { events } = parse('data: complete\n\ndata: cut');

    expect(events.map((e) => e.data)).toEqual(['complete']);
  });
});
