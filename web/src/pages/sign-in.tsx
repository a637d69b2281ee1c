/** Sign-in with an API token. The URL (and so a deep link to an incident) stays as it was. */
import { useState } from 'preact/hooks';
import type { Whoami } from '../api.js';
import { ApiError, api } from '../api.js';
import { ErrorBox } from '../components/state.js';

export function SignIn({ error, onSignedIn }: { error: ApiError | undefined; onSignedIn: (who: Whoami, token: string, remember: boolean) => void }) {
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const [failure, setFailure] = useState<ApiError | undefined>(error);
  const [busy, setBusy] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    setBusy(true);
    api<Whoami>('/api/v1/whoami', { token: token.trim() }).then((who) => {
      if (who.role === 'ingest') throw new ApiError(403, 'OPS_ERR_FORBIDDEN', 'an ingest token can only send data: sign in with a viewer, responder or admin token');
      onSignedIn(who, token.trim(), remember);
    }).catch((problem: unknown) => {
      setFailure(problem instanceof ApiError ? problem : new ApiError(0, 'CLIENT', String(problem)));
    }).finally(() => setBusy(false));
  };
  return (
    <main class="sign-in">
      <form class="card" onSubmit={submit}>
        <h1>opsight</h1>
        <p>Sign in with an API token. A viewer token can look; a responder token can also act on incidents; an admin token can manage tokens.</p>
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" value={token} autoFocus
          onInput={(event) => setToken((event.target as HTMLInputElement).value)} placeholder="ops_…" required />
        <label class="check"><input type="checkbox" checked={remember} onChange={(event) => setRemember((event.target as HTMLInputElement).checked)} /> Remember on this browser</label>
        <button type="submit" disabled={busy || token.trim() === ''}>{busy ? 'Signing in…' : 'Sign in'}</button>
        {failure !== undefined && <ErrorBox error={failure} />}
        <p class="muted small">Create a token with <code>opsight token create --role responder --name you</code>. Without “remember”, it is forgotten when the tab closes.</p>
      </form>
    </main>
  );
}
