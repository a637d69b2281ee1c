/** Loads a folder in NAB's layout (data/<category>/<name>.csv, labels/combined_windows.json) into plain arrays. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One labelled series: `key` is `<category>/<name>.csv`, as in NAB's label files. */
export interface NabFile {
  key: string;
  category: string;
  name: string;
  /** Row timestamps, epoch ms (NAB's timestamps are naive; read as UTC). */
  times: Float64Array;
  values: Float64Array;
  /** The raw timestamp strings, written back unchanged in results files. */
  stamps: string[];
  /** Anomaly windows as [start, end] epoch ms, inclusive. */
  windows: [number, number][];
}

/** Parses NAB's `YYYY-MM-DD HH:MM:SS[.ffffff]` as UTC epoch ms; NaN when malformed. */
export function parseNabTime(stamp: string): number {
  const iso = stamp.trim().slice(0, 19).replace(' ', 'T');
  return Date.parse(`${iso}Z`);
}

/** Parses a `timestamp,value[,...]` CSV; `column` picks the value column by header name. */
export function parseCsv(text: string, column = 'value'): { stamps: string[]; values: number[] } {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim());
  const index = header.indexOf(column);
  if (index < 0) throw new Error(`CSV has no "${column}" column (header: ${header.join(',')})`);
  const stamps: string[] = [];
  const values: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const cells = line.split(',');
    stamps.push(cells[0] ?? '');
    values.push(Number(cells[index]));
  }
  return { stamps, values };
}

function listCsv(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.csv')).sort();
}

function loadWindows(root: string): Record<string, [string, string][]> {
  const path = join(root, 'labels', 'combined_windows.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, [string, string][]>;
}

/** Loads every labelled data file; files without a label entry are skipped (NAB scores only labelled files). */
export function loadCorpus(root: string): NabFile[] {
  const labels = loadWindows(root);
  const dataDir = join(root, 'data');
  const files: NabFile[] = [];
  for (const category of readdirSync(dataDir).sort()) {
    if (!statSync(join(dataDir, category)).isDirectory()) continue;
    for (const file of listCsv(join(dataDir, category))) {
      const key = `${category}/${file}`;
      const windows = labels[key];
      if (windows === undefined) continue;
      const { stamps, values } = parseCsv(readFileSync(join(dataDir, category, file), 'utf8'));
      files.push({
        key,
        category,
        name: file.replace(/\.csv$/, ''),
        times: Float64Array.from(stamps, parseNabTime),
        values: Float64Array.from(values),
        stamps,
        windows: windows.map(([start, end]) => [parseNabTime(start), parseNabTime(end)]),
      });
    }
  }
  return files;
}
