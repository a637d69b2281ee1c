/** The opsight web UI: sign in with a token, then incidents, services, anomalies, log patterns, insights, settings. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import type { Whoami } from './api.js';
import { ApiError, api, onUnauthenticated, session } from './api.js';
import type { LiveState } from './live.js';
import { live } from './live.js';
import { href, navigate, useRoute } from './router.js';
import { useKeys } from './keys.js';
import { ErrorBox, Loading } from './components/state.js';
import { SignIn } from './pages/sign-in.js';
import { IncidentsPage } from './pages/incidents.js';
import { IncidentPage } from './pages/incident.js';
import { ServicesPage, ServicePage } from './pages/services.js';
import { AnomaliesPage } from './pages/anomalies.js';
import { LogPatternsPage } from './pages/log-patterns.js';
import { InsightsPage } from './pages/insights.js';
import { SettingsPage } from './pages/settings.js';

const SECTIONS = [
  ['incidents', 'Incidents', 'i'], ['services', 'Services', 's'], ['anomalies', 'Anomalies', 'a'],
  ['logs', 'Log patterns', 'l'], ['insights', 'Insights', 'n'], ['settings', 'Settings', 't'],
] as const;

function LiveDot() {
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => live.onState(setState), []);
  const label = { connecting: 'connecting…', live: 'live', offline: 'offline: reconnecting' }[state];
  return <span class={`live live-${state}`} title="Live updates of incidents">● {label}</span>;
}

function Shell({ me, signOut }: { me: Whoami; signOut: () => void }) {
  const route = useRoute();
  const [section = 'incidents', id] = route.path;
  const [help, setHelp] = useState(false);
  const [pending, setPending] = useState<string | undefined>();
  useKeys({
    '?': () => setHelp((shown) => !shown),
    Escape: () => setHelp(false),
    g: () => setPending('g'),
    ...(pending === 'g' ? Object.fromEntries(SECTIONS.map(([path, , key]) => [key, () => { setPending(undefined); navigate(href(path)); }])) : {}),
  });
  useEffect(() => {
    live.start();
    return () => live.stop();
  }, []);
  let page;
  if (section === 'incidents' && id !== undefined) page = <IncidentPage id={id} me={me} />;
  else if (section === 'incidents') page = <IncidentsPage query={route.query} />;
  else if (section === 'services' && id !== undefined) page = <ServicePage id={id} />;
  else if (section === 'services') page = <ServicesPage />;
  else if (section === 'anomalies') page = <AnomaliesPage query={route.query} />;
  else if (section === 'logs') page = <LogPatternsPage query={route.query} />;
  else if (section === 'insights') page = <InsightsPage query={route.query} />;
  else if (section === 'settings') page = <SettingsPage me={me} />;
  else page = <ErrorBox error={new ApiError(404, 'NOT_FOUND', `no page #/${route.path.join('/')}`)} />;
  return (
    <>
      <header class="top">
        <a class="brand" href={href('incidents')}>opsight</a>
        <nav aria-label="Sections">
          {SECTIONS.map(([path, label]) => <a href={href(path)} aria-current={section === path ? 'page' : undefined}>{label}</a>)}
        </nav>
        <LiveDot />
        <span class="who" title={`token ${me.id}`}>{me.name} · <b>{me.role}</b>{me.openMode ? ' (open mode)' : ''}</span>
        {!me.openMode && <button type="button" class="link" onClick={signOut}>Sign out</button>}
        <button type="button" class="link" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">?</button>
      </header>
      <main>{page}</main>
      {help && (
        <div class="dialog" role="dialog" aria-label="Keyboard shortcuts" onClick={() => setHelp(false)}>
          <div class="card">
            <h2>Keyboard</h2>
            <table>
              <tbody>
                {SECTIONS.map(([, label, key]) => <tr><td><kbd>g</kbd> <kbd>{key}</kbd></td><td>{label}</td></tr>)}
                <tr><td><kbd>j</kbd> <kbd>k</kbd></td><td>next / previous incident in the list</td></tr>
                <tr><td><kbd>Enter</kbd></td><td>open the selected incident</td></tr>
                <tr><td><kbd>/</kbd></td><td>search incidents</td></tr>
                <tr><td><kbd>n</kbd> <kbd>p</kbd></td><td>next / previous page</td></tr>
                <tr><td><kbd>a</kbd> <kbd>r</kbd></td><td>acknowledge / resolve the open incident</td></tr>
                <tr><td><kbd>u</kbd></td><td>back to the list</td></tr>
              </tbody>
            </table>
            <p class="muted">Esc closes this.</p>
          </div>
        </div>
      )}
    </>
  );
}

function App() {
  const [me, setMe] = useState<Whoami | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [checking, setChecking] = useState(true);
  const check = () => {
    setChecking(true);
    // Without a saved token, ask who we are only of a server in open mode (/readyz tells): elsewhere it is a sure 401.
    const open = session.token() !== null ? Promise.resolve(true)
      : fetch('/readyz').then(async (response) => ((await response.json()) as { auth?: string }).auth?.startsWith('open') === true, () => false);
    void open.then((ask) => (ask ? api<Whoami>('/api/v1/whoami') : Promise.reject(new ApiError(401, 'OPS_ERR_UNAUTHENTICATED', 'no token')))).then((who) => {
      setMe(who);
      setError(undefined);
    }, (failure: unknown) => {
      setMe(undefined);
      // A missing or refused token is the sign-in page's business, not an error to show on arrival.
      setError(failure instanceof ApiError && failure.status !== 401 ? failure : undefined);
    }).finally(() => setChecking(false));
  };
  useEffect(() => {
    check();
    return onUnauthenticated(() => setMe(undefined));
  }, []);
  if (checking && me === undefined) return <Loading what="opsight" />;
  if (me === undefined) {
    return (
      <SignIn error={error} onSignedIn={(who, token, remember) => {
        session.save(token, remember);
        setMe(who);
      }} />
    );
  }
  return <Shell me={me} signOut={() => { session.clear(); live.stop(); setMe(undefined); }} />;
}

const root = document.getElementById('app');
if (root !== null) {
  root.replaceChildren();
  render(<App />, root);
}
