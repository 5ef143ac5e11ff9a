import { render } from 'preact';
import { AuthState, withoutKey } from './api/auth';
import { ApiClient } from './api/client';
import { App } from './app/App';
import './app/styles.css';

// If the sign-in link's key is still in the address bar, take it out: it must not stay in the history.
const clean = withoutKey(window.location.href);
if (clean) window.history.replaceState(null, '', clean);

const api = new ApiClient(new AuthState());
render(<App api={api} />, document.getElementById('app')!);
