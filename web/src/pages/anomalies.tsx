/** Anomalies explorer: what the detectors found, newest first, filtered by entity, detector and time; server paging. */
import type { Anomaly, Page } from '../api.js';
import { withQuery } from '../api.js';
import { href, replaceQuery } from '../router.js';
import { Empty, Guarded, useApi } from '../components/state.js';
import { Time, number } from '../format.js';

const PAGE_SIZE = 50;
const DETECTORS = ['', 'metric', 'log.new-template', 'log.new-error-template', 'log.rate-shift', 'log.error-burst'];

export function AnomaliesPage({ query }: { query: URLSearchParams }) {
  const filters = { entity: query.get('entity') ?? '', detector: query.get('detector') ?? '', offset: Number(query.get('offset') ?? 0) || 0 };
  const set = (change: Partial<typeof filters>) => replaceQuery({ ...filters, offset: 0, ...change });
  const loaded = useApi<Page<Anomaly>>(withQuery('/api/v1/anomalies', { entity: filters.entity, detector: filters.detector, limit: PAGE_SIZE, offset: filters.offset }));
  return (
    <section>
      <div class="page-head"><h1>Anomalies</h1>{loaded.data !== undefined && <span class="muted">{loaded.data.total.toLocaleString()} found</span>}</div>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>Entity <input placeholder="service:checkout" value={filters.entity} onChange={(event) => set({ entity: (event.target as HTMLInputElement).value.trim() })} /></label>
        <label>Detector
          <select value={filters.detector} onChange={(event) => set({ detector: (event.target as HTMLSelectElement).value })}>
            {DETECTORS.map((d) => <option value={d}>{d === '' ? 'any' : d}</option>)}
          </select>
        </label>
      </form>
      <Guarded loaded={loaded} what="anomalies">{(page) => (page.items.length === 0
        ? <Empty>No anomalies{filters.entity || filters.detector ? ' match these filters' : ' yet: detectors need a baseline (warm-up) before they find any'}.</Empty>
        : (
          <>
            <table class="list">
              <thead><tr><th>Time</th><th>Entity</th><th>Detector</th><th>Subject</th><th class="num">Score</th><th class="num">Actual</th><th>Expected (band)</th><th>Explanation</th></tr></thead>
              <tbody>{page.items.map((a) => (
                <tr>
                  <td><Time ms={a.time} /></td>
                  <td><a href={href('services', a.entityId)}>{a.entityId}</a></td>
                  <td>{a.detector}</td>
                  <td class="clip"><code title={a.subject}>{a.subject}</code></td>
                  <td class="num">{a.score.toFixed(2)}</td>
                  <td class="num">{a.actual === undefined ? '–' : number(a.actual)}</td>
                  <td>{a.expected === undefined ? '–' : `${number(a.expected)}${a.lower !== undefined && a.upper !== undefined ? ` (${number(a.lower)}–${number(a.upper)})` : ''}`}</td>
                  <td class="clip" title={a.explanation}>{a.explanation}</td>
                </tr>))}
              </tbody>
            </table>
            {page.total > PAGE_SIZE && (
              <nav class="pager">
                <button type="button" disabled={filters.offset === 0} onClick={() => replaceQuery({ ...filters, offset: filters.offset - PAGE_SIZE })}>← Newer</button>
                <span>{filters.offset + 1}–{Math.min(page.total, filters.offset + PAGE_SIZE)} of {page.total.toLocaleString()}</span>
                <button type="button" disabled={filters.offset + PAGE_SIZE >= page.total} onClick={() => replaceQuery({ ...filters, offset: filters.offset + PAGE_SIZE })}>Older →</button>
              </nav>
            )}
          </>
        ))}
      </Guarded>
    </section>
  );
}
