/**
 * The alert storm: N alerts within one minute of event time, sent to a real opsight server (in this process,
 * fresh data folder) through `POST /api/v1/events` while a reader polls `GET /api/v1/incidents`, as a
 * responder's screen would. Reports the incidents made and how long the incident list took to answer meanwhile.
 */
import { startOpsight } from '../ingest/receivers.js';
import type { OnProgress } from '../report.js';

export interface StormOptions {
  alerts: number;
  /** Alerts per request. @default 100 */
  batch?: number;
  /** Requests in flight. @default 4 */
  concurrency?: number;
  onProgress?: OnProgress;
}

export interface StormReport {
  alerts: number;
  services: number;
  eventTimeSeconds: number;
  /** Wall time from the first request until every alert was applied. */
  seconds: number;
  /** Requests refused (429/503) and sent again. */
  refused: number;
  incidents: number;
  incidentReads: number;
  incidentsP50Ms: number;
  incidentsP99Ms: number;
  incidentsMaxMs: number;
}

const STORM_START = Date.UTC(2026, 3, 1, 12);
const STORM_MS = 60_000;
const ALERT_NAMES = ['HighErrorRate', 'HighLatency', 'KubePodNotReady', 'KubePodCrashLooping', 'TargetDown', 'HighMemoryUsage', 'QueueBacklog', 'UpstreamUnavailable', 'ConnectionPoolExhausted', 'SLOBurnRate'];
const PODS_PER_SERVICE = 10;

/** Alert i: a name and a pod of one of the services, firing at its share of the minute. */
function stormAlert(i: number, total: number) {
  const name = ALERT_NAMES[i % ALERT_NAMES.length] as string;
  const podIndex = Math.floor(i / ALERT_NAMES.length);
  const service = `svc-${Math.floor(podIndex / PODS_PER_SERVICE)}`;
  const time = new Date(STORM_START + Math.floor((i * STORM_MS) / total)).toISOString();
  return { title: name, source: 'storm', severity: 'critical', labels: { service, pod: `${service}-${podIndex % PODS_PER_SERVICE}` }, time, startsAt: time };
}

export function stormServices(alerts: number): number {
  return Math.ceil(Math.ceil(alerts / ALERT_NAMES.length) / PODS_PER_SERVICE);
}

async function post(url: string, events: unknown[]): Promise<number> {
  let refused = 0;
  for (;;) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    await response.arrayBuffer();
    if (response.status === 202 || response.status === 200) return refused;
    if (response.status !== 429 && response.status !== 503) throw new Error(`POST /api/v1/events answered ${response.status}`);
    refused += 1;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? '1') * 1000));
  }
}

async function total(url: string): Promise<number> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${new URL(url).pathname} answered ${response.status}`);
  return ((await response.json()) as { total: number }).total;
}

/** The nearest-rank quantile (0–1) of sorted values; 0 of none. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number);
}

export async function runStorm(options: StormOptions): Promise<StormReport> {
  const { alerts } = options;
  const batch = options.batch ?? 100;
  const concurrency = options.concurrency ?? 4;
  const server = await startOpsight();
  try {
    const started = performance.now();
    let sent = 0;
    let refused = 0;
    const lane = async () => {
      while (sent < alerts) {
        const from = sent;
        sent = Math.min(alerts, sent + batch);
        const events = Array.from({ length: sent - from }, (_, k) => stormAlert(from + k, alerts));
        refused += await post(`${server.url}/api/v1/events`, events);
        options.onProgress?.(sent, alerts, 'sending');
      }
    };
    const sending = Promise.all(Array.from({ length: concurrency }, lane));
    const latencies: number[] = [];
    let applied = 0;
    let sendingDone = false;
    let sendingFailed: Error | undefined;
    void sending.then(() => { sendingDone = true; }, (error: unknown) => { sendingFailed = error instanceof Error ? error : new Error(String(error)); });
    // Read as a responder would until every alert is in: each read is one timed request of the first page.
    while (!sendingDone || applied < alerts) {
      if (sendingFailed !== undefined) throw sendingFailed;
      const before = performance.now();
      await total(`${server.url}/api/v1/incidents?limit=50`);
      latencies.push(performance.now() - before);
      applied = await total(`${server.url}/api/v1/alerts?limit=1`);
      if (performance.now() - started > 10 * 60_000) throw new Error(`only ${applied} of ${alerts} alerts were applied within 10 minutes`);
    }
    await sending;
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      alerts, services: stormServices(alerts), eventTimeSeconds: STORM_MS / 1000, seconds, refused,
      incidents: await total(`${server.url}/api/v1/incidents?limit=1`), incidentReads: latencies.length,
      incidentsP50Ms: quantile(sorted, 0.5), incidentsP99Ms: quantile(sorted, 0.99), incidentsMaxMs: sorted.at(-1) ?? 0,
    };
  } finally {
    await server.stop();
  }
}
