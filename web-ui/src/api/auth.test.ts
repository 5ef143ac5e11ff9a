import { describe, expect, it } from 'vitest';
import { AuthState, withoutKey } from './auth';

describe('withoutKey', () => {
  it('removes a key the sign-in link left in the query', () => {
    expect(withoutKey('http://localhost:8080/?key=kiln_abc#/jobs')).toBe('http://localhost:8080/#/jobs');
    expect(withoutKey('http://localhost:8080/?a=1&key=kiln_abc')).toBe('http://localhost:8080/?a=1');
  });

  it('removes a key from the hash route query and keeps the rest', () => {
    expect(withoutKey('http://localhost:8080/#/jobs?key=k&status=RUNNING')).toBe('http://localhost:8080/#/jobs?status=RUNNING');
  });

  it('leaves an address without a key alone', () => {
    expect(withoutKey('http://localhost:8080/#/models/x?compare=1,2')).toBeNull();
  });
});

describe('AuthState', () => {
  it('tells listeners once when signed out and again when signed back in', () => {
    const auth = new AuthState();
    const seen: boolean[] = [];
    auth.subscribe((out) => seen.push(out));

    auth.markSignedOut();
    auth.markSignedOut();
    auth.markSignedIn();
    auth.markSignedIn();

    expect(seen).toEqual([true, false]);
    expect(auth.isSignedOut).toBe(false);
  });
});
