/** `opsight bench loghub`: log parsing accuracy (GA, PA, FGA, FTA) and miner throughput on Loghub-layout datasets. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatTable, type Cell } from '../../cli/table.js';
import { Labels } from './dataset.js';
import type { ParseScores } from './metrics.js';
import { runLoghub, type LeaveOneOutReport, type LoghubReport } from './runner.js';

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
  const loo = report.leaveOneOut === undefined ? '' : `\n${formatLeaveOneOut(report.leaveOneOut, report)}`;
  return `Loghub-2k, ${report.labels} labels\n\n${accuracy}\n\nThroughput (miner only, one core, datasets repeated)\n\n${speed}\n${loo}`;
}

const setting = (p: { similarity: number; minVariants: number }) => `similarity ${p.similarity}, minVariants ${p.minVariants}`;

/** Held-out scores per dataset with the setting chosen on the others, beside the in-sample ones; then the generated formats. */
function formatLeaveOneOut(loo: LeaveOneOutReport, report: LoghubReport): string {
  const inSample = new Map(report.datasets.map((d) => [d.name, d.scores]));
  const rows: Cell[][] = loo.folds.map((f) => [f.heldOut, f.chosen.similarity, f.chosen.minVariants, ...scoreCells(f.scores), score(f.trainGa), score(inSample.get(f.heldOut)?.ga), score(inSample.get(f.heldOut)?.pa)]);
  rows.push(['average', '', '', ...scoreCells(loo.average), score(loo.folds.reduce((n, f) => n + f.trainGa, 0) / Math.max(1, loo.folds.length)), score(report.average?.ga), score(report.average?.pa)]);
  const folds = formatTable(['held out', 'similarity', 'minVariants', 'GA', 'PA', 'FGA', 'FTA', 'GA on the rest', 'in-sample GA', 'in-sample PA'], rows);
  const generated = formatTable(['generated format', 'GA', 'PA', 'FGA', 'FTA'], [...loo.generated.map((g) => [g.name, ...scoreCells(g.scores)]), ['average', ...scoreCells(loo.generatedAverage)]]);
  const verdict = loo.defaultsChosen ? 'the default' : `NOT the default (${setting(loo.defaults)})`;
  return `Leave one dataset out (${loo.grid.length} settings; each dataset scored with the setting chosen on the others)\n\n${folds}\n\n`
    + `Chosen on all datasets: ${setting(loo.chosenOnAll)}, ${verdict}.\n\n`
    + `Generated formats, never chosen on (default settings)\n\n${generated}\n`;
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
    .option('--leave-one-out', 'also choose the miner settings on all datasets but one and score that one, for each, and score generated formats')
    .option('--json', 'print JSON instead of tables')
    .action(async (opts: { data: string; out?: string; labels: Labels; repeat: number; leaveOneOut?: boolean; json?: boolean }) => {
      const report = await runLoghub({ data: opts.data, out: opts.out, labels: opts.labels, repeat: opts.repeat, leaveOneOut: opts.leaveOneOut === true });
      process.stdout.write(opts.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatLoghubReport(report));
    });
}
