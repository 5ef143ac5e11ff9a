import { describe, expect, it } from 'vitest';
import { ApiError, messageOf, problemFrom, unreachable } from './problem';

describe('problemFrom', () => {
  it('reads an RFC 9457 problem with the field of a 400', () => {
    const e = problemFrom(400, {
      type: 'about:blank',
      title: 'Invalid argument',
      status: 400,
      detail: 'hyperparameters.epochs must be between 1 and 1000, got 0',
      error_code: 'INVALID_ARGUMENT',
      field: 'hyperparameters.epochs',
    });

    expect(e).toBeInstanceOf(ApiError);
    expect(e.detail).toBe('hyperparameters.epochs must be between 1 and 1000, got 0');
    expect(e.errorCode).toBe('INVALID_ARGUMENT');
    expect(e.field).toBe('hyperparameters.epochs');
    expect(messageOf(e)).toBe(e.detail);
  });

  it("falls back to the inference routes' error, then the title", () => {
    expect(problemFrom(404, { error: "model 'x' not found" }).detail).toBe("model 'x' not found");
    expect(problemFrom(409, { title: 'Conflict' }).detail).toBe('Conflict');
  });

  it('uses a short text body but not an HTML error page', () => {
    expect(problemFrom(502, 'upstream down').detail).toBe('upstream down');
    expect(problemFrom(502, '<html><body>Bad Gateway</body></html>').detail).toBe('Bad gateway (HTTP 502)');
    expect(problemFrom(404, undefined).notFound).toBe(true);
    expect(problemFrom(401, undefined).unauthorized).toBe(true);
  });

  it('says the gateway could not be reached and what to check', () => {
    expect(unreachable(new TypeError('fetch failed')).detail).toBe(
      'Could not reach the Kiln gateway (fetch failed). Is the local stack running?',
    );
  });
});
