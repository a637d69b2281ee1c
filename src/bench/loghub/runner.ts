/** Runs the Loghub benchmark over a folder of datasets: accuracy per dataset, parsed output files, throughput. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createProgress } from '../../cli/progress.js';
import { formatCsv } from './csv.js';
import { listDatasets, loadDataset, type Dataset, type Labels } from './dataset.js';
import type { ParseScores } from './metrics.js';
import { parseDataset, type ParsedDataset } from './parse-dataset.js';
import { measureThroughput, type ThroughputResult } from './throughput.js';

export interface LoghubOptions {
  data: string;
  out: string | undefined;
  labels: Labels;
  /** Passes over all datasets for the throughput run. @default 100 */
  repeat: number;
}

export interface LoghubReport {
  labels: Labels;
  datasets: (Omit<ParsedDataset, 'eventIds' | 'templates'> & { lines: number })[];
  average: ParseScores | undefined;
  throughput: ThroughputResult;
}

export async function runLoghub(options: LoghubOptions): Promise<LoghubReport> {
  const listed = await listDatasets(options.data);
  if (listed.length === 0) throw new Error(`no datasets in ${options.data}: expected <DS>/<DS>_2k.log for the names in formats.json`);
  const datasets: Dataset[] = [];
  const parsed: ParsedDataset[] = [];
  const progress = createProgress('loghub parse');
  for (const [i, { name, layout }] of listed.entries()) {
    progress.update(i, listed.length, name);
    const dataset = await loadDataset(options.data, name, layout, options.labels);
    const result = parseDataset(dataset);
    if (options.out !== undefined) await writeParsed(options.out, dataset, result);
    datasets.push(dataset);
    parsed.push(result);
  }
  progress.finish();
  // Lines reach the miner as a decoder gives them (whole strings), not as slices of a header regex match.
  const decoded = (text: string) => Buffer.from(text, 'utf8').toString('utf8');
  const inputs = datasets.map((d) => ({ name: d.name, contents: d.lines.map((line) => decoded(line.Content ?? '')) }));
  const throughput = measureThroughput(inputs, options.repeat, createProgress('loghub speed'));
  return {
    labels: options.labels,
    datasets: parsed.map(({ eventIds, templates: _templates, ...rest }) => ({ ...rest, lines: eventIds.length })),
    average: averageScores(parsed.flatMap((p) => (p.scores === undefined ? [] : [p.scores]))),
    throughput,
  };
}

function averageScores(scores: readonly ParseScores[]): ParseScores | undefined {
  if (scores.length === 0) return undefined;
  const mean = (pick: (s: ParseScores) => number) => scores.reduce((sum, s) => sum + pick(s), 0) / scores.length;
  return { ga: mean((s) => s.ga), pa: mean((s) => s.pa), fga: mean((s) => s.fga), fta: mean((s) => s.fta) };
}

/** `<DS>_2k.log_structured.csv` (LineId, header fields, Content, EventId, EventTemplate) and `<DS>_2k.log_templates.csv`. */
async function writeParsed(out: string, dataset: Dataset, parsed: ParsedDataset): Promise<void> {
  await mkdir(out, { recursive: true });
  const header = ['LineId', ...dataset.fields, 'EventId', 'EventTemplate'];
  const rows = dataset.lines.map((line, i) => [
    String(i + 1),
    ...dataset.fields.map((field) => line[field] ?? ''),
    parsed.eventIds[i] ?? '',
    parsed.templates[i] ?? '',
  ]);
  await writeFile(join(out, `${dataset.name}_2k.log_structured.csv`), formatCsv([header, ...rows]));
  const counts = new Map<string, { template: string; count: number }>();
  parsed.eventIds.forEach((id, i) => {
    const entry = counts.get(id) ?? { template: parsed.templates[i] ?? '', count: 0 };
    counts.set(id, { ...entry, count: entry.count + 1 });
  });
  const templateRows = [...counts].map(([id, { template, count }]) => [id, template, String(count)]);
  await writeFile(join(out, `${dataset.name}_2k.log_templates.csv`), formatCsv([['EventId', 'EventTemplate', 'Occurrences'], ...templateRows]));
}
