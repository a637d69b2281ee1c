/**
 * `opsight bench rca`: ranks the root cause of every case of an RCAEval-layout folder, once per signal
 * set (metrics alone, then with logs and traces), and scores the rankings of cases with a truth.
 * A case that cannot be read is reported and the others go on.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { rankCauses, type Candidate } from '../../analyze/index.js';
import type { OnProgress } from '../report.js';
import { CaseError, readCase, type RcaCase } from './case-files.js';
import { caseInput, serviceOf, type Signals } from './case-evidence.js';
import { accuracy, type Accuracy } from './scores.js';

export interface RcaBenchOptions {
  dir: string;
  signals: readonly Signals[];
  /** How long after the inject time symptoms count. */
  windowMs: number;
  onProgress?: OnProgress;
}

export interface CaseResult {
  name: string;
  truth: string | undefined;
  /** Per signal set, services best first. */
  rankings: Partial<Record<Signals, string[]>>;
  /** Per signal set, the top candidate with its evidence. */
  top: Partial<Record<Signals, Candidate>>;
  notes: string[];
}

export interface RcaReport {
  dir: string;
  windowMs: number;
  cases: CaseResult[];
  failed: { name: string; error: string }[];
  scores: { signals: Signals; accuracy: Accuracy }[];
}

function caseFolders(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new Error(`${dir} is not a readable folder`);
  }
  const folders = names.filter((name) => statSync(path.join(dir, name)).isDirectory()).sort();
  if (folders.length === 0) throw new Error(`${dir} holds no case folders`);
  return folders;
}

function rankCase(rcaCase: RcaCase, signals: readonly Signals[], windowMs: number): CaseResult {
  const result: CaseResult = { name: rcaCase.name, truth: rcaCase.truth, rankings: {}, top: {}, notes: [...rcaCase.notes] };
  for (const set of signals) {
    const { input, notes } = caseInput(rcaCase, set, windowMs);
    const candidates = rankCauses(input);
    result.rankings[set] = candidates.map((candidate) => serviceOf(candidate.entityId));
    if (candidates[0] !== undefined) result.top[set] = candidates[0];
    for (const note of notes) if (!result.notes.includes(note)) result.notes.push(note);
  }
  return result;
}

export function runRcaBench(options: RcaBenchOptions): RcaReport {
  const folders = caseFolders(options.dir);
  const cases: CaseResult[] = [];
  const failed: RcaReport['failed'] = [];
  folders.forEach((name, index) => {
    options.onProgress?.(index, folders.length, name);
    try {
      cases.push(rankCase(readCase(path.join(options.dir, name)), options.signals, options.windowMs));
    } catch (error) {
      if (!(error instanceof CaseError)) throw error;
      failed.push({ name, error: error.message });
    }
  });
  options.onProgress?.(folders.length, folders.length);
  const scores = options.signals.map((signals) => ({
    signals,
    accuracy: accuracy(cases.flatMap(({ truth, rankings }) => (truth === undefined ? [] : [{ truth, ranking: rankings[signals] ?? [] }]))),
  }));
  return { dir: options.dir, windowMs: options.windowMs, cases, failed, scores };
}

/** The rankings of the broadest signal set, `{ case: [service, ...] }`, as `--out` writes them. */
export function rankingsOut(report: RcaReport, signals: Signals): Record<string, string[]> {
  return Object.fromEntries(report.cases.map((c) => [c.name, c.rankings[signals] ?? []]));
}
