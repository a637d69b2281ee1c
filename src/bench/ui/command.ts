/** `opsight bench ui`: bundle size, first paint, and paging and filtering of the Incidents page; tables or --json. */
import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { printBenchReport } from '../report.js';
import { formatTable } from '../../cli/table.js';
import { CHROMIUM, runUiBench, type ApiLatency, type UiBenchReport } from './bench.js';

const kib = (bytes: number) => Number((bytes / 1024).toFixed(1));
const ms = (value: number) => Math.round(value);
const latencyRow = (what: string, latency: ApiLatency) => [what, latency.requests, Number(latency.p50Ms.toFixed(1)), Number(latency.p99Ms.toFixed(1))];

export function formatUiReport(report: UiBenchReport): string {
  const { bundle } = report;
  return [
    `Web UI — the Incidents page with ${report.incidents} incidents, median of ${report.runs} run(s), chromium headless at 1366×768`,
    '', formatTable(['measure', 'value'], [
      ['first contentful paint (ms)', ms(report.firstContentfulPaintMs)],
      ['first page of rows on screen (ms)', ms(report.incidentListMs)],
      ['next page (ms)', ms(report.nextPageMs)],
      ['last page (ms)', ms(report.lastPageMs)],
      ['filter by service (ms)', ms(report.serviceFilterMs)],
      ['text search (ms)', ms(report.textSearchMs)],
      ['first load (KiB)', kib(bundle.firstLoadBytes)],
      ['first load gzipped (KiB)', kib(bundle.firstLoadGzipBytes)],
      ['whole bundle (KiB)', kib(bundle.totalBytes)],
    ]),
    '', 'GET /api/v1/incidents, 50 a page, one client over HTTP',
    formatTable(['requests', 'count', 'p50 ms', 'p99 ms'], [
      latencyRow('pages across the list', report.api.pages), latencyRow('by service', report.api.byService), latencyRow('text search', report.api.byText),
    ]),
    '', formatTable(['file', 'KiB', 'gzipped KiB', 'first load'], bundle.files.map((f) => [f.name, kib(f.bytes), kib(f.gzipBytes), f.onFirstLoad ? 'yes' : 'lazy'])),
  ].join('\n');
}

function positive(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number above 0');
  return value;
}

/** The bench opens the second and the last page of 50: they must differ. */
const MIN_INCIDENTS = 101;
function enoughIncidents(text: string): number {
  const value = positive(text);
  if (value < MIN_INCIDENTS) throw new InvalidArgumentError(`expected at least ${MIN_INCIDENTS}: the bench opens the second and the last page of 50`);
  return value;
}

export function uiCommand(): Command {
  return new Command('ui')
    .description(`the web UI against a local opsight: bundle size, first paint of a cold load, paging and filtering the Incidents page, latency of its API (needs ${CHROMIUM} and a built bundle, npm run build)`)
    .option('--runs <n>', 'cold loads to take the median of', positive, 5)
    .option('--incidents <n>', `incidents seeded in the store with their alerts, at least ${MIN_INCIDENTS}`, enoughIncidents, 1000)
    .option('--json', 'print a JSON object instead of tables')
    .action((options: { runs: number; incidents: number; json?: boolean }) => printBenchReport('ui', options.json, (onProgress) => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent: apt-get install chromium`);
      return runUiBench({ runs: options.runs, incidents: options.incidents, onProgress });
    }, formatUiReport));
}
