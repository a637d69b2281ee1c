/** `opsight bench noise`: alerts per 1,000 series-days on benign telemetry, beside detection of injected faults; a table or --json. */
import { Command, InvalidArgumentError } from 'commander';
import { printBenchReport } from '../report.js';
import { formatTable } from '../../cli/table.js';
import { runNoiseBench, type NoiseReport } from './bench.js';
import { PIPELINES, type Pipeline } from './fleet-run.js';

const percent = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(1)}%`);

export function formatNoiseReport(report: NoiseReport): string {
  const { open, close, resolveAfter } = report.fleetOptions;
  const lines = [`Alert noise — metric fleet at serve's defaults (open ${open}, close ${close}, resolveAfter ${resolveAfter})`];
  if (report.fleet !== undefined) {
    const { seed, units, days, warmupDays } = report.fleet;
    lines.push(`synthetic fleet: seed ${seed}, ${units} units, ${days} days, first ${warmupDays} not counted (learning)`);
  }
  const rows = report.rows.map((r) => [
    r.corpus, r.pipeline, r.kind, r.series, r.seriesDays.toFixed(1), r.episodes, r.perThousandSeriesDays.toFixed(1),
    r.faults === 0 ? '-' : `${r.detected}/${r.faults}`, percent(r.detectionRate),
  ]);
  lines.push('', formatTable(['corpus', 'pipeline', 'kind', 'series', 'series-days', 'alert episodes', 'per 1k series-days', 'detected ≤5m', 'detection'], rows));
  if (report.byClass.length > 0) {
    const classRows = report.byClass.map((r) => [r.pipeline, r.signalClass, r.episodes, r.perThousandSeriesDays.toFixed(1)]);
    lines.push('', 'synthetic alert episodes by signal class (classify):', formatTable(['pipeline', 'class', 'alert episodes', 'per 1k series-days'], classRows));
  }
  if (report.byFault.length > 0) {
    const faultRows = report.byFault.map((r) => [r.pipeline, r.fault, r.faults, r.detected, percent(r.detectionRate), r.medianDelaySeconds === null ? '-' : r.medianDelaySeconds.toFixed(0)]);
    lines.push('', 'synthetic faults:', formatTable(['pipeline', 'fault', 'faults', 'detected ≤5m', 'detection', 'median delay s'], faultRows));
  }
  return lines.join('\n');
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return value;
}

function nonNegativeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError('expected a whole number of at least 0');
  return value;
}

function pipelines(text: string): Pipeline[] {
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PIPELINES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown ${unknown.join(', ')}: expected a comma-separated list of ${PIPELINES.join(', ')}`);
  return names as Pipeline[];
}

interface NoiseCommandOptions {
  nab?: string;
  seed: number;
  series: number;
  days: number;
  warmup: number;
  pipeline: Pipeline[];
  synthetic: boolean;
  json?: boolean;
}

export function noiseCommand(): Command {
  return new Command('noise')
    .description('alert noise: alert episodes per 1,000 series-days on benign telemetry (NAB outside its anomaly windows, synthetic healthy fleets), beside the share of injected faults detected within 5 minutes')
    .option('--nab <dir>', 'a folder in NAB layout (data/<category>/<name>.csv, labels/combined_windows.json); its benign stretches are a corpus')
    .option('--seed <n>', 'seed of the synthetic fleet', nonNegativeInteger, 1)
    .option('--series <n>', 'units in the synthetic fleet (a histogram unit is 14 series)', positiveInteger, 200)
    .option('--days <n>', 'days of synthetic telemetry', positiveInteger, 7)
    .option('--warmup <days>', 'first days of synthetic telemetry not counted (the detectors learn), and without faults', nonNegativeInteger, 1)
    .option('--pipeline <list>', `what reaches the fleet, comma-separated: raw (samples as ingested), semantics (histograms as quantiles of each scrape), semantics-5m (quantiles over 5 minutes) (default: ${PIPELINES.join(',')})`, pipelines, [...PIPELINES])
    .option('--no-synthetic', 'skip the synthetic fleet')
    .option('--json', 'print a JSON object instead of a table')
    .action((options: NoiseCommandOptions) => {
      if (options.warmup >= options.days) {
        process.stderr.write('opsight bench noise: --warmup must be fewer days than --days\n');
        process.exitCode = 1;
        return;
      }
      return printBenchReport('noise', options.json, (onProgress) => runNoiseBench({
        ...(options.nab !== undefined ? { nab: options.nab } : {}),
        ...(options.synthetic ? { fleet: { seed: options.seed, units: options.series, days: options.days, warmupDays: options.warmup } } : {}),
        pipelines: options.pipeline,
        onProgress,
      }), formatNoiseReport);
    });
}
