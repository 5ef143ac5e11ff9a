/**
 * Sign-in state. The gateway signs the browser in with an HttpOnly cookie from the link `./kiln up` prints
 * (/?key=…); the UI never sees or stores the key. Any 401 flips the app to the sign-in page.
 */
type Listener = (signedOut: boolean) => void;

export class AuthState {
  private signedOut = false;
  private readonly listeners = new Set<Listener>();

  get isSignedOut(): boolean {
    return this.signedOut;
  }

  /** Called on any 401. */
  markSignedOut(): void {
    if (this.signedOut) return;
    this.signedOut = true;
    this.listeners.forEach((l) => l(true));
  }

  /** Called when a request succeeds again (for example after following the link in another tab). */
  markSignedIn(): void {
    if (!this.signedOut) return;
    this.signedOut = false;
    this.listeners.forEach((l) => l(false));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Takes an API key out of the address bar if the gateway left one there (`?key=` or `#…?key=`), so it does not stay
 * in the history or get copied with the link. Returns the cleaned URL, or null when there was nothing to remove.
 */
export function withoutKey(href: string): string | null {
  const url = new URL(href);
  let changed = false;
  if (url.searchParams.has('key')) {
    url.searchParams.delete('key');
    changed = true;
  }
  const hash = url.hash;
  const q = hash.indexOf('?');
  if (q >= 0) {
    const params = new URLSearchParams(hash.slice(q + 1));
    if (params.has('key')) {
      params.delete('key');
      const rest = params.toString();
      url.hash = hash.slice(0, q) + (rest ? `?${rest}` : '');
      changed = true;
    }
  }
  return changed ? url.toString() : null;
}
