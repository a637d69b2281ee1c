/**
 * Synthetic healthy fleets, a pure function of the seed: units (one target's series of one kind)
 * scraped every 15 s or 60 s, with missed scrapes (staleness markers, as Prometheus sends for a
 * failed scrape) and restarts (counters start over). Each unit can carry one fault, for measuring
 * detection on the same fleet.
 */
import type { Sample } from '../../signals/index.js';
import { inputRng } from '../fuzz/prng.js';
import { FAULTS_OF, KINDS, KIND_WEIGHTS, modelOf, type Fault, type Kind } from './models.js';
import { DAY, HOUR, MINUTE } from './shapes.js';

/** A Monday, so a week has its weekend where a real one does. */
export const FLEET_START = Date.UTC(2024, 0, 1);
/** Chance that a scrape fails. */
const MISSED_SCRAPE = 0.0005;
/** Mean time between restarts of a unit's process. */
const RESTART_EVERY = 4 * DAY;
const FAULT_LENGTH = 30 * MINUTE;
/** Samples handed on at once: small enough that a histogram's scrape is sometimes split across two. */
const BATCH_SAMPLES = 2_000;

export interface FleetOptions {
  seed: number;
  /** Units (targets' series of one kind); a histogram unit is 14 series. */
  units: number;
  days: number;
  /** Days at the start during which the detectors learn: alerts then are not counted, and no fault is put there. */
  warmupDays: number;
}

export interface PlannedFault {
  type: Fault;
  start: number;
  end: number;
}

export interface UnitPlan {
  index: number;
  kind: Kind;
  entityId: string;
  interval: number;
  /** The fault this unit carries in a run with faults; undefined for kinds that take none. */
  fault?: PlannedFault;
}

/** Kinds in their shares, spread evenly: each unit takes the kind furthest behind its share. */
function kindsFor(units: number): Kind[] {
  const total = KINDS.reduce((sum, kind) => sum + KIND_WEIGHTS[kind], 0);
  const assigned = new Map<Kind, number>(KINDS.map((kind) => [kind, 0]));
  const kinds: Kind[] = [];
  for (let i = 0; i < units; i++) {
    const behind = (kind: Kind) => (KIND_WEIGHTS[kind] * (i + 1)) / total - (assigned.get(kind) ?? 0);
    const kind = KINDS.reduce((best, kind) => (behind(kind) > behind(best) ? kind : best));
    assigned.set(kind, (assigned.get(kind) ?? 0) + 1);
    kinds.push(kind);
  }
  return kinds;
}

export function fleetEnd(options: FleetOptions): number {
  return FLEET_START + options.days * DAY;
}

export function planFleet(options: FleetOptions): UnitPlan[] {
  const end = fleetEnd(options);
  const earliest = FLEET_START + options.warmupDays * DAY + HOUR;
  return kindsFor(options.units).map((kind, index) => {
    const rng = inputRng(options.seed, 'noise-plan', index);
    const interval = rng.chance(0.7) ? 15_000 : 60_000;
    const plan: UnitPlan = { index, kind, entityId: `pod-${String(index).padStart(4, '0')}`, interval };
    const types = FAULTS_OF[kind];
    const latest = end - HOUR - FAULT_LENGTH;
    if (types.length > 0 && latest > earliest) {
      const start = Math.floor(earliest + rng.next() * (latest - earliest));
      plan.fault = { type: rng.pick(types), start, end: start + FAULT_LENGTH };
    }
    return plan;
  });
}

/** Feeds one unit's samples, in time order and in batches, to `sink`; with `withFault`, its fault is in them. */
export function feedUnit(plan: UnitPlan, options: FleetOptions, withFault: boolean, sink: (batch: Sample[]) => void): number {
  const rng = inputRng(options.seed, 'noise-unit', plan.index);
  const labels = { instance: plan.entityId, job: plan.kind };
  const model = modelOf(plan.kind, rng, labels, plan.interval);
  const fault = withFault ? plan.fault : undefined;
  const end = fleetEnd(options);
  let batch: Sample[] = [];
  let last = FLEET_START - plan.interval;
  for (let time = FLEET_START + rng.int(plan.interval / 1000) * 1000; time < end; time += plan.interval) {
    if (rng.chance(MISSED_SCRAPE)) {
      for (const s of model.series) batch.push({ entityId: plan.entityId, metric: s.metric, labels: s.labels, kind: s.kind, time, value: 0, stale: true });
      continue;
    }
    if (rng.chance(plan.interval / RESTART_EVERY)) model.restart();
    const active = fault !== undefined && time >= fault.start && time < fault.end ? fault.type : undefined;
    const values = model.read(time, time - last, active);
    last = time;
    model.series.forEach((s, i) => batch.push({ entityId: plan.entityId, metric: s.metric, labels: s.labels, kind: s.kind, time, value: values[i] ?? 0 }));
    if (batch.length >= BATCH_SAMPLES) {
      sink(batch);
      batch = [];
    }
  }
  if (batch.length > 0) sink(batch);
  return model.series.length;
}
