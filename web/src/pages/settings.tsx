/** Settings: API tokens (admins), silences and maintenance windows (responders change them), where inhibition rules live. */
import { useState } from 'preact/hooks';
import type { Page, Whoami } from '../api.js';
import { ApiError, api, canRespond } from '../api.js';
import { Empty, ErrorBox, Guarded, useApi } from '../components/state.js';
import { Time } from '../format.js';

interface Matcher { name: string; value: string; isRegex: boolean; isEqual: boolean }
interface Token { id: string; name: string; role: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null }
interface Silence { id: string; matchers: Matcher[]; startsAt: number; endsAt: number; createdBy: string; comment: string; state: string }
interface MaintenanceWindow { id: string; matchers: Matcher[]; startsAt: number | null; endsAt: number | null; recurrence: unknown; createdBy: string; comment: string; active: boolean }

const matcherText = (m: Matcher) => `${m.name}${m.isEqual ? '' : '!'}${m.isRegex ? '=~' : '='}"${m.value}"`;
const HOUR = 3_600_000;

/** Runs a change, shows its error, reloads what it changed. */
function useChange(reload: () => void) {
  const [error, setError] = useState<ApiError>();
  const run = (path: string, method: string, body?: unknown) => {
    setError(undefined);
    return api(path, { method, ...(body === undefined ? {} : { body }) }).then((result) => { reload(); return result; }, (failure: unknown) => {
      setError(failure instanceof ApiError ? failure : new ApiError(0, 'CLIENT', String(failure)));
      return undefined;
    });
  };
  return { error, run };
}

function Tokens() {
  const loaded = useApi<{ items: Token[] }>('/api/v1/tokens');
  const { error, run } = useChange(loaded.reload);
  const [name, setName] = useState('');
  const [role, setRole] = useState('responder');
  const [created, setCreated] = useState<string>();
  return (
    <section class="panel"><h2>API tokens</h2>
      <Guarded loaded={loaded} what="tokens">{({ items }) => (
        <table class="list compact">
          <thead><tr><th>Name</th><th>Role</th><th>Id</th><th>Created</th><th>Last used</th><th>State</th><th /></tr></thead>
          <tbody>{items.map((t) => (
            <tr><td>{t.name}</td><td>{t.role}</td><td><code>{t.id}</code></td><td><Time ms={t.createdAt} /></td><td><Time ms={t.lastUsedAt} /></td>
              <td>{t.revokedAt === null ? 'active' : 'revoked'}</td>
              <td>{t.revokedAt === null && <button type="button" class="small" onClick={() => { if (confirm(`Revoke token ${t.name}?`)) void run(`/api/v1/tokens/${t.id}`, 'DELETE'); }}>Revoke</button>}</td></tr>))}
          </tbody>
        </table>
      )}</Guarded>
      <form class="inline" onSubmit={(event) => {
        event.preventDefault();
        void run('/api/v1/tokens', 'POST', { name: name.trim(), role }).then((result) => {
          if (result !== undefined) { setCreated((result as { token: string }).token); setName(''); }
        });
      }}>
        <label>Name <input value={name} onInput={(event) => setName((event.target as HTMLInputElement).value)} required /></label>
        <label>Role <select value={role} onChange={(event) => setRole((event.target as HTMLSelectElement).value)}>
          {['viewer', 'responder', 'admin', 'ingest'].map((r) => <option value={r}>{r}</option>)}
        </select></label>
        <button type="submit" disabled={name.trim() === ''}>Create token</button>
      </form>
      {created !== undefined && <p class="notice">New token (shown this once): <code class="secret">{created}</code></p>}
      {error !== undefined && <ErrorBox error={error} />}
    </section>
  );
}

function Silences({ canAct }: { canAct: boolean }) {
  const loaded = useApi<Page<Silence>>('/api/v1/silences?limit=200');
  const { error, run } = useChange(loaded.reload);
  const [matchers, setMatchers] = useState('');
  const [hours, setHours] = useState('2');
  const [comment, setComment] = useState('');
  return (
    <section class="panel"><h2>Silences</h2>
      <Guarded loaded={loaded} what="silences">{(page) => (page.items.length === 0 ? <Empty>No silences.</Empty> : (
        <table class="list compact">
          <thead><tr><th>Matchers</th><th>State</th><th>From</th><th>Until</th><th>By</th><th>Comment</th><th /></tr></thead>
          <tbody>{page.items.map((s) => (
            <tr><td><code>{s.matchers.map(matcherText).join(', ')}</code></td><td>{s.state}</td><td><Time ms={s.startsAt} /></td><td><Time ms={s.endsAt} /></td>
              <td>{s.createdBy}</td><td>{s.comment}</td>
              <td>{canAct && s.state !== 'expired' && <button type="button" class="small" onClick={() => void run(`/api/v1/silences/${s.id}`, 'DELETE')}>Expire</button>}</td></tr>))}
          </tbody>
        </table>))}
      </Guarded>
      {canAct && (
        <form class="inline" onSubmit={(event) => {
          event.preventDefault();
          const list = matchers.split(',').map((m) => m.trim()).filter((m) => m !== '');
          void run('/api/v1/silences', 'POST', { matchers: list, endsAt: Date.now() + Number(hours) * HOUR, comment: comment.trim() })
            .then((result) => { if (result !== undefined) { setMatchers(''); setComment(''); } });
        }}>
          <label>Matchers <input value={matchers} placeholder='alertname="HighLatency", service="checkout"' onInput={(event) => setMatchers((event.target as HTMLInputElement).value)} required /></label>
          <label>For (hours) <input type="number" min="0.25" step="0.25" value={hours} onInput={(event) => setHours((event.target as HTMLInputElement).value)} /></label>
          <label>Why <input value={comment} onInput={(event) => setComment((event.target as HTMLInputElement).value)} required /></label>
          <button type="submit">Create silence</button>
        </form>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </section>
  );
}

function MaintenanceWindows({ canAct }: { canAct: boolean }) {
  const loaded = useApi<Page<MaintenanceWindow>>('/api/v1/maintenance-windows?limit=200');
  const { error, run } = useChange(loaded.reload);
  return (
    <section class="panel"><h2>Maintenance windows</h2>
      <Guarded loaded={loaded} what="maintenance windows">{(page) => (page.items.length === 0 ? <Empty>No maintenance windows.</Empty> : (
        <table class="list compact">
          <thead><tr><th>Matchers</th><th>Now</th><th>From</th><th>Until</th><th>Recurs</th><th>Comment</th><th /></tr></thead>
          <tbody>{page.items.map((w) => (
            <tr><td><code>{w.matchers.map(matcherText).join(', ')}</code></td><td>{w.active ? 'active' : 'inactive'}</td>
              <td><Time ms={w.startsAt} /></td><td><Time ms={w.endsAt} /></td><td>{w.recurrence === null ? '–' : <code>{JSON.stringify(w.recurrence)}</code>}</td><td>{w.comment}</td>
              <td>{canAct && <button type="button" class="small" onClick={() => { if (confirm('Delete this maintenance window?')) void run(`/api/v1/maintenance-windows/${w.id}`, 'DELETE'); }}>Delete</button>}</td></tr>))}
          </tbody>
        </table>))}
      </Guarded>
      {canAct && <MaintenanceWindowForm create={(body) => run('/api/v1/maintenance-windows', 'POST', body)} />}
      {error !== undefined && <ErrorBox error={error} />}
    </section>
  );
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const inputValue = (event: Event) => (event.target as HTMLInputElement).value;

/** The body of POST /api/v1/maintenance-windows: a one-off window between two local times, or weekly occurrences. */
function windowBody(form: { matchers: string; weekly: boolean; from: string; until: string; weekdays: string[]; start: string; duration: string; timeZone: string; comment: string }) {
  const matchers = form.matchers.split(',').map((m) => m.trim()).filter((m) => m !== '');
  const comment = form.comment.trim();
  if (!form.weekly) return { matchers, startsAt: new Date(form.from).getTime(), endsAt: new Date(form.until).getTime(), comment };
  return { matchers, recurrence: { weekdays: form.weekdays, start: form.start, duration: form.duration.trim(), timeZone: form.timeZone.trim() }, comment };
}

/** Creates a maintenance window; the server names what is wrong with it (a bad matcher, an end before the start). */
function MaintenanceWindowForm({ create }: { create: (body: unknown) => Promise<unknown> }) {
  const [form, setForm] = useState({ matchers: '', weekly: false, from: '', until: '', weekdays: ['sat', 'sun'], start: '02:00', duration: '2h', timeZone: localZone(), comment: '' });
  const set = (change: Partial<typeof form>) => setForm({ ...form, ...change });
  const toggleDay = (day: string) => set({ weekdays: form.weekdays.includes(day) ? form.weekdays.filter((d) => d !== day) : [...form.weekdays, day] });
  return (
    <form class="stacked" aria-label="New maintenance window" onSubmit={(event) => {
      event.preventDefault();
      void create(windowBody(form)).then((result) => { if (result !== undefined) set({ matchers: '', comment: '' }); });
    }}>
      <label>Matchers <input value={form.matchers} placeholder='service="checkout"' onInput={(event) => set({ matchers: inputValue(event) })} required /></label>
      <fieldset class="inline"><legend>When</legend>
        <label><input type="radio" name="mw-kind" checked={!form.weekly} onChange={() => set({ weekly: false })} /> once</label>
        <label><input type="radio" name="mw-kind" checked={form.weekly} onChange={() => set({ weekly: true })} /> every week</label>
      </fieldset>
      {form.weekly ? (
        <div class="inline">
          <fieldset class="inline"><legend>Days</legend>{WEEKDAYS.map((day) => (
            <label><input type="checkbox" checked={form.weekdays.includes(day)} onChange={() => toggleDay(day)} /> {day}</label>
          ))}</fieldset>
          <label>Starts at <input type="time" value={form.start} onInput={(event) => set({ start: inputValue(event) })} required /></label>
          <label>For <input value={form.duration} size={5} placeholder="2h" onInput={(event) => set({ duration: inputValue(event) })} required /></label>
          <label>Time zone <input value={form.timeZone} onInput={(event) => set({ timeZone: inputValue(event) })} required /></label>
        </div>
      ) : (
        <div class="inline">
          <label>From <input type="datetime-local" value={form.from} onInput={(event) => set({ from: inputValue(event) })} required /></label>
          <label>Until <input type="datetime-local" value={form.until} onInput={(event) => set({ until: inputValue(event) })} required /></label>
        </div>
      )}
      <label>What <input value={form.comment} onInput={(event) => set({ comment: inputValue(event) })} /></label>
      <button type="submit">Create maintenance window</button>
    </form>
  );
}

export function SettingsPage({ me }: { me: Whoami }) {
  return (
    <section>
      <div class="page-head"><h1>Settings</h1></div>
      {me.role === 'admin' ? <Tokens /> : <p class="muted">Tokens are managed by admins (or with <code>opsight token</code>).</p>}
      <Silences canAct={canRespond(me.role)} />
      <MaintenanceWindows canAct={canRespond(me.role)} />
      <section class="panel"><h2>Inhibition rules</h2>
        <p>Inhibition rules are configuration, not data: they are the <code>correlate.inhibit</code> list of the config file (see docs/config.md), read when opsight starts. Flapping detection is <code>correlate.flapping</code>.</p>
      </section>
    </section>
  );
}
