/**
 * `opsight bench noise`: what detection costs in alerts nobody needed. Benign telemetry (NAB's
 * stretches outside anomaly windows, synthetic healthy fleets) goes through the metric fleet in
 * serve's default configuration; alert episodes are counted per 1,000 series-days, beside the share
 * of injected faults the same fleets detect within five minutes.
 */
import { classify, type SignalClass } from '../../detect/series/index.js';
import { loadCorpus, type NabFile } from '../nab/corpus.js';
import type { Episode } from './episodes.js';
import { fleetRun, servedFleetOptions, type Pipeline } from './fleet-run.js';
import { FAULTS, KINDS, type Fault } from './models.js';
import { nabFileNoise } from './nab-noise.js';
import { DAY, MINUTE } from './shapes.js';
import { FLEET_START, feedUnit, planFleet, type FleetOptions, type UnitPlan } from './synthetic.js';

/** A fault counts as detected when an alert episode of its unit starts this soon after it. */
export const DETECTION_DELAY = 5 * MINUTE;

export interface NoiseBenchOptions {
  /** A folder in NAB's layout; without it the NAB corpus is skipped. */
  nab?: string;
  /** The synthetic fleet; undefined skips it. */
  fleet?: FleetOptions;
  pipelines: readonly Pipeline[];
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface NoiseRow {
  corpus: 'nab' | 'synthetic';
  pipeline: Pipeline;
  /** NAB category, or the synthetic kind; "all" for the corpus' total. */
  kind: string;
  series: number;
  seriesDays: number;
  episodes: number;
  perThousandSeriesDays: number;
  faults: number;
  detected: number;
  /** Share of faults detected within DETECTION_DELAY; null without faults. */
  detectionRate: number | null;
}

export interface ClassRow {
  pipeline: Pipeline;
  signalClass: SignalClass;
  episodes: number;
  perThousandSeriesDays: number;
}

export interface FaultRow {
  pipeline: Pipeline;
  fault: Fault;
  faults: number;
  detected: number;
  detectionRate: number | null;
  /** Median seconds from fault to alert, over those detected in time; null when none was. */
  medianDelaySeconds: number | null;
}

export interface NoiseReport {
  fleetOptions: ReturnType<typeof servedFleetOptions>;
  fleet?: FleetOptions;
  rows: NoiseRow[];
  byClass: ClassRow[];
  byFault: FaultRow[];
}

interface UnitResult {
  plan: UnitPlan;
  series: number;
  episodes: Episode[];
}

const perThousand = (episodes: number, seriesDays: number) => (seriesDays > 0 ? (1000 * episodes) / seriesDays : 0);
const rate = (detected: number, faults: number) => (faults > 0 ? detected / faults : null);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function row(corpus: NoiseRow['corpus'], pipeline: Pipeline, kind: string, counts: { series: number; seriesDays: number; episodes: number; faults?: number; detected?: number }): NoiseRow {
  const faults = counts.faults ?? 0;
  const detected = counts.detected ?? 0;
  return {
    corpus, pipeline, kind, series: counts.series, seriesDays: counts.seriesDays, episodes: counts.episodes,
    perThousandSeriesDays: perThousand(counts.episodes, counts.seriesDays), faults, detected, detectionRate: rate(detected, faults),
  };
}

function nabRows(files: readonly NabFile[], progress: (label: string) => void): NoiseRow[] {
  const byCategory = new Map<string, { series: number; seriesDays: number; episodes: number }>();
  for (const file of files) {
    const noise = nabFileNoise(file);
    const total = byCategory.get(noise.category) ?? { series: 0, seriesDays: 0, episodes: 0 };
    byCategory.set(noise.category, { series: total.series + noise.stretches, seriesDays: total.seriesDays + noise.seriesDays, episodes: total.episodes + noise.episodes });
    progress(file.key);
  }
  const rows = [...byCategory].map(([category, counts]) => row('nab', 'raw', category, counts));
  const sum = (key: 'series' | 'seriesDays' | 'episodes') => rows.reduce((total, r) => total + r[key], 0);
  return [...rows, row('nab', 'raw', 'all', { series: sum('series'), seriesDays: sum('seriesDays'), episodes: sum('episodes') })];
}

/** One pass of the whole fleet through a fresh fleet, unit by unit: the episodes each unit's series start. */
function fleetPass(plans: readonly UnitPlan[], options: FleetOptions, pipeline: Pipeline, withFaults: boolean, progress: (label: string) => void): UnitResult[] {
  const run = fleetRun(pipeline);
  return plans.map((plan) => {
    const episodes: Episode[] = [];
    const series = feedUnit(plan, options, withFaults, (batch) => episodes.push(...run.feed(batch)));
    progress(`${pipeline}${withFaults ? ' + faults' : ''}`);
    return { plan, series, episodes };
  });
}

/** Whether the unit's fault was followed by an alert in time, and how soon. */
function detectionOf(result: UnitResult): number | undefined {
  const fault = result.plan.fault;
  if (fault === undefined) return undefined;
  const delays = result.episodes.map((episode) => episode.start - fault.start).filter((delay) => delay >= 0 && delay <= DETECTION_DELAY);
  return delays.length > 0 ? Math.min(...delays) : undefined;
}

/** The class of the series an episode is about (the fleet's labels add `metric` and `alertname`, which classify ignores). */
function classOf(episode: Episode): SignalClass {
  return classify(episode.event.labels.metric ?? '', episode.event.labels);
}

interface FleetFigures {
  rows: NoiseRow[];
  byClass: ClassRow[];
  byFault: FaultRow[];
}

function fleetFigures(pipeline: Pipeline, options: FleetOptions, benign: UnitResult[], faulted: UnitResult[]): FleetFigures {
  const watchedFrom = FLEET_START + options.warmupDays * DAY;
  const days = options.days - options.warmupDays;
  const counted = (result: UnitResult) => result.episodes.filter((episode) => episode.start >= watchedFrom);
  const figuresOf = (kind: string, units: (r: UnitResult) => boolean) => {
    const noisy = benign.filter(units);
    const withFault = faulted.filter((r) => units(r) && r.plan.fault !== undefined);
    const series = noisy.reduce((sum, r) => sum + r.series, 0);
    return row('synthetic', pipeline, kind, {
      series, seriesDays: series * days, episodes: noisy.reduce((sum, r) => sum + counted(r).length, 0),
      faults: withFault.length, detected: withFault.filter((r) => detectionOf(r) !== undefined).length,
    });
  };
  const rows = [...KINDS.map((kind) => figuresOf(kind, (r) => r.plan.kind === kind)), figuresOf('all', () => true)];
  const seriesDays = rows.at(-1)?.seriesDays ?? 0;
  const classes = new Map<SignalClass, number>();
  for (const episode of benign.flatMap(counted)) classes.set(classOf(episode), (classes.get(classOf(episode)) ?? 0) + 1);
  const byClass = [...classes].sort((a, b) => b[1] - a[1]).map(([signalClass, episodes]) => ({ pipeline, signalClass, episodes, perThousandSeriesDays: perThousand(episodes, seriesDays) }));
  const byFault = FAULTS.map((fault) => {
    const withFault = faulted.filter((r) => r.plan.fault?.type === fault);
    const delays = withFault.map(detectionOf).filter((delay) => delay !== undefined);
    const medianDelay = median(delays);
    return { pipeline, fault, faults: withFault.length, detected: delays.length, detectionRate: rate(delays.length, withFault.length), medianDelaySeconds: medianDelay === null ? null : medianDelay / 1000 };
  });
  return { rows, byClass, byFault };
}

export function runNoiseBench(options: NoiseBenchOptions): NoiseReport {
  const nabFiles = options.nab === undefined ? [] : loadCorpus(options.nab);
  const plans = options.fleet === undefined ? [] : planFleet(options.fleet);
  const total = nabFiles.length + plans.length * options.pipelines.length * 2;
  let done = 0;
  const progress = (label: string) => options.onProgress?.(++done, total, label);
  const report: NoiseReport = { fleetOptions: servedFleetOptions(), rows: [], byClass: [], byFault: [] };
  if (nabFiles.length > 0) report.rows.push(...nabRows(nabFiles, progress));
  const fleet = options.fleet;
  if (fleet === undefined) return report;
  report.fleet = fleet;
  for (const pipeline of options.pipelines) {
    const benign = fleetPass(plans, fleet, pipeline, false, progress);
    const faulted = fleetPass(plans, fleet, pipeline, true, progress);
    const figures = fleetFigures(pipeline, fleet, benign, faulted);
    report.rows.push(...figures.rows);
    report.byClass.push(...figures.byClass);
    report.byFault.push(...figures.byFault);
  }
  return report;
}
