/**
 * One incident: what is wrong, what probably caused it and why, the anomalous series, the graph around it, the
 * log templates involved, why each alert joined, and the responders' actions their role allows.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Alert, Anomaly, IncidentDetail, LogTemplate, Page, SeriesPoints, TimelineEntry, Topology, Whoami } from '../api.js';
import { ApiError, api, canRespond, withQuery } from '../api.js';
import { live } from '../live.js';
import { href, navigate } from '../router.js';
import { useKeys } from '../keys.js';
import { Empty, ErrorBox, Guarded, Loading, useApi } from '../components/state.js';
import { Severity, Status, Time, ago, duration } from '../format.js';
import type { ChartPoint } from '../components/chart.js';
import { SeriesChart } from '../components/chart.js';
import { ServiceGraph } from '../components/graph.js';
import { ExampleLines } from '../components/examples.js';

const CHARTS = 4;
const CONTEXT_BEFORE_MS = 3_600_000;

export function IncidentPage({ id, me }: { id: string; me: Whoami }) {
  const loaded = useApi<IncidentDetail>(`/api/v1/incidents/${encodeURIComponent(id)}`);
  useEffect(() => live.onChange((change) => { if (change.incident.id === id) loaded.reload(); }), [id, loaded.reload]);
  useKeys({ u: () => navigate(href('incidents')) });
  return (
    <section>
      <p><a href={href('incidents')}>← Incidents</a> <span class="muted small">(u)</span></p>
      <Guarded loaded={loaded} what="the incident">{(incident) => <Incident incident={incident} me={me} reload={loaded.reload} />}</Guarded>
    </section>
  );
}

/** The anomalies of the incident's first entities from an hour before it started to its end: charts, templates and the timeline read them. */
export interface IncidentAnomalies { anomalies: Anomaly[] | undefined; error: ApiError | undefined; entities: string[]; from: number; to: number }

function useIncidentAnomalies(incident: IncidentDetail): IncidentAnomalies {
  const from = incident.startedAt - CONTEXT_BEFORE_MS;
  // An active incident's series run to now: what happens after its last alert is what a responder watches.
  const to = useMemo(() => incident.resolvedAt ?? Date.now(), [incident.id, incident.resolvedAt]);
  const entities = useMemo(() => incident.entities.slice(0, 5), [incident.entities.join(',')]);
  const [anomalies, setAnomalies] = useState<Anomaly[]>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    Promise.all(entities.map((entity) => api<Page<Anomaly>>(withQuery('/api/v1/anomalies', { entity, from, to, limit: 500 }))))
      .then((pages) => setAnomalies(pages.flatMap((page) => page.items)), (failure: unknown) => setError(failure as ApiError));
  }, [entities, from, to]);
  return { anomalies, error, entities, from, to };
}

function Incident({ incident, me, reload }: { incident: IncidentDetail; me: Whoami; reload: () => void }) {
  const found = useIncidentAnomalies(incident);
  const cause = incident.rootCauses[0]?.entityId;
  const centre = cause ?? incident.entities.find((e) => e.startsWith('service:')) ?? incident.entities[0];
  return (
    <>
      <header class="incident-head">
        <h1>{incident.title}</h1>
        <p class="meta">
          <Severity value={incident.severity} /> <Status value={incident.status} />
          <span>{incident.id}</span>
          <span>started <Time ms={incident.startedAt} /> ({ago(incident.startedAt)} ago)</span>
          {incident.resolvedAt !== null && <span>resolved after {duration(incident.resolvedAt - incident.startedAt)}</span>}
          <span>{incident.alertCount} alert{incident.alertCount === 1 ? '' : 's'}, {incident.firingCount} firing</span>
          <span>assignee: {incident.assignee ?? 'nobody'}</span>
          {incident.acknowledgedBy != null && <span>acknowledged by {incident.acknowledgedBy}</span>}
          {incident.mergedInto != null && <span>merged into <a href={href('incidents', incident.mergedInto)}>{incident.mergedInto}</a></span>}
        </p>
        <p class="summary">{summaryOf(incident)}</p>
      </header>
      {canRespond(me.role) ? <Actions incident={incident} reload={reload} /> : <p class="muted small">You are signed in as a {me.role}: a responder token can act on incidents.</p>}
      <div class="grid">
        <div class="col">
          <RootCauses incident={incident} canAct={canRespond(me.role)} />
          <Impact incident={incident} />
          <Charts incident={incident} found={found} />
          <Placeholders />
        </div>
        <div class="col">
          <section class="panel">
            <h2>Service graph</h2>
            {centre === undefined ? <Empty>This incident names no entity.</Empty> : <GraphAround centre={centre} cause={cause} affected={incident.entities} />}
          </section>
          <Templates incident={incident} found={found} />
        </div>
      </div>
      <Alerts incident={incident} canAct={canRespond(me.role)} reload={reload} />
      <Timeline incident={incident} found={found} canAct={canRespond(me.role)} reload={reload} />
    </>
  );
}

function summaryOf(incident: IncidentDetail): string {
  const problems = incident.problems?.length ? incident.problems.join(', ') : 'alerts';
  const entities = incident.entities.slice(0, 5).join(', ') + (incident.entities.length > 5 ? ` and ${incident.entities.length - 5} more` : '');
  return `${problems} on ${entities || 'no named entity'}.`;
}

/** Runs an action, shows its error, reloads on success. */
function useAction(reload: () => void) {
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const run = (name: string, path: string, body: unknown = {}) => {
    setBusy(name);
    setError(undefined);
    return api(path, { method: 'POST', body }).then(() => { reload(); return true; }, (failure: unknown) => {
      setError(failure instanceof ApiError ? failure : new ApiError(0, 'CLIENT', String(failure)));
      return false;
    }).finally(() => setBusy(undefined));
  };
  return { busy, error, run };
}

function Actions({ incident, reload }: { incident: IncidentDetail; reload: () => void }) {
  const { busy, error, run } = useAction(reload);
  const base = `/api/v1/incidents/${encodeURIComponent(incident.id)}`;
  const [assignee, setAssignee] = useState(incident.assignee ?? '');
  const [mergeIds, setMergeIds] = useState('');
  const active = ['open', 'acknowledged', 'reopened'].includes(incident.status);
  const acknowledge = () => { if (incident.status === 'open' || incident.status === 'reopened') void run('acknowledge', `${base}/acknowledge`); };
  const resolve = () => { if (active) void run('resolve', `${base}/resolve`); };
  useKeys({ a: acknowledge, r: resolve });
  return (
    <div class="actions" aria-label="Actions">
      <button type="button" onClick={acknowledge} disabled={busy !== undefined || !(incident.status === 'open' || incident.status === 'reopened')} title="a">
        {busy === 'acknowledge' ? 'Acknowledging…' : 'Acknowledge'}
      </button>
      {active
        ? <button type="button" onClick={resolve} disabled={busy !== undefined} title="r">{busy === 'resolve' ? 'Resolving…' : 'Resolve'}</button>
        : incident.status === 'resolved' && <button type="button" onClick={() => void run('reopen', `${base}/reopen`)} disabled={busy !== undefined}>Reopen</button>}
      <form class="inline" onSubmit={(event) => { event.preventDefault(); void run('assign', `${base}/assign`, { assignee: assignee.trim() === '' ? null : assignee.trim() }); }}>
        <label>Assign to <input value={assignee} placeholder="nobody" onInput={(event) => setAssignee((event.target as HTMLInputElement).value)} /></label>
        <button type="submit" disabled={busy !== undefined}>Assign</button>
      </form>
      <form class="inline" onSubmit={(event) => {
        event.preventDefault();
        const incidents = mergeIds.split(/[\s,]+/).filter((value) => value !== '');
        if (incidents.length > 0) void run('merge', `${base}/merge`, { incidents }).then((ok) => { if (ok) setMergeIds(''); });
      }}>
        <label>Merge in <input value={mergeIds} placeholder="inc_… ids" onInput={(event) => setMergeIds((event.target as HTMLInputElement).value)} /></label>
        <button type="submit" disabled={busy !== undefined || mergeIds.trim() === ''}>Merge</button>
      </form>
      {error !== undefined && <ErrorBox error={error} />}
    </div>
  );
}

function RootCauses({ incident, canAct }: { incident: IncidentDetail; canAct: boolean }) {
  const [verdicts, setVerdicts] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const judge = (entityId: string, confirmed: boolean) => {
    setError(undefined);
    api(`/api/v1/incidents/${encodeURIComponent(incident.id)}/root-cause`, { method: 'POST', body: { entityId, confirmed } })
      .then(() => setVerdicts((v) => ({ ...v, [entityId]: confirmed ? 'confirmed' : 'rejected' })), (failure: unknown) => {
        const problem = failure instanceof ApiError ? failure : new ApiError(0, 'CLIENT', String(failure));
        // The verdict endpoint arrives with the analysis stage: a server without it answers 404.
        setError(problem.status === 404
          ? new ApiError(404, problem.code, `${problem.message}: this server does not take verdicts on causes yet`) : problem);
      });
  };
  const best = incident.rootCauses[0]?.score ?? 1;
  return (
    <section class="panel" aria-labelledby="causes">
      <h2 id="causes">Probable root causes</h2>
      {incident.rootCauses.length === 0
        ? <Empty>No cause ranked yet: root cause analysis ranks the entities behind an incident once it has anomalies, calls or changes to go on.</Empty>
        : (
          <ol class="causes">
            {incident.rootCauses.map((candidate, rank) => (
              <li>
                <div class="cause-head">
                  <span class="rank">#{rank + 1}</span>
                  <a href={href('services', candidate.entityId)}><b>{candidate.entityId}</b></a>
                  <span class="bar" title={`score ${candidate.score.toFixed(3)}`}><i style={{ width: `${Math.round((candidate.score / (best || 1)) * 100)}%` }} /></span>
                  <span class="muted small">{candidate.score.toFixed(2)}</span>
                  {verdicts[candidate.entityId] !== undefined && <span class="tag">{verdicts[candidate.entityId]}</span>}
                  {canAct && (
                    <span class="buttons">
                      <button type="button" class="small" onClick={() => judge(candidate.entityId, true)}>Confirm</button>
                      <button type="button" class="small" onClick={() => judge(candidate.entityId, false)}>Reject</button>
                    </span>
                  )}
                </div>
                <ul class="evidence">{candidate.evidence.map((line) => <li>{line}</li>)}</ul>
              </li>
            ))}
          </ol>
        )}
      {error !== undefined && <ErrorBox error={error} />}
    </section>
  );
}

const percent = (ratio: number | null) => (ratio === null ? '–' : `${(100 * ratio).toFixed(1)} %`);
const millis = (ms: number | null) => (ms === null ? '–' : `${Math.round(ms)} ms`);

function Impact({ incident }: { incident: IncidentDetail }) {
  const impact = incident.impact;
  if (impact === undefined || impact === null) return null;
  return (
    <section class="panel">
      <h2>Impact</h2>
      <p>{impact.summary}</p>
      {impact.affected.length > 0 && (
        <table class="small">
          <thead><tr><th>affected</th><th>hops from cause</th><th>errors before → since</th><th>p95 before → since</th></tr></thead>
          <tbody>
            {impact.affected.map((service) => (
              <tr key={service.entityId}>
                <td>{service.entityId}{service.entryPoint ? ' (entry point)' : ''}</td>
                <td>{service.hops}</td>
                <td>{percent(service.errorRatioBefore)} → {percent(service.errorRatioAfter)}</td>
                <td>{millis(service.p95MsBefore)} → {millis(service.p95MsAfter)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The anomalous series of the incident's entities around its time: the series with the most stored anomalies, each drawn from its recent points. */
function Charts({ incident, found }: { incident: IncidentDetail; found: IncidentAnomalies }) {
  const { anomalies, error, entities, from } = found;
  const charts = useMemo(() => {
    const bySubject = new Map<string, ChartPoint[]>();
    for (const anomaly of (anomalies ?? []).filter((a) => a.signal === 'metric' && a.actual !== undefined)) {
      const points = bySubject.get(anomaly.subject) ?? [];
      if (anomaly.since !== undefined && anomaly.since < anomaly.time && anomaly.expected !== undefined) {
        points.push({ time: anomaly.since, actual: anomaly.expected, expected: anomaly.expected, lower: anomaly.lower, upper: anomaly.upper, anomalous: false });
      }
      const actual = anomaly.actual ?? 0;
      // Marked where the value left its band (every point, when the detector gave no band).
      const outside = anomaly.lower === undefined || anomaly.upper === undefined || actual < anomaly.lower || actual > anomaly.upper;
      points.push({ time: anomaly.time, actual, expected: anomaly.expected, lower: anomaly.lower, upper: anomaly.upper, anomalous: outside });
      bySubject.set(anomaly.subject, points);
    }
    return [...bySubject].sort((a, b) => b[1].length - a[1].length).slice(0, CHARTS);
  }, [anomalies]);
  const until = incident.resolvedAt ?? Infinity;
  const other = (anomalies ?? []).filter((a) => a.signal !== 'metric');
  return (
    <section class="panel">
      <h2>Anomalous series</h2>
      {error !== undefined && <ErrorBox error={error} />}
      {anomalies === undefined && error === undefined && <Loading what="anomalies" />}
      {anomalies !== undefined && charts.length === 0 && <Empty>No metric anomaly on {entities.join(', ') || 'its entities'} since an hour before it started.</Empty>}
      {charts.map(([subject, stored]) => <RecentSeriesChart key={subject} subject={subject} stored={stored} from={from} until={until} />)}
      {other.length > 0 && (
        <ul class="compact">{other.slice(0, 10).map((a) => <li><Time ms={a.time} /> <b>{a.detector}</b> {a.explanation}</li>)}</ul>
      )}
    </section>
  );
}

/**
 * One series from the points the server keeps of it (its line, the expected band, the points it scored as anomalies),
 * with the stored anomalies from before the first of them: the server keeps the last few hundred points in memory
 * only, so after a restart, or for an older incident, the stored anomalies alone draw the chart.
 */
function RecentSeriesChart({ subject, stored, from, until }: { subject: string; stored: ChartPoint[]; from: number; until: number }) {
  const [recent, setRecent] = useState<ChartPoint[] | null>();
  useEffect(() => {
    api<{ items: SeriesPoints[] }>(withQuery('/api/v1/series/points', { key: subject })).then(({ items }) => setRecent((items[0]?.points ?? []).flatMap((p) => (
      p.actual === null || p.time < from || p.time > until ? [] : [{ time: p.time, actual: p.actual, expected: p.expected ?? undefined, lower: p.lower ?? undefined, upper: p.upper ?? undefined, anomalous: p.anomalous }]
    ))), () => setRecent(null)); // an older server has no recent points: the stored anomalies still draw the chart
  }, [subject, from, until]);
  const points = useMemo(() => {
    if (recent === undefined || recent === null || recent.length === 0) return stored;
    const first = recent[0]?.time ?? 0;
    return [...stored.filter((p) => p.time < first), ...recent];
  }, [recent, stored]);
  if (recent === undefined) return <Loading what={`the points of ${subject}`} />;
  const note = recent === null || recent.length === 0 ? 'stored anomalies only' : `last ${recent.length} points`;
  return <SeriesChart title={subject} note={note} points={points} />;
}

function GraphAround({ centre, cause, affected }: { centre: string; cause: string | undefined; affected: string[] }) {
  const loaded = useApi<Topology>(withQuery('/api/v1/topology', { entity: centre, depth: 2 }));
  return (
    <Guarded loaded={loaded} what="the service graph">{(topology) => (topology.nodes.length === 0
      ? <Empty>The service graph has nothing around {centre} yet: it is learned from traces and `topology.edges`.</Empty>
      : <ServiceGraph topology={topology} cause={cause} affected={affected} onOpen={(id) => navigate(href('services', id))} />)}
    </Guarded>
  );
}

/** Rows of the templates panel: every template an anomaly or alert names, then the most frequent of the entities up to this. */
const TEMPLATE_ROWS = 12;

/** The template ids the incident's log anomalies and alerts name. */
function namedTemplateIds(incident: IncidentDetail, anomalies: readonly Anomaly[]): string[] {
  const named = [...anomalies.map((a) => a.templateId), ...incident.alerts.map((a) => a.labels.templateId)];
  return [...new Set(named.filter((id): id is string => id !== undefined && id !== ''))];
}

/** The templates named first, then each entity's most frequent ones not named, up to TEMPLATE_ROWS. */
async function templatesInvolved(incident: IncidentDetail, found: IncidentAnomalies): Promise<{ template: LogTemplate; named: boolean }[]> {
  const ids = namedTemplateIds(incident, found.anomalies ?? []);
  const named = ids.length === 0 ? [] : (await api<Page<LogTemplate>>(withQuery('/api/v1/log-templates', { ids: ids.slice(0, 200).join(','), limit: 200 }))).items;
  const frequent = (await Promise.all(found.entities.map((entity) => api<Page<LogTemplate>>(withQuery('/api/v1/log-templates', { entity, limit: TEMPLATE_ROWS })))))
    .flatMap((page) => page.items).sort((a, b) => b.count - a.count);
  const shown = new Set(named.map((t) => `${t.entityId} ${t.id}`));
  const fill = frequent.filter((t) => !shown.has(`${t.entityId} ${t.id}`)).slice(0, Math.max(0, TEMPLATE_ROWS - named.length));
  return [...named.map((template) => ({ template, named: true })), ...fill.map((template) => ({ template, named: false }))];
}

function Templates({ incident, found }: { incident: IncidentDetail; found: IncidentAnomalies }) {
  const [templates, setTemplates] = useState<{ template: LogTemplate; named: boolean }[]>();
  const [error, setError] = useState<ApiError>();
  const settled = found.anomalies !== undefined || found.error !== undefined;
  useEffect(() => {
    if (settled) templatesInvolved(incident, found).then(setTemplates, (failure: unknown) => setError(failure as ApiError));
  }, [settled, found.anomalies, incident.alerts]);
  return (
    <section class="panel" aria-labelledby="templates">
      <h2 id="templates">Log templates involved</h2>
      {error !== undefined && <ErrorBox error={error} />}
      {templates === undefined && error === undefined && <Loading what="log templates" />}
      {templates?.length === 0 && <Empty>No log templates learned for these entities.</Empty>}
      {templates !== undefined && templates.length > 0 && (
        <table class="list compact">
          <thead><tr><th>Entity</th><th>Template</th><th class="num">Lines</th></tr></thead>
          <tbody>{templates.map(({ template: t, named }) => (
            <tr key={`${t.entityId} ${t.id}`}>
              <td>{t.entityId}</td>
              <td>{named && <span class="tag named" title="an anomaly or alert of this incident names it">in this incident</span>} <code>{t.template}</code><ExampleLines examples={t.examples} /></td>
              <td class="num">{t.count}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

function Alerts({ incident, canAct, reload }: { incident: IncidentDetail; canAct: boolean; reload: () => void }) {
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const { busy, error, run } = useAction(reload);
  const split = () => void run('split', `/api/v1/incidents/${encodeURIComponent(incident.id)}/split`, { alerts: [...chosen] })
    .then((ok) => { if (ok) setChosen(new Set()); });
  const toggle = (alert: Alert) => setChosen((current) => {
    const next = new Set(current);
    if (!next.delete(alert.fingerprint)) next.add(alert.fingerprint);
    return next;
  });
  return (
    <section class="panel">
      <h2>Alerts and why they joined</h2>
      {incident.alerts.length === 0 ? <Empty>No alerts.</Empty> : (
        <table class="list">
          <thead><tr>{canAct && <th><span class="sr-only">Split</span></th>}<th>Severity</th><th>State</th><th>Alert</th><th>Entity</th><th>Why it joined</th><th class="num">Reports</th><th>Since</th></tr></thead>
          <tbody>
            {incident.alerts.map((alert) => (
              <tr>
                {canAct && <td><input type="checkbox" aria-label={`choose ${alert.title} to split off`} checked={chosen.has(alert.fingerprint)} onChange={() => toggle(alert)} /></td>}
                <td><Severity value={alert.severity} /></td>
                <td><Status value={alert.status} /></td>
                <td>{alert.url === null ? alert.title : <a href={alert.url} rel="noreferrer noopener" target="_blank">{alert.title}</a>}</td>
                <td>{alert.entityId}</td>
                <td>{alert.correlation === undefined ? <span class="muted">–</span> : (
                  <span title={`score ${alert.correlation.score.toFixed(2)}`}>{alert.correlation.reason}</span>
                )}</td>
                <td class="num">{alert.count}</td>
                <td><Time ms={alert.activeSince} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canAct && incident.alerts.length > 1 && (
        <p><button type="button" disabled={chosen.size === 0 || busy !== undefined} onClick={split}>Split {chosen.size || ''} chosen alert{chosen.size === 1 ? '' : 's'} into a new incident</button></p>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </section>
  );
}

/** Anomalies merged into the timeline at first; "show more" adds as many again. */
const TIMELINE_ANOMALIES = 10;

type TimelineRow = { time: number; entry: TimelineEntry } | { time: number; anomaly: Anomaly };

/** The stored timeline with the first `shown` anomalies of the incident's span, by time (an entry before an anomaly at the same time). */
function timelineRows(timeline: readonly TimelineEntry[], anomalies: readonly Anomaly[], shown: number): TimelineRow[] {
  const rows: TimelineRow[] = [...timeline.map((entry) => ({ time: entry.time, entry })), ...anomalies.slice(0, shown).map((anomaly) => ({ time: anomaly.time, anomaly }))];
  return rows.sort((a, b) => a.time - b.time || Number('anomaly' in a) - Number('anomaly' in b));
}

function TimelineAnomaly({ anomaly }: { anomaly: Anomaly }) {
  const text = anomaly.explanation.length > 200 ? `${anomaly.explanation.slice(0, 200)}…` : anomaly.explanation;
  return <li class="tl-detected"><Time ms={anomaly.time} /> <span class="tag detected">anomaly</span> <b>{anomaly.detector}</b> on {anomaly.entityId}: {text}</li>;
}

function Timeline({ incident, found, canAct, reload }: { incident: IncidentDetail; found: IncidentAnomalies; canAct: boolean; reload: () => void }) {
  const [text, setText] = useState('');
  const [shown, setShown] = useState(TIMELINE_ANOMALIES);
  const { busy, error, run } = useAction(reload);
  const end = incident.resolvedAt ?? Infinity;
  const inSpan = useMemo(() => (found.anomalies ?? []).filter((a) => a.time >= incident.startedAt && a.time <= end).sort((a, b) => a.time - b.time),
    [found.anomalies, incident.startedAt, end]);
  const hidden = inSpan.length - Math.min(shown, inSpan.length);
  return (
    <section class="panel">
      <h2>Timeline</h2>
      {found.error !== undefined && <ErrorBox error={found.error} />}
      <ol class="timeline">
        {timelineRows(incident.timeline, inSpan, shown).map((row) => ('anomaly' in row ? <TimelineAnomaly anomaly={row.anomaly} /> : (
          <li class={`tl-${row.entry.kind}`}><Time ms={row.entry.time} /> <span class="tag">{row.entry.kind}</span> {row.entry.text}{row.entry.by !== undefined && <span class="muted"> — {row.entry.by}</span>}</li>
        )))}
      </ol>
      {hidden > 0 && (
        <p><button type="button" class="link small" onClick={() => setShown(shown + TIMELINE_ANOMALIES)}>
          Show more anomalies ({hidden} hidden)
        </button></p>
      )}
      {canAct && (
        <form onSubmit={(event) => {
          event.preventDefault();
          if (text.trim() !== '') void run('comment', `/api/v1/incidents/${encodeURIComponent(incident.id)}/comments`, { text: text.trim() }).then((ok) => { if (ok) setText(''); });
        }}>
          <label for="comment">Comment</label>
          <textarea id="comment" rows={2} value={text} onInput={(event) => setText((event.target as HTMLTextAreaElement).value)} placeholder="What you found, what you did" />
          <button type="submit" disabled={busy !== undefined || text.trim() === ''}>Add comment</button>
        </form>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </section>
  );
}

function Placeholders() {
  return (
    <section class="panel placeholders">
      <h2>Recommended fixes</h2>
      <p class="muted">None yet. Fixes learned from similar past incidents will appear here once the knowledge stage is in place.</p>
      <h2>Runbook runs</h2>
      <p class="muted">None. Runbook automation is not available yet; runs started for this incident will be listed here.</p>
    </section>
  );
}
