/**
 * Log patterns: the templates the miner learned, with their counts and example lines (folded); a sparkline of each template's
 * lines per minute over its entity's last hour of logs, and templates first seen recently flagged as new.
 */
import { useMemo } from 'preact/hooks';
import type { Anomaly, LogTemplate, Page } from '../api.js';
import { withQuery } from '../api.js';
import { href, replaceQuery } from '../router.js';
import { Empty, Guarded, useApi } from '../components/state.js';
import { FoldedExampleLines } from '../components/examples.js';

const PAGE_SIZE = 100;

/** Lines per minute, the last hour, drawn against the template's own busiest minute. */
function RateSparkline({ template }: { template: LogTemplate }) {
  const { rate, rateFrom, rateBucketMs } = template;
  if (rateFrom === null || rate.length < 2) return <span class="muted small">–</span>;
  const max = Math.max(...rate, 1);
  const points = rate.map((v, i) => `${(i / (rate.length - 1)) * 80},${18 - (v / max) * 16}`).join(' ');
  const total = rate.reduce((sum, lines) => sum + lines, 0);
  const label = `${total.toLocaleString()} lines in the ${Math.round((rate.length * rateBucketMs) / 60_000)} minutes to ${new Date(rateFrom + rate.length * rateBucketMs).toLocaleTimeString()}, at most ${max.toLocaleString()} a minute`;
  return <svg class="spark" width="80" height="20" role="img" aria-label={label}><title>{label}</title><polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" /></svg>;
}

export function LogPatternsPage({ query }: { query: URLSearchParams }) {
  const filters = { entity: query.get('entity') ?? '', offset: Number(query.get('offset') ?? 0) || 0 };
  const templates = useApi<Page<LogTemplate>>(withQuery('/api/v1/log-templates', { entity: filters.entity, limit: PAGE_SIZE, offset: filters.offset }));
  const fresh = useApi<Page<Anomaly>>(withQuery('/api/v1/anomalies', { entity: filters.entity, detector: 'log.new-template', limit: 1000 }));
  const freshErrors = useApi<Page<Anomaly>>(withQuery('/api/v1/anomalies', { entity: filters.entity, detector: 'log.new-error-template', limit: 1000 }));
  const isNew = useMemo(() => new Set([...(fresh.data?.items ?? []), ...(freshErrors.data?.items ?? [])].map((a) => `${a.entityId}\u0000${a.subject}`)), [fresh.data, freshErrors.data]);
  return (
    <section>
      <div class="page-head"><h1>Log patterns</h1>{templates.data !== undefined && <span class="muted">{templates.data.total.toLocaleString()} templates</span>}</div>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>Entity <input placeholder="service:checkout" value={filters.entity} onChange={(event) => replaceQuery({ entity: (event.target as HTMLInputElement).value.trim() })} /></label>
      </form>
      <Guarded loaded={templates} what="log templates">{(page) => (page.items.length === 0
        ? <Empty>No log templates{filters.entity ? ` for ${filters.entity}` : ''} yet: they are learned from logs sent by OTLP, syslog or log files.</Empty>
        : (
          <table class="list">
            <thead><tr><th>Entity</th><th>Template</th><th class="num">Lines</th><th>Last hour</th></tr></thead>
            <tbody>{page.items.map((t) => {
              const key = `${t.entityId}\u0000${t.template}`;
              return (
                <tr key={`${t.entityId} ${t.id}`}>
                  <td><a href={href('services', t.entityId)}>{t.entityId}</a></td>
                  <td><code>{t.template}</code>{isNew.has(key) && <span class="tag new">new</span>}<FoldedExampleLines examples={t.examples} /></td>
                  <td class="num">{t.count.toLocaleString()}</td>
                  <td><RateSparkline template={t} /></td>
                </tr>
              );
            })}</tbody>
          </table>
        ))}
      </Guarded>
    </section>
  );
}
