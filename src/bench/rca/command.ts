/** `opsight bench rca`: root cause ranking on RCAEval-layout cases, AC@1/3/5 and Avg@5; a table or --json. */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { printBenchReport } from '../report.js';
import { formatTable } from '../../cli/table.js';
import { SIGNALS, type Signals } from './case-evidence.js';
import { rankingsOut, runRcaBench, type RcaReport } from './bench.js';

const SIGNAL_CHOICES = ['metrics', 'all', 'both'] as const;
const DESCRIBED: Record<Signals, string> = { metrics: 'metrics', all: 'metrics+logs+traces' };

export function formatRcaReport(report: RcaReport): string {
  const score = (value: number) => Number(value.toFixed(3));
  const rows = report.scores.map(({ signals, accuracy: a }) => [DESCRIBED[signals], a.cases, score(a.acAt[0]), score(a.acAt[2]), score(a.acAt[4]), score(a.avgAt5)]);
  const lines = [
    `Root cause analysis — ${report.cases.length} case(s) ranked, ${report.failed.length} unreadable; symptoms within ${report.windowMs / 1000} s after the inject time`,
    '', formatTable(['signals', 'cases with truth', 'AC@1', 'AC@3', 'AC@5', 'Avg@5'], rows),
  ];
  const broadest = report.scores.at(-1)?.signals;
  if (broadest !== undefined) {
    const caseRows = report.cases.map((c) => {
      const ranking = c.rankings[broadest] ?? [];
      const rank = c.truth === undefined ? '-' : ranking.indexOf(c.truth) + 1 || 'not ranked';
      return [c.name, c.truth ?? '-', rank, ranking[0] ?? '-', c.top[broadest]?.evidence[0] ?? '-'];
    });
    lines.push('', `per case (${DESCRIBED[broadest]}):`, formatTable(['case', 'truth', 'rank of truth', 'top candidate', 'its strongest evidence'], caseRows));
  }
  for (const { name, error } of report.failed) lines.push(`${name}: not ranked: ${error}`);
  for (const c of report.cases) for (const note of c.notes) lines.push(`${c.name}: ${note}`);
  return lines.join('\n');
}

function positiveSeconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('expected a number of seconds above 0');
  return value;
}

interface RcaCommandOptions {
  format: 'rcaeval';
  signals: (typeof SIGNAL_CHOICES)[number];
  window: number;
  out?: string;
  json?: boolean;
}

export function rcaCommand(): Command {
  return new Command('rca')
    .description('root cause analysis: ranks the faulty service of each case (one folder per case) and prints AC@1, AC@3, AC@5 and Avg@5 over the cases with a truth.json')
    .argument('<dir>', 'a folder of cases, each with inject_time.txt, metrics.csv and optionally logs.csv, traces.csv, truth.json')
    .addOption(new Option('--format <layout>', 'layout of the cases').choices(['rcaeval']).default('rcaeval'))
    .addOption(new Option('--signals <set>', 'what the ranking uses: metrics alone, metrics with logs and traces, or both in turn').choices(SIGNAL_CHOICES).default('both'))
    .option('--window <seconds>', 'how long after the inject time symptoms count', positiveSeconds, 300)
    .option('--out <file>', 'write each case\'s ranking, {"<case>": ["service", ...]} best first (of the broadest signal set run)')
    .option('--json', 'print a JSON object instead of tables')
    .action((dir: string, options: RcaCommandOptions) => {
      const signals: Signals[] = options.signals === 'both' ? [...SIGNALS] : [options.signals];
      return printBenchReport('rca', options.json, (onProgress) => {
        const report = runRcaBench({ dir, signals, windowMs: options.window * 1000, onProgress });
        if (options.out !== undefined) writeFileSync(options.out, `${JSON.stringify(rankingsOut(report, signals[signals.length - 1] ?? 'all'), null, 1)}\n`);
        return report;
      }, formatRcaReport);
    });
}
