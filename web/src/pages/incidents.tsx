/** Incidents: the live list, filtered and paged by the server (`opsight bench ui --incidents 10000` times it). */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Incident, Page } from '../api.js';
import { withQuery } from '../api.js';
import { live } from '../live.js';
import { href, navigate, replaceQuery } from '../router.js';
import { useKeys } from '../keys.js';
import { Empty, ErrorBox, Loading, useApi } from '../components/state.js';
import { Severity, Status, Time, ago } from '../format.js';

const PAGE_SIZE = 50;
const RANGES: Record<string, number> = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000, '30d': 30 * 24 * 3_600_000 };
/** Live changes arriving in a burst refresh the first page once. */
const REFRESH_DEBOUNCE_MS = 500;

export const serviceLabel = (entities: readonly string[]): string => entities.find((e) => e.startsWith('service:'))?.slice('service:'.length) ?? entities[0] ?? '–';

export function IncidentsPage({ query }: { query: URLSearchParams }) {
  const filters = {
    status: query.get('status') ?? '', severity: query.get('severity') ?? '', entity: query.get('entity') ?? '',
    q: query.get('q') ?? '', range: query.get('range') ?? '', offset: Number(query.get('offset') ?? 0) || 0,
  };
  const set = (change: Partial<typeof filters>) => replaceQuery({ ...filters, offset: 0, ...change });
  // The range is relative to when the filter was set, so the list does not shift while it is open.
  const from = useMemo(() => (filters.range in RANGES ? Date.now() - (RANGES[filters.range] ?? 0) : undefined), [filters.range]);
  const path = withQuery('/api/v1/incidents', {
    status: filters.status, severity: filters.severity, entity: filters.entity, q: filters.q, from, limit: PAGE_SIZE, offset: filters.offset,
  });
  const loaded = useApi<Page<Incident>>(path);
  const [rows, setRows] = useState<Incident[]>([]);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (loaded.data !== undefined) setRows(loaded.data.items);
  }, [loaded.data]);
  useEffect(() => {
    let timer: number | undefined;
    return live.onChange((change) => {
      setFresh((ids) => new Set(ids).add(change.incident.id));
      setRows((current) => current.map((row) => (row.id === change.incident.id ? change.incident : row)));
      window.clearTimeout(timer);
      if (filters.offset === 0) timer = window.setTimeout(loaded.reload, REFRESH_DEBOUNCE_MS);
    });
  }, [filters.offset, loaded.reload]);
  const total = loaded.data?.total ?? 0;
  const page = (offset: number) => replaceQuery({ ...filters, offset: Math.max(0, offset) });
  useKeys({
    j: () => setSelected((n) => Math.min(rows.length - 1, n + 1)),
    k: () => setSelected((n) => Math.max(0, n - 1)),
    Enter: () => { const row = rows[selected]; if (row !== undefined) navigate(href('incidents', row.id)); },
    '/': () => search.current?.focus(),
    n: () => { if (filters.offset + PAGE_SIZE < total) page(filters.offset + PAGE_SIZE); },
    p: () => { if (filters.offset > 0) page(filters.offset - PAGE_SIZE); },
  });
  useEffect(() => document.querySelector(`[data-row="${selected}"]`)?.scrollIntoView({ block: 'nearest' }), [selected]);
  const select = (name: keyof typeof filters, label: string, options: [string, string][]) => (
    <label>{label}
      <select value={String(filters[name])} onChange={(event) => set({ [name]: (event.target as HTMLSelectElement).value })}>
        {options.map(([value, text]) => <option value={value}>{text}</option>)}
      </select>
    </label>
  );
  return (
    <section>
      <div class="page-head">
        <h1>Incidents</h1>
        <span class="muted">{loaded.data === undefined ? '' : `${total.toLocaleString()} matching`}{loaded.loading && loaded.data !== undefined ? ' · refreshing…' : ''}</span>
      </div>
      <form class="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label>Search
          <input ref={search} type="search" placeholder="title or id  ( / )" value={filters.q}
            onChange={(event) => set({ q: (event.target as HTMLInputElement).value.trim() })} />
        </label>
        {select('status', 'Status', [['', 'any'], ['open', 'open'], ['acknowledged', 'acknowledged'], ['reopened', 'reopened'], ['resolved', 'resolved'], ['merged', 'merged']])}
        {select('severity', 'Severity', [['', 'any'], ['critical', 'critical'], ['critical,error', 'error or worse'], ['critical,error,warning', 'warning or worse'], ['info', 'info']])}
        <label>Service / entity
          <input type="text" placeholder="service:checkout" value={filters.entity} onChange={(event) => set({ entity: (event.target as HTMLInputElement).value.trim() })} />
        </label>
        {select('range', 'Active in', [['', 'any time'], ['1h', 'last hour'], ['6h', 'last 6 hours'], ['24h', 'last 24 hours'], ['7d', 'last 7 days'], ['30d', 'last 30 days']])}
      </form>
      {loaded.error !== undefined && <ErrorBox error={loaded.error} retry={loaded.reload} />}
      {loaded.data === undefined && loaded.error === undefined && <Loading what="incidents" />}
      {loaded.data !== undefined && rows.length === 0 && (
        <Empty>{filters.q || filters.status || filters.severity || filters.entity || filters.range ? 'No incident matches these filters.' : 'No incidents yet. Alerts sent to opsight are grouped into incidents here.'}</Empty>
      )}
      {rows.length > 0 && (
        <table class="list incidents">
          <thead>
            <tr><th>Severity</th><th>Status</th><th>Title</th><th>Service</th><th title="alerts folded into the incident (firing now)">Alerts</th><th>Age</th><th>Last activity</th><th>Assignee</th></tr>
          </thead>
          <tbody>
            {rows.map((incident, index) => (
              <tr data-row={index} class={`${index === selected ? 'selected' : ''} ${fresh.has(incident.id) ? 'fresh' : ''}`}
                onClick={() => navigate(href('incidents', incident.id))}>
                <td><Severity value={incident.severity} /></td>
                <td><Status value={incident.status} /></td>
                <td class="title"><a href={href('incidents', incident.id)}>{incident.title}</a><div class="muted small">{incident.id}</div></td>
                <td>{serviceLabel(incident.entities)}</td>
                <td class="num">{incident.alertCount}{incident.firingCount > 0 && <span class="firing"> ({incident.firingCount} firing)</span>}</td>
                <td title={new Date(incident.startedAt).toISOString()}>{ago(incident.startedAt)}</td>
                <td><Time ms={incident.lastActivityAt} /></td>
                <td>{incident.assignee ?? <span class="muted">–</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > PAGE_SIZE && (
        <nav class="pager" aria-label="Pages">
          <button type="button" disabled={filters.offset === 0} onClick={() => page(filters.offset - PAGE_SIZE)}>← Newer (p)</button>
          <span>{filters.offset + 1}–{Math.min(total, filters.offset + PAGE_SIZE)} of {total.toLocaleString()}</span>
          <button type="button" disabled={filters.offset + PAGE_SIZE >= total} onClick={() => page(filters.offset + PAGE_SIZE)}>Older (n) →</button>
        </nav>
      )}
    </section>
  );
}
