/** Reads and writes NAB-format results: <dir>/<category>/<detector>_<name>.csv with timestamp,value,anomaly_score. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseCsv, type NabFile } from './corpus.js';

/** Writes one results file per data file under `<out>/<detector>/`; returns that folder. */
export function writeResults(out: string, detector: string, files: readonly NabFile[], scores: readonly Float64Array[]): string {
  const root = join(out, detector);
  files.forEach((file, index) => {
    const dir = join(root, file.category);
    mkdirSync(dir, { recursive: true });
    const score = scores[index] ?? new Float64Array(0);
    const lines = ['timestamp,value,anomaly_score'];
    for (let i = 0; i < file.stamps.length; i++) lines.push(`${file.stamps[i]},${file.values[i]},${score[i] ?? 0}`);
    writeFileSync(join(dir, `${detector}_${file.name}.csv`), `${lines.join('\n')}\n`);
  });
  return root;
}

function findResultFile(dir: string, detector: string, file: NabFile): string {
  const exact = join(dir, file.category, `${detector}_${file.name}.csv`);
  if (existsSync(exact)) return exact;
  const folder = join(dir, file.category);
  const match = existsSync(folder) ? readdirSync(folder).find((name) => name.endsWith(`_${file.name}.csv`)) : undefined;
  if (match === undefined) throw new Error(`no results file for ${file.key} in ${dir} (expected ${exact})`);
  return join(folder, match);
}

/** Reads the anomaly_score column of an existing results folder (e.g. NAB's results/numenta), aligned with the corpus. */
export function readResults(dir: string, files: readonly NabFile[]): { detector: string; scores: Float64Array[] } {
  const detector = basename(dir.replace(/\/+$/, ''));
  const scores = files.map((file) => {
    const path = findResultFile(dir, detector, file);
    const { values } = parseCsv(readFileSync(path, 'utf8'), 'anomaly_score');
    if (values.length !== file.values.length) throw new Error(`${path}: ${values.length} rows, data has ${file.values.length}`);
    if (values.some((v) => !Number.isFinite(v))) throw new Error(`${path}: anomaly_score must be finite numbers`);
    return Float64Array.from(values);
  });
  return { detector, scores };
}
