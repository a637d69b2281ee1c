/** Loads Loghub-layout datasets from a folder: formats.json, `<DS>/<DS>_2k.log` and its ground truth. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvRecords } from './csv.js';
import { compileLogFormat } from './log-format.js';

export const Labels = { corrected: 'corrected', original: 'original' } as const;
export type Labels = (typeof Labels)[keyof typeof Labels];

export interface Dataset {
  name: string;
  /** Header fields in order, ending with Content. */
  fields: string[];
  /** Per line: its header fields and Content (the whole line when it does not fit the layout). */
  lines: Record<string, string>[];
  /** Per line, the true template ('' where the truth has none); undefined when the folder has no truth. */
  truth: string[] | undefined;
}

/** Dataset names with a layout in formats.json and a log file on disk, in formats.json order. */
export async function listDatasets(dir: string): Promise<{ name: string; layout: string }[]> {
  const path = join(dir, 'formats.json');
  if (!existsSync(path)) throw new Error(`no formats.json in ${dir}`);
  const formats = JSON.parse(await readFile(path, 'utf8')) as Record<string, { log_format?: unknown }>;
  return Object.entries(formats)
    .filter(([name, f]) => typeof f.log_format === 'string' && existsSync(logPath(dir, name)))
    .map(([name, f]) => ({ name, layout: String(f.log_format) }));
}

function logPath(dir: string, name: string): string {
  return join(dir, name, `${name}_2k.log`);
}

export async function loadDataset(dir: string, name: string, layout: string, labels: Labels): Promise<Dataset> {
  const format = compileLogFormat(layout);
  const text = await readFile(logPath(dir, name), 'utf8');
  const raw = text.split(/\r?\n/);
  if (raw.at(-1) === '') raw.pop();
  const lines = raw.map((line) => format.parse(line) ?? { Content: line });
  return { name, fields: format.fields, lines, truth: await loadTruth(dir, name, labels, lines.length) };
}

async function loadTruth(dir: string, name: string, labels: Labels, count: number): Promise<string[] | undefined> {
  const suffix = labels === Labels.corrected ? '_structured_corrected.csv' : '_structured.csv';
  const path = join(dir, name, `${name}_2k.log${suffix}`);
  if (!existsSync(path)) return undefined;
  const records = csvRecords(await readFile(path, 'utf8'));
  const truth = new Array<string>(count).fill('');
  for (const record of records) {
    const line = Number(record.LineId) - 1;
    if (line >= 0 && line < count) truth[line] = record.EventTemplate ?? '';
  }
  return truth;
}
