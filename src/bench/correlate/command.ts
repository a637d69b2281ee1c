/**
 * `opsight bench correlate`: how well alerts are grouped into incidents on replayed scenarios (pairwise
 * precision, recall and F1, adjusted Rand index, compression), how the incident list holds up in an alert
 * storm, and `--generate` to write seeded scenarios.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { formatTable } from '../../cli/table.js';
import { printBenchReport } from '../report.js';
import type { CorrelateReport, ScenarioScore } from './bench.js';
import { runCorrelateBench } from './bench.js';
import { generateScenarios } from './generate.js';
import type { StormReport } from './storm.js';
import { runStorm } from './storm.js';

export const DEFAULT_STORM_ALERTS = 10_000;

export interface CorrelateBenchReport {
  benchmark: 'correlate';
  correlation?: Omit<CorrelateReport, 'benchmark'>;
  storm?: StormReport;
}

const fixed = (value: number) => value.toFixed(3);

function scoreRow(name: string, score: Omit<ScenarioScore, 'scenario'>) {
  return [
    name, score.alerts, score.trueIncidents, score.incidents, fixed(score.precision), fixed(score.recall), fixed(score.f1),
    fixed(score.adjustedRand), fixed(score.compression), fixed(score.trueCompression), score.otherAlerts,
  ];
}

export function formatCorrelateReport(report: CorrelateBenchReport): string {
  const lines: string[] = [];
  if (report.correlation !== undefined) {
    const { scenarios, overall } = report.correlation;
    lines.push('Alert correlation — each firing alert line scored; pairs of alerts in the same incident against the truth');
    const rows = [...scenarios.map((score) => scoreRow(score.scenario, score)), scoreRow('overall', overall)];
    lines.push('', formatTable(['scenario', 'alerts', 'true incidents', 'incidents', 'precision', 'recall', 'F1', 'ARI', 'compression', 'true compression', 'other alerts'], rows));
  }
  const storm = report.storm;
  if (storm !== undefined) {
    if (lines.length > 0) lines.push('');
    lines.push(
      `Alert storm — ${storm.alerts.toLocaleString('en')} alerts over ${storm.services} services within ${storm.eventTimeSeconds} s of event time, through POST /api/v1/events`,
      '',
      formatTable(['alerts', 'incidents', 'wall s', 'refused', 'incident reads', 'GET incidents p50 ms', 'p99 ms', 'max ms'], [[
        storm.alerts, storm.incidents, storm.seconds.toFixed(1), storm.refused, storm.incidentReads,
        storm.incidentsP50Ms.toFixed(1), storm.incidentsP99Ms.toFixed(1), storm.incidentsMaxMs.toFixed(1),
      ]]),
    );
  }
  return lines.join('\n');
}

function wholeNumber(least: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < least) throw new InvalidArgumentError(`expected a whole number of at least ${least}`);
    return value;
  };
}

interface CorrelateOptions {
  scenarios?: string;
  generate?: string;
  seed: number;
  count: number;
  storm?: number | true;
  json?: boolean;
}

function generate(dir: string, seed: number, count: number): void {
  try {
    mkdirSync(dir, { recursive: true });
    for (const scenario of generateScenarios(seed, count)) writeFileSync(join(dir, scenario.file), scenario.text);
    process.stdout.write(`wrote ${count} scenarios of seed ${seed} to ${dir}\n`);
  } catch (error) {
    process.stderr.write(`opsight bench correlate: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

async function run(options: CorrelateOptions, onProgress: (done: number, total: number, label?: string) => void): Promise<CorrelateBenchReport> {
  const report: CorrelateBenchReport = { benchmark: 'correlate' };
  if (options.scenarios !== undefined) {
    const { scenarios, overall } = await runCorrelateBench(options.scenarios, onProgress);
    report.correlation = { scenarios, overall };
  }
  if (options.storm !== undefined) report.storm = await runStorm({ alerts: options.storm === true ? DEFAULT_STORM_ALERTS : options.storm, onProgress });
  return report;
}

export function correlateCommand(): Command {
  return new Command('correlate')
    .description('alert correlation: replays scenarios through the correlation pipeline and scores the incidents (pairwise precision, recall, F1, adjusted Rand index, compression); --storm measures the incident list under an alert storm; --generate writes seeded scenarios')
    .option('--scenarios <dir>', 'a folder of scenario files (*.jsonl, see docs/bench-correlate.md) to replay and score')
    .option('--generate <dir>', 'write generated scenarios to this folder instead of running')
    .option('--seed <n>', 'seed of --generate: the same seed writes the same bytes', wholeNumber(0), 1)
    .option('--count <n>', 'scenarios --generate writes', wholeNumber(1), 20)
    .option('--storm [alerts]', `send an alert storm (default ${DEFAULT_STORM_ALERTS.toLocaleString('en')} alerts in one minute of event time) to an opsight server started here`, wholeNumber(1))
    .option('--json', 'print a JSON object instead of a table')
    .action((options: CorrelateOptions) => {
      if (options.generate !== undefined) {
        generate(options.generate, options.seed, options.count);
        return undefined;
      }
      if (options.scenarios === undefined && options.storm === undefined) {
        process.stderr.write('opsight bench correlate: give --scenarios DIR, --storm or --generate DIR\n');
        process.exitCode = 1;
        return undefined;
      }
      return printBenchReport('correlate', options.json, (onProgress) => run(options, onProgress), formatCorrelateReport);
    });
}
