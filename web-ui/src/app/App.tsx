import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { DatasetPage } from '../datasets/DatasetPage';
import { DatasetsPage } from '../datasets/DatasetsPage';
import { JobPage } from '../jobs/JobPage';
import { JobsPage } from '../jobs/JobsPage';
import { NewJobPage } from '../jobs/NewJobPage';
import { ComparePage } from '../models/ComparePage';
import { ModelPage } from '../models/ModelPage';
import { ModelsPage } from '../models/ModelsPage';
import { VersionPage } from '../models/VersionPage';
import { PlaygroundPage } from '../playground/PlaygroundPage';
import { WorkersPage } from '../workers/WorkersPage';
import { ApiContext } from './context';
import { GatewayHealth } from './GatewayHealth';
import { type Route, href, useRoute } from './router';

const NAV: { label: string; href: string; pages: Route['page'][] }[] = [
  { label: 'Jobs', href: href.jobs(), pages: ['jobs', 'job'] },
  { label: 'New job', href: href.newJob(), pages: ['new-job'] },
  { label: 'Models', href: href.models(), pages: ['models', 'model', 'version', 'compare'] },
  { label: 'Playground', href: href.playground(), pages: ['playground'] },
  { label: 'Data sets', href: href.datasets(), pages: ['datasets', 'dataset'] },
  { label: 'Workers', href: href.workers(), pages: ['workers'] },
];

const TITLES: Record<Route['page'], string> = {
  jobs: 'Jobs',
  job: 'Job',
  'new-job': 'New job',
  models: 'Models',
  model: 'Model',
  version: 'Model version',
  compare: 'Compare versions',
  playground: 'Playground',
  datasets: 'Data sets',
  dataset: 'Data set',
  workers: 'Workers',
  'not-found': 'Not found',
};

/** The dashboard: navigation, the page of the current route, or the sign-in page after a 401. */
export function App({ api }: { api: ApiClient }) {
  const route = useRoute();
  const [signedOut, setSignedOut] = useState(api.auth.isSignedOut);
  useEffect(() => api.auth.subscribe(setSignedOut), [api]);
  useEffect(() => {
    document.title = `${TITLES[route.page]} · Kiln`;
    // Move focus to the new page's heading so keyboard and screen-reader users land on it.
    const main = document.getElementById('main');
    if (main && document.activeElement !== document.body) main.focus({ preventScroll: true });
  }, [route]);

  return (
    <ApiContext.Provider value={api}>
      <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href.jobs()}>
          <span aria-hidden="true">◆</span> Kiln
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.href}>
                <a href={n.href} aria-current={n.pages.includes(route.page) ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <GatewayHealth />
      </header>
      <main id="main" tabIndex={-1}>
        {signedOut ? <SignIn /> : <Page route={route} />}
      </main>
    </ApiContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'jobs':
      return <JobsPage />;
    case 'job':
      return <JobPage key={route.id} id={route.id} />;
    case 'new-job':
      return <NewJobPage />;
    case 'models':
      return <ModelsPage />;
    case 'model':
      return <ModelPage key={route.name} name={route.name} />;
    case 'version':
      return <VersionPage key={`${route.name}/${route.version}`} name={route.name} version={route.version} />;
    case 'compare':
      return <ComparePage key={`${route.name}/${route.a}/${route.b}`} name={route.name} a={route.a} b={route.b} />;
    case 'playground':
      return <PlaygroundPage model={route.model} reference={route.ref} />;
    case 'datasets':
      return <DatasetsPage />;
    case 'dataset':
      return <DatasetPage key={route.name} name={route.name} />;
    case 'workers':
      return <WorkersPage />;
    case 'not-found':
      return (
        <section class="empty">
          <h1>Nothing here</h1>
          <p>
            There is no page at <code>{route.path || '/'}</code>. Go to the <a href={href.jobs()}>jobs</a>.
          </p>
        </section>
      );
  }
}

function SignIn() {
  return (
    <section class="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to Kiln</h1>
      <p>
        This dashboard needs the API key of your Kiln installation. Sign in with the link that <code>./kiln up</code> printed
        when the local stack started — it looks like <code>http://localhost:8080/?key=…</code>.
      </p>
      <p>
        Lost it? The key is kept in <code>~/.kiln/api-key</code> (or <code>$KILN_HOME/api-key</code>); open{' '}
        <code>http://localhost:8080/?key=</code> followed by that key.
      </p>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          I have signed in — reload
        </button>
      </p>
    </section>
  );
}
