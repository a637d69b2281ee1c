/** `opsight bench nab`: runs the metric detector over NAB and prints NAB v1.1 scores, a table or --json. */
import { Command } from 'commander';
import { printBenchReport } from '../report.js';
import { formatTable } from '../../cli/table.js';
import { runNabBench, type NabBenchReport } from './bench.js';

const DEFAULT_OUT = './bench-out/nab';

function fixed(value: number | undefined, digits = 2): string {
  return value === undefined ? '-' : value.toFixed(digits);
}

/** The human-readable report: one row per profile, then speed and state size. */
export function formatReport(report: NabBenchReport): string {
  const withDefault = report.atDefault.length > 0;
  const rows = report.scores.map((best, i) => {
    const row: (string | number)[] = [best.profile, fixed(best.normalized), fixed(best.threshold, 4), `${best.detected}/${best.windows}`, best.falsePositives];
    const atDefault = report.atDefault[i];
    if (atDefault) row.push(fixed(atDefault.normalized), `${atDefault.detected}/${atDefault.windows}`, atDefault.falsePositives);
    return row;
  });
  const header = ['profile', 'score', 'best threshold', 'windows hit', 'FP rows'];
  if (withDefault) header.push(`score @${fixed(report.defaultThreshold)}`, 'windows hit', 'FP rows');
  const lines = [
    `NAB v1.1 — detector ${report.detector}, ${report.files} files, ${report.points} points, ${report.windows} windows`,
    '',
    formatTable(header, rows),
    '',
    ...formatCategories(report),
  ];
  if (report.pointsPerSecond !== undefined) lines.push(`speed: ${Math.round(report.pointsPerSecond).toLocaleString('en-US')} points/s (one core, detector only)`);
  if (report.stateBytesPerSeries !== undefined) lines.push(`state: ${report.stateBytesPerSeries} bytes per series`);
  lines.push(`results: ${report.resultsDir}`);
  return lines.join('\n');
}

/** One row per category: its files and windows, detections at the first profile's best threshold, and its points per profile (held out in brackets). */
function formatCategories(report: NabBenchReport): string[] {
  const [first] = report.categories;
  if (first === undefined) return [];
  const header = ['category', 'files', 'windows hit', 'FP rows', ...report.categories.map((p) => `${p.profile} (held out)`)];
  const rows = first.categories.map((category, i) => [
    category.category,
    category.files,
    `${category.detected}/${category.windows}`,
    category.falsePositives,
    ...report.categories.map((p) => `${fixed(p.categories[i]?.points)} (${fixed(p.categories[i]?.heldOutPoints)})`),
  ]);
  const heldOut = report.categories.map((p) => `${p.profile} ${fixed(p.heldOut)}`).join(', ');
  return [`points per category at each profile's best threshold (held out: at the threshold best on the other categories)`, '', formatTable(header, rows), '', `held out, leave one category out: ${heldOut}`, ''];
}

export function nabCommand(): Command {
  return new Command('nab')
    .description('Numenta Anomaly Benchmark: run the metric detector on every file and score it with NAB v1.1 (standard, low FP, low FN)')
    .requiredOption('--data <dir>', 'a folder in NAB layout (data/, labels/combined_windows.json, profiles.json)')
    .option('--out <dir>', 'where to write NAB-format results', DEFAULT_OUT)
    .option('--results <dir>', 'score an existing results folder (e.g. <data>/results/numenta) instead of running the detector')
    .option('--json', 'print a JSON object instead of a table')
    .action((options: { data: string; out: string; results?: string; json?: boolean }) => {
      return printBenchReport('nab', options.json, (onProgress) => runNabBench({ ...options, onProgress }), formatReport);
    });
}
