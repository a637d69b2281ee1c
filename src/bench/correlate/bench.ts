/** `opsight bench correlate --scenarios DIR`: every scenario of a folder replayed and scored, one row each and overall. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { OnProgress } from '../report.js';
import type { GroupingScores, PairCounts } from './metrics.js';
import { NO_PAIRS, addCounts, compression, pairCounts, scoresOf } from './metrics.js';
import type { Replay } from './replay.js';
import { replayScenario } from './replay.js';
import { parseScenario, type Scenario } from './scenario.js';

export const SCENARIO_EXTENSION = '.jsonl';

export interface ScenarioScore extends GroupingScores {
  scenario: string;
  /** Firing alert lines: the items scored. */
  alerts: number;
  trueIncidents: number;
  incidents: number;
  /** 1 − incidents / alerts. */
  compression: number;
  /** What the true grouping would compress to. */
  trueCompression: number;
  /** Alerts opsight's own detectors raised from the scenario's spans or samples, not scored. */
  otherAlerts: number;
  pairs: PairCounts;
}

export interface CorrelateReport {
  benchmark: 'correlate';
  scenarios: ScenarioScore[];
  overall: Omit<ScenarioScore, 'scenario'>;
}

/** The `.jsonl` files of `dir`, by name; an error when there are none. */
export function scenarioFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
    names = readdirSync(dir);
  } catch (error) {
    throw new Error(`cannot read the scenario folder: ${(error as Error).message}`);
  }
  const files = names.filter((name) => name.endsWith(SCENARIO_EXTENSION)).sort().map((name) => join(dir, name));
  if (files.length === 0) throw new Error(`no ${SCENARIO_EXTENSION} scenario files in ${dir}`);
  return files;
}

export function readScenario(file: string): Scenario {
  return parseScenario(readFileSync(file, 'utf8'), basename(file, SCENARIO_EXTENSION), file);
}

/** Scores one replay; an alert in no incident counts as an incident of its own. */
export function scoreReplay(scenario: string, replay: Replay): ScenarioScore {
  const truth = replay.alerts.map((alert) => alert.truth);
  const predicted = replay.alerts.map((alert) => alert.incidentId ?? `none:${alert.line}`);
  const incidents = new Set(predicted).size;
  const trueIncidents = new Set(truth).size;
  const pairs = pairCounts(truth, predicted);
  return {
    scenario, alerts: truth.length, trueIncidents, incidents, ...scoresOf(pairs),
    compression: compression(truth.length, incidents), trueCompression: compression(truth.length, trueIncidents), otherAlerts: replay.otherAlerts, pairs,
  };
}

/** Pairs of different scenarios are never together, so the overall figures come from the summed pair counts. */
export function overallOf(scores: readonly ScenarioScore[]): CorrelateReport['overall'] {
  const sum = (pick: (score: ScenarioScore) => number) => scores.reduce((total, score) => total + pick(score), 0);
  const pairs = scores.reduce((total, score) => addCounts(total, score.pairs), NO_PAIRS);
  const alerts = sum((score) => score.alerts);
  const incidents = sum((score) => score.incidents);
  const trueIncidents = sum((score) => score.trueIncidents);
  return {
    alerts, trueIncidents, incidents, ...scoresOf(pairs), compression: compression(alerts, incidents), trueCompression: compression(alerts, trueIncidents),
    otherAlerts: sum((score) => score.otherAlerts), pairs,
  };
}

export async function runCorrelateBench(dir: string, onProgress: OnProgress): Promise<CorrelateReport> {
  const files = scenarioFiles(dir);
  // Every file is read and validated before any is replayed: a bad line late in the folder fails at once.
  const scenarios = files.map(readScenario);
  const scores: ScenarioScore[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    onProgress(index, scenarios.length, scenario.name);
    scores.push(scoreReplay(scenario.name, await replayScenario(scenario)));
  }
  onProgress(scenarios.length, scenarios.length);
  return { benchmark: 'correlate', scenarios: scores, overall: overallOf(scores) };
}
