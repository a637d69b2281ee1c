/** `opsight bench loghub`: log parsing accuracy (GA, PA, FGA, FTA) and miner throughput on Loghub-layout datasets. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatTable, type Cell } from '../../cli/table.js';
import { Labels } from './dataset.js';
import type { ParseScores } from './metrics.js';
import { runLoghub, type LoghubReport } from './runner.js';

/** Scores print with three decimals; an unscored dataset (no truth) shows 0 so the column stays numeric. */
const score = (value: number | undefined): Cell => Number((value ?? 0).toFixed(3));

function scoreCells(scores: ParseScores | undefined): Cell[] {
  return [score(scores?.ga), score(scores?.pa), score(scores?.fga), score(scores?.fta)];
}

/** The accuracy table (one row per dataset and the average), then the throughput table. */
export function formatLoghubReport(report: LoghubReport): string {
  const rows: Cell[][] = report.datasets.map((d) => [d.name, d.lines, ...scoreCells(d.scores), d.templateCount, d.truthTemplateCount ?? 0]);
  const sum = (pick: (d: LoghubReport['datasets'][number]) => number) => report.datasets.reduce((n, d) => n + pick(d), 0);
  rows.push(['average / total', sum((d) => d.lines), ...scoreCells(report.average), sum((d) => d.templateCount), sum((d) => d.truthTemplateCount ?? 0)]);
  const accuracy = formatTable(['dataset', 'lines', 'GA', 'PA', 'FGA', 'FTA', 'templates', 'true templates'], rows);
  const t = report.throughput;
  const speed = formatTable(
    ['lines mined', 'seconds', 'lines/s', 'first pass (unseen) lines/s', 'best pass lines/s', 'CPU lines/s', 'templates before', 'templates after'],
    [[t.lines, Number(t.seconds.toFixed(3)), Math.round(t.linesPerSecond), Math.round(t.firstPassLinesPerSecond), Math.round(t.bestPassLinesPerSecond),
      Math.round(t.cpuLinesPerSecond), t.templatesBefore, t.templatesAfter]],
  );
  return `Loghub-2k, ${report.labels} labels\n\n${accuracy}\n\nThroughput (miner only, one core, datasets repeated)\n\n${speed}\n`;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function loghubCommand(): Command {
  return new Command('loghub')
    .description('log template mining on Loghub: GA, PA, FGA, FTA per dataset, and throughput on repeated input')
    .requiredOption('--data <dir>', 'folder with formats.json and <DS>/<DS>_2k.log files')
    .option('--out <dir>', 'write <DS>_2k.log_structured.csv (LineId, EventId, EventTemplate, ...) here')
    .addOption(new Option('--labels <kind>', 'ground truth to score against').choices(Object.values(Labels)).default(Labels.corrected))
    .option('--repeat <n>', 'passes over all datasets for the throughput run', positiveInt, 100)
    .option('--json', 'print JSON instead of tables')
    .action(async (opts: { data: string; out?: string; labels: Labels; repeat: number; json?: boolean }) => {
      const report = await runLoghub({ data: opts.data, out: opts.out, labels: opts.labels, repeat: opts.repeat });
      process.stdout.write(opts.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatLoghubReport(report));
    });
}
