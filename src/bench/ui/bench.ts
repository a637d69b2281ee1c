/**
 * `opsight bench ui`: the web UI's bundle size, its first paint on a cold load, and how fast the Incidents page
 * pages and filters. opsight runs in-process on a fresh SQLite store seeded with a history of incidents through
 * the store; Debian's chromium loads the incident list with an empty cache each run, then pages and filters it
 * as a user would. Times are the page's own clock: from the click or change to the frame that shows the
 * expected first row. The API's latency is timed from a client over HTTP.
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
import type { Page } from 'playwright-core';
import type { OnProgress } from '../report.js';
import type { Incident } from '../../signals/index.js';
import { quantile } from '../correlate/storm.js';
import { SEEDED_SERVICES, benchIncidents, seedIncidents } from './seed.js';

export const CHROMIUM = '/usr/bin/chromium';

export interface BundleFile { name: string; bytes: number; gzipBytes: number; onFirstLoad: boolean }
/** Latency of `GET /api/v1/incidents` requests of one kind, in ms. */
export interface ApiLatency { requests: number; p50Ms: number; p99Ms: number }
export interface UiBenchReport {
  incidents: number;
  runs: number;
  bundle: { files: BundleFile[]; firstLoadBytes: number; firstLoadGzipBytes: number; totalBytes: number };
  /** Medians over the runs, in ms from navigation start. */
  firstContentfulPaintMs: number;
  incidentListMs: number;
  /** Medians over the runs, in ms from the user's action to the frame showing the rows it asked for. */
  nextPageMs: number;
  lastPageMs: number;
  serviceFilterMs: number;
  textSearchMs: number;
  /** Pages spread over the whole list, pages filtered by service, pages filtered by text. */
  api: { pages: ApiLatency; byService: ApiLatency; byText: ApiLatency };
}

const sortedOf = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const median = (values: readonly number[]) => quantile(sortedOf(values), 0.5);

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

const PAGE_SIZE = 50;
const STEP_TIMEOUT_MS = 30_000;
/** The service filtered by and the text searched for: a common service, a word in about one title in ten. */
const SERVICE = 'service:checkout';
const TEXT = 'certificate';
/** What the API is searched for: words of titles, a service, an id's start, a word in none. */
const SEARCHED = [TEXT, 'latency', 'payments', 'inc_0', 'no such words'];

/** The incidents the list shows for a filter, in its order (most recently active first, then by id). */
function listed(incidents: readonly Incident[], keep: (incident: Incident) => boolean = () => true): Incident[] {
  return incidents.filter(keep).sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const firstIdAt = (incidents: readonly Incident[], offset: number) => {
  const id = incidents[offset]?.id;
  if (id === undefined) throw new Error(`no incident at ${offset}: seed more incidents`);
  return id;
};

/** What the page is asked to do and the first row that shows it done. */
interface Step { act: string; firstRow: string }

/**
 * Runs the step's script in the page and checks every frame for the expected first row; the ms between, by the page's
 * clock. One script given as text: the page's Content-Security-Policy forbids the eval a polling driver would need.
 */
async function timed(page: Page, step: Step): Promise<number> {
  return page.evaluate<number>(`new Promise((resolve, reject) => {
    const start = performance.now();
    const shown = () => document.querySelector('table.incidents tbody tr td.title .muted')?.textContent === ${JSON.stringify(step.firstRow)};
    const check = () => shown() ? resolve(performance.now() - start)
      : performance.now() - start > ${STEP_TIMEOUT_MS} ? reject(new Error('no row ' + ${JSON.stringify(step.firstRow)} + ' after ${STEP_TIMEOUT_MS} ms'))
      : requestAnimationFrame(check);
    ${step.act};
    requestAnimationFrame(check);
  })`);
}

/** The script that sets a filter's input as a user does: its value, then the change event the page listens to. */
const typeInto = (selector: string, value: string) => `{ const input = document.querySelector(${JSON.stringify(selector)});
  input.value = ${JSON.stringify(value)}; input.dispatchEvent(new Event('change', { bubbles: true })); }`;
const showOffset = (offset: number) => `location.hash = '#/incidents?offset=${offset}'`;

/** Times `count` requests of `GET /api/v1/incidents`, request i with the query `queryAt(i)`. */
async function apiLatency(url: string, token: string, count: number, queryAt: (i: number) => Record<string, string | number>): Promise<ApiLatency> {
  const times: number[] = [];
  // The first request of a kind is not counted: it compiles the route's code and the query's statements.
  for (let i = -1; i < count; i++) {
    const query = new URLSearchParams(Object.entries({ limit: PAGE_SIZE, ...queryAt(Math.max(0, i)) }).map(([key, value]): [string, string] => [key, String(value)])).toString();
    const start = performance.now();
    const response = await fetch(`${url}/api/v1/incidents?${query}`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (i >= 0) times.push(performance.now() - start);
    if (!response.ok) throw new Error(`GET /api/v1/incidents?${query} answered ${response.status}`);
  }
  const sorted = sortedOf(times);
  return { requests: count, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
}

export async function runUiBench(options: { runs: number; incidents: number; onProgress?: OnProgress }): Promise<UiBenchReport> {
  const bundle = bundleOf(DEFAULT_WEB_ROOT);
  const { chromium } = await import('playwright-core').catch(() => {
    throw new Error('playwright-core is not installed: it is a development dependency (npm install)');
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'opsight-bench-ui-'));
  const store = await openStore({ driver: 'sqlite', dataDir, postgresUrl: undefined, sqliteSynchronous: 'normal' });
  const now = Date.now();
  await seedIncidents(store, options.incidents, now);
  const runtime = await startRuntime(configSchema.parse({ dataDir }), store, pino({ level: 'silent' }));
  const app = await buildApp(appDependencies(runtime, () => true));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const viewer = await issueToken(store, 'viewer', 'bench');
    const { incidents } = benchIncidents(options.incidents, now);
    const all = listed(incidents);
    const lastOffset = Math.floor((all.length - 1) / PAGE_SIZE) * PAGE_SIZE;
    const lastPage: Step = { act: showOffset(lastOffset), firstRow: firstIdAt(all, lastOffset) };
    const steps = {
      nextPage: { act: "document.querySelector('nav.pager button:last-of-type').click()", firstRow: firstIdAt(all, PAGE_SIZE) },
      lastPage,
      serviceFilter: { act: typeInto('.filters input[type=text]', SERVICE), firstRow: firstIdAt(listed(incidents, (i) => i.entities.includes(SERVICE)), 0) },
      textSearch: { act: typeInto('.filters input[type=search]', TEXT), firstRow: firstIdAt(listed(incidents, (i) => i.title.toLowerCase().includes(TEXT)), 0) },
    } satisfies Record<string, Step>;
    const times = { paint: [] as number[], list: [] as number[], nextPage: [] as number[], lastPage: [] as number[], serviceFilter: [] as number[], textSearch: [] as number[] };
    for (let run = 0; run < options.runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } }); // a new context: an empty cache
      // Signed in as the UI signs in: the token in session storage (a script the page runs, so a string here).
      await context.addInitScript(`sessionStorage.setItem('opsight.token', ${JSON.stringify(viewer.token)})`);
      const page = await context.newPage();
      await page.goto(`${url}/#/incidents`);
      await page.locator('table.incidents tbody tr').first().waitFor();
      times.list.push(await page.evaluate(() => performance.now()));
      times.paint.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN));
      times.nextPage.push(await timed(page, steps.nextPage));
      times.lastPage.push(await timed(page, steps.lastPage));
      times.serviceFilter.push(await timed(page, steps.serviceFilter));
      await timed(page, lastPage); // back to the unfiltered list, off its first page, so the search changes the first row
      times.textSearch.push(await timed(page, steps.textSearch));
      await context.close();
      options.onProgress?.(run + 1, options.runs, 'cold loads');
    }
    const api = {
      pages: await apiLatency(url, viewer.token, 40, (i) => ({ offset: Math.round((i / 39) * lastOffset / PAGE_SIZE) * PAGE_SIZE })),
      byService: await apiLatency(url, viewer.token, 20, (i) => ({ entity: `service:${SEEDED_SERVICES[i % SEEDED_SERVICES.length]}` })),
      byText: await apiLatency(url, viewer.token, 20, (i) => ({ q: SEARCHED[i % SEARCHED.length] ?? TEXT })),
    };
    return {
      incidents: options.incidents, runs: options.runs, bundle, firstContentfulPaintMs: median(times.paint), incidentListMs: median(times.list),
      nextPageMs: median(times.nextPage), lastPageMs: median(times.lastPage), serviceFilterMs: median(times.serviceFilter), textSearchMs: median(times.textSearch), api,
    };
  } finally {
    await browser.close();
    await app.close();
    await runtime.close(5_000);
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
