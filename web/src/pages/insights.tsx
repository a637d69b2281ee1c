/** Insights over a range: alerts in against incidents out, MTTA/MTTR by service and severity, noisy and flapping alerts. */
import { useMemo } from 'preact/hooks';
import type { DurationStat, GroupStat, InsightsReport } from '../../../src/insights/insights.js';
import { withQuery } from '../api.js';
import { replaceQuery } from '../router.js';
import { Empty, Guarded, useApi } from '../components/state.js';
import { clock, duration } from '../format.js';

const RANGES: Record<string, number> = { '24h': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000, '30d': 30 * 24 * 3_600_000, '90d': 90 * 24 * 3_600_000 };

const mean = (stat: DurationStat) => (stat.meanMs === null ? '–' : duration(stat.meanMs));

function Groups({ title, groups }: { title: string; groups: GroupStat[] }) {
  return (
    <section class="panel"><h2>{title}</h2>
      {groups.length === 0 ? <Empty>No incidents in this range.</Empty> : (
        <table class="list compact">
          <thead><tr><th>{title.replace('By ', '')}</th><th class="num">Incidents</th><th class="num">MTTA</th><th class="num">MTTR</th></tr></thead>
          <tbody>{groups.map((g) => <tr><td>{g.group}</td><td class="num">{g.incidents}</td><td class="num">{mean(g.mtta)}</td><td class="num">{mean(g.mttr)}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}

function OverTime({ report }: { report: InsightsReport }) {
  const { bucketStarts, series } = report.overTime;
  const totals = bucketStarts.map((_, i) => series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0));
  const max = Math.max(...totals, 1);
  if (series.length === 0) return <Empty>No incidents in this range.</Empty>;
  return (
    <>
    <p class="muted small">One bar per {report.overTime.bucketMs >= 86_400_000 ? 'day' : 'hour'}, from {clock(bucketStarts[0] ?? report.from)} to {clock(report.to)} UTC; hover a bar for its services.</p>
    <div class="bars" role="img" aria-label="incidents started per bucket">
      {bucketStarts.map((start, i) => (
        <div class="bar-col" title={`${clock(start)}: ${totals[i]} incident(s)${series.filter((s) => (s.counts[i] ?? 0) > 0).map((s) => `\n${s.service}: ${s.counts[i]}`).join('')}`}>
          <i style={{ height: `${((totals[i] ?? 0) / max) * 100}%` }} />
        </div>
      ))}
    </div>
    </>
  );
}

export function InsightsPage({ query }: { query: URLSearchParams }) {
  const range = query.get('range') ?? '7d';
  const from = useMemo(() => Date.now() - (RANGES[range] ?? RANGES['7d'] ?? 0), [range]);
  const loaded = useApi<InsightsReport>(withQuery('/api/v1/insights', { from }));
  return (
    <section>
      <div class="page-head"><h1>Insights</h1>
        <label>Range <select value={range} onChange={(event) => replaceQuery({ range: (event.target as HTMLSelectElement).value })}>
          <option value="24h">last 24 hours</option><option value="7d">last 7 days</option><option value="30d">last 30 days</option><option value="90d">last 90 days</option>
        </select></label>
        <span class="muted small">same report as <code>opsight report</code></span>
      </div>
      <Guarded loaded={loaded} what="insights">{(report) => (
        <>
          <div class="stats">
            <div><b>{report.alertsIn.toLocaleString()}</b><span>alerts in ({report.alertReports.toLocaleString()} reports)</span></div>
            <div><b>{report.incidentsOut.toLocaleString()}</b><span>incidents out</span></div>
            <div><b>{report.compression === null ? '–' : report.compression.toFixed(1)}</b><span>alerts per incident</span></div>
            <div><b>{mean(report.mtta)}</b><span>MTTA (mean of {report.mtta.count})</span></div>
            <div><b>{mean(report.mttr)}</b><span>MTTR (mean of {report.mttr.count})</span></div>
          </div>
          <section class="panel"><h2>Incidents started over time</h2><OverTime report={report} /></section>
          <div class="grid">
            <Groups title="By service" groups={report.byService} />
            <Groups title="By severity" groups={report.bySeverity} />
          </div>
          <div class="grid">
            <section class="panel"><h2>Noisiest alerts</h2>
              {report.noisiest.length === 0 ? <Empty>No alerts in this range.</Empty> : (
                <table class="list compact"><thead><tr><th>Alert</th><th>Entity</th><th class="num">Reports</th></tr></thead>
                  <tbody>{report.noisiest.map((a) => <tr><td>{a.title}</td><td>{a.entityId}</td><td class="num">{a.reports}</td></tr>)}</tbody></table>)}
            </section>
            <section class="panel"><h2>Flapping alerts</h2>
              {report.flapping.length === 0 ? <Empty>No flapping alerts in this range.</Empty> : (
                <table class="list compact"><thead><tr><th>Alert</th><th>Entity</th><th class="num">State changes</th></tr></thead>
                  <tbody>{report.flapping.map((a) => <tr><td>{a.title}</td><td>{a.entityId}</td><td class="num">{a.changes}</td></tr>)}</tbody></table>)}
            </section>
          </div>
        </>
      )}</Guarded>
    </section>
  );
}
