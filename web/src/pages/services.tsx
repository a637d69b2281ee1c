/** Services: the service graph with live health and the RED of each call; a page per service. */
import { useEffect, useMemo } from 'preact/hooks';
import type { Anomaly, Incident, LogTemplate, Page, Series, Topology, TopologyEdge } from '../api.js';
import { withQuery } from '../api.js';
import { live } from '../live.js';
import { href, navigate } from '../router.js';
import { Empty, Guarded, useApi } from '../components/state.js';
import { ServiceGraph } from '../components/graph.js';
import { FoldedExampleLines } from '../components/examples.js';
import { Severity, Status, Time, ago, number } from '../format.js';

const HEALTH_ORDER = ['critical', 'error', 'warning', 'info', 'unknown', 'ok'];

/** Calls into a service in the latest window, summed over its callers. */
function redInto(service: string, edges: readonly TopologyEdge[]) {
  const into = edges.filter((edge) => edge.to === service && edge.red !== null);
  const requests = into.reduce((sum, edge) => sum + (edge.red?.requests ?? 0), 0);
  const errors = into.reduce((sum, edge) => sum + (edge.red?.errors ?? 0), 0);
  const rate = into.reduce((sum, edge) => sum + (edge.red?.ratePerSecond ?? 0), 0);
  const p95 = Math.max(...into.map((edge) => edge.red?.p95Ms ?? 0), 0);
  return into.length === 0 ? undefined : { rate, errorRatio: requests === 0 ? 0 : errors / requests, p95 };
}

export function ServicesPage() {
  const loaded = useApi<Topology>('/api/v1/topology');
  // Health comes from firing alerts: refresh when incidents change.
  useEffect(() => live.onChange(() => loaded.reload()), [loaded.reload]);
  return (
    <section>
      <div class="page-head"><h1>Services</h1>{loaded.data?.asOf != null && <span class="muted">graph as of <Time ms={loaded.data.asOf} /></span>}</div>
      <Guarded loaded={loaded} what="the service graph">{(topology) => {
        const services = topology.nodes.filter((node) => node.kind === 'service' || node.kind === 'peer')
          .sort((a, b) => HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health) || a.name.localeCompare(b.name));
        if (topology.nodes.length === 0) return <Empty>No services seen yet. The graph is learned from traces (OTLP), from alerts' entities and from <code>topology.edges</code> in the config.</Empty>;
        return (
          <div class="grid wide-left">
            <div class="panel"><ServiceGraph topology={topology} height={520} onOpen={(id) => navigate(href('services', id))} /></div>
            <div class="panel">
              <table class="list compact">
                <thead><tr><th>Service</th><th>Health</th><th class="num">Req/s</th><th class="num">Errors</th><th class="num">p95</th></tr></thead>
                <tbody>
                  {services.map((node) => {
                    const red = redInto(node.id, topology.edges);
                    return (
                      <tr onClick={() => navigate(href('services', node.id))}>
                        <td><a href={href('services', node.id)}>{node.name}</a>{node.kind === 'peer' && <span class="muted small"> peer</span>}</td>
                        <td><Severity value={node.health} /></td>
                        <td class="num">{red === undefined ? '–' : number(red.rate)}</td>
                        <td class="num">{red === undefined ? '–' : `${(red.errorRatio * 100).toFixed(1)}%`}</td>
                        <td class="num">{red === undefined ? '–' : `${Math.round(red.p95)} ms`}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </div>
        );
      }}</Guarded>
    </section>
  );
}

export function ServicePage({ id }: { id: string }) {
  const topology = useApi<Topology>(withQuery('/api/v1/topology', { entity: id, depth: 1 }));
  const series = useApi<Page<Series>>(withQuery('/api/v1/series', { entity: id, limit: 200 }));
  const anomalies = useApi<Page<Anomaly>>(withQuery('/api/v1/anomalies', { entity: id, limit: 20 }));
  const templates = useApi<Page<LogTemplate>>(withQuery('/api/v1/log-templates', { entity: id, limit: 20 }));
  const incidents = useApi<Page<Incident>>(withQuery('/api/v1/incidents', { entity: id, limit: 20 }));
  const affected = useMemo(() => [id], [id]);
  return (
    <section>
      <p><a href={href('services')}>← Services</a></p>
      <div class="page-head"><h1>{id}</h1></div>
      <div class="grid">
        <div class="col">
          <section class="panel"><h2>Incidents</h2>
            <Guarded loaded={incidents} what="incidents">{(page) => (page.items.length === 0 ? <Empty>No incidents on {id}.</Empty> : (
              <table class="list compact"><tbody>{page.items.map((incident) => (
                <tr onClick={() => navigate(href('incidents', incident.id))}>
                  <td><Severity value={incident.severity} /></td><td><Status value={incident.status} /></td>
                  <td><a href={href('incidents', incident.id)}>{incident.title}</a></td><td>{ago(incident.startedAt)} ago</td>
                </tr>))}</tbody></table>))}
            </Guarded>
          </section>
          <section class="panel"><h2>Metric series</h2>
            <Guarded loaded={series} what="series">{(page) => (page.items.length === 0 ? <Empty>No metric series watched for {id}.</Empty> : (
              <table class="list compact">
                <thead><tr><th>Series</th><th>Class</th><th>State</th><th class="num">Last</th><th class="num">Expected</th><th class="num">σ</th></tr></thead>
                <tbody>{page.items.map((s) => (
                  <tr class={s.alerting ? 'alerting' : ''}><td><code>{s.key}</code></td><td>{s.signalClass}</td>
                    <td>{s.state}{s.state === 'learning' && ` (${s.points}/${s.warmup})`}{s.alerting && <b class="firing"> alerting</b>}</td>
                    <td class="num">{number(s.actual)}</td><td class="num">{number(s.expected)}</td><td class="num">{s.sigmas.toFixed(1)}</td></tr>))}
                </tbody>
              </table>))}
            </Guarded>
          </section>
          <section class="panel"><h2>Anomalies</h2>
            <Guarded loaded={anomalies} what="anomalies">{(page) => (page.items.length === 0 ? <Empty>No anomalies found on {id}.</Empty> : (
              <ul class="compact">{page.items.map((a) => <li><Time ms={a.time} /> <b>{a.detector}</b> {a.explanation}</li>)}</ul>))}
            </Guarded>
          </section>
        </div>
        <div class="col">
          <section class="panel"><h2>Neighbours</h2>
            <Guarded loaded={topology} what="the graph">{(graph) => (graph.nodes.length === 0 ? <Empty>Not in the service graph.</Empty>
              : <ServiceGraph topology={graph} affected={affected} onOpen={(next) => navigate(href('services', next))} />)}
            </Guarded>
          </section>
          <section class="panel"><h2>Log templates</h2>
            <Guarded loaded={templates} what="log templates">{(page) => (page.items.length === 0 ? <Empty>No log templates learned for {id}.</Empty> : (
              <table class="list compact"><tbody>{page.items.map((t) => (
                <tr key={t.id}><td><code>{t.template}</code><FoldedExampleLines examples={t.examples} /></td><td class="num">{t.count}</td></tr>
              ))}</tbody></table>))}
            </Guarded>
          </section>
        </div>
      </div>
    </section>
  );
}
