/**
 * `opsight bench ui`: the web UI's bundle size and its first paint on a cold load. opsight runs in-process on a
 * fresh SQLite store with incidents posted through the ingest API; Debian's chromium loads the incident list
 * with an empty cache each run, and the page's own Paint Timing says when it first painted and when the list
 * of incidents was on screen.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { configSchema } from '../../config/schema.js';
import { openStore } from '../../store/index.js';
import { startRuntime, appDependencies } from '../../runtime/runtime.js';
import { buildApp } from '../../server/app.js';
import { issueToken } from '../../server/auth/tokens.js';
import { DEFAULT_WEB_ROOT } from '../../server/routes/web.js';
import type { OnProgress } from '../report.js';

export const CHROMIUM = '/usr/bin/chromium';

export interface BundleFile { name: string; bytes: number; gzipBytes: number; onFirstLoad: boolean }
export interface UiBenchReport {
  incidents: number;
  runs: number;
  bundle: { files: BundleFile[]; firstLoadBytes: number; firstLoadGzipBytes: number; totalBytes: number };
  /** Medians over the runs, in ms from navigation start. */
  firstContentfulPaintMs: number;
  incidentListMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

/** The built files; those index.html names are what a cold load fetches before the first paint. */
export function bundleOf(root: string): UiBenchReport['bundle'] {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const names = ['index.html', ...readdirSync(join(root, 'assets')).map((name) => `assets/${name}`)];
  const files = names.map((name) => {
    const body = readFileSync(join(root, name));
    return { name, bytes: statSync(join(root, name)).size, gzipBytes: gzipSync(body).length, onFirstLoad: name === 'index.html' || html.includes(`/${name}`) };
  });
  const first = files.filter((file) => file.onFirstLoad);
  return {
    files, firstLoadBytes: first.reduce((sum, f) => sum + f.bytes, 0), firstLoadGzipBytes: first.reduce((sum, f) => sum + f.gzipBytes, 0),
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
  };
}

export async function runUiBench(options: { runs: number; incidents: number; onProgress?: OnProgress }): Promise<UiBenchReport> {
  const bundle = bundleOf(DEFAULT_WEB_ROOT);
  const { chromium } = await import('playwright-core').catch(() => {
    throw new Error('playwright-core is not installed: it is a development dependency (npm install)');
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'opsight-bench-ui-'));
  const store = await openStore({ driver: 'sqlite', dataDir, postgresUrl: undefined, sqliteSynchronous: 'normal' });
  const runtime = await startRuntime(configSchema.parse({ dataDir }), store, pino({ level: 'silent' }));
  const app = await buildApp(appDependencies(runtime, () => true));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const ingest = await issueToken(store, 'ingest', 'bench');
    const viewer = await issueToken(store, 'viewer', 'bench');
    const start = Date.now() - options.incidents * 60_000;
    // One alert per service and minute, each far enough apart to open an incident of its own.
    const alerts = Array.from({ length: options.incidents }, (_, i) => ({
      status: 'firing', labels: { alertname: 'BenchAlert', service: `svc-${i}`, severity: 'warning' }, annotations: {},
      startsAt: new Date(start + i * 60_000).toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: `bench-${i}`,
    }));
    for (let i = 0; i < alerts.length; i += 500) {
      await app.inject({
        method: 'POST', url: '/api/v1/ingest/alertmanager', headers: { authorization: `Bearer ${ingest.token}` },
        payload: { version: '4', groupKey: 'bench', truncatedAlerts: 0, status: 'firing', receiver: 'bench', externalURL: '', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, alerts: alerts.slice(i, i + 500) },
      });
    }
    await runtime.settled();
    const paints: number[] = [];
    const lists: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } }); // a new context: an empty cache
      // Signed in as the UI signs in: the token in session storage (a script the page runs, so a string here).
      await context.addInitScript(`sessionStorage.setItem('opsight.token', ${JSON.stringify(viewer.token)})`);
      const page = await context.newPage();
      await page.goto(url);
      await page.locator('table.incidents tbody tr').first().waitFor();
      const listAt = await page.evaluate(() => performance.now());
      const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
      paints.push(paint);
      lists.push(listAt);
      await context.close();
      options.onProgress?.(run + 1, options.runs, 'cold loads');
    }
    return { incidents: options.incidents, runs: options.runs, bundle, firstContentfulPaintMs: median(paints), incidentListMs: median(lists) };
  } finally {
    await browser.close();
    await app.close();
    await runtime.close(5_000);
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
