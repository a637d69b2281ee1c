/** `opsight bench ui`: bundle size and first paint of the web UI on a cold load; a table or --json. */
import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { printBenchReport } from '../report.js';
import { formatTable } from '../../cli/table.js';
import { CHROMIUM, runUiBench, type UiBenchReport } from './bench.js';

const kib = (bytes: number) => Number((bytes / 1024).toFixed(1));

export function formatUiReport(report: UiBenchReport): string {
  const { bundle } = report;
  return [
    `Web UI — cold load of the incident list (${report.incidents} incidents), median of ${report.runs} run(s), chromium headless`,
    '', formatTable(['measure', 'value'], [
      ['first contentful paint (ms)', Math.round(report.firstContentfulPaintMs)],
      ['incident list on screen (ms)', Math.round(report.incidentListMs)],
      ['first load (KiB)', kib(bundle.firstLoadBytes)],
      ['first load gzipped (KiB)', kib(bundle.firstLoadGzipBytes)],
      ['whole bundle (KiB)', kib(bundle.totalBytes)],
    ]),
    '', formatTable(['file', 'KiB', 'gzipped KiB', 'first load'], bundle.files.map((f) => [f.name, kib(f.bytes), kib(f.gzipBytes), f.onFirstLoad ? 'yes' : 'lazy'])),
  ].join('\n');
}

function positive(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number above 0');
  return value;
}

export function uiCommand(): Command {
  return new Command('ui')
    .description(`the web UI: bundle size, and first paint and incident list of a cold load against a local opsight (needs ${CHROMIUM} and a built bundle, npm run build)`)
    .option('--runs <n>', 'cold loads to take the median of', positive, 5)
    .option('--incidents <n>', 'incidents in the store', positive, 1000)
    .option('--json', 'print a JSON object instead of tables')
    .action((options: { runs: number; incidents: number; json?: boolean }) => printBenchReport('ui', options.json, (onProgress) => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent: apt-get install chromium`);
      return runUiBench({ runs: options.runs, incidents: options.incidents, onProgress });
    }, formatUiReport));
}
