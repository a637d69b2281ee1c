/**
 * Faults: what can go wrong in the shop, when, and what each does to the service it hits at a moment of
 * event time. What callers then see follows from the call graph (simulate.ts), not from here.
 */
import type { Rng } from '../bench/fuzz/prng.js';
import type { ServiceModel } from './shop.js';
import { SHOP } from './shop.js';

export const FAULT_KINDS = ['cpu', 'memory-leak', 'latency', 'error-rate', 'exceptions', 'bad-deploy', 'dependency-down', 'disk-fill'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  /** Unique in a run: `<kind>:<service>@<start ISO>`. */
  id: string;
  kind: FaultKind;
  service: string;
  /** Event time, ms; the fault holds in [start, end). */
  start: number;
  end: number;
}

/** What the faults active on one service do to it at one moment. */
export interface FaultEffect {
  latencyFactor: number;
  extraLatencyMs: number;
  errorRatio: number;
  /** Share of the CPU limit burnt on top of the load; 1 saturates. */
  cpuBurn: number;
  /** Working set on top of the resting one, as a share of the limit. */
  memoryGrowth: number;
  /** Disk in use, share of the volume, when a fault fills it. */
  diskUsed: number | undefined;
  /** The service does not answer: its callers time out. */
  down: boolean;
  /** Out-of-memory kills so far. */
  restarts: number;
  /** Error log lines are exception traces. */
  exceptions: boolean;
  /** Ids of the faults behind this effect. */
  causes: string[];
}

/** Minutes a leak takes from the resting working set to the limit (then the pod is killed and starts again). */
const LEAK_MINUTES = 2.5;
const MINUTE = 60_000;

export const noEffect = (): FaultEffect => ({
  latencyFactor: 1, extraLatencyMs: 0, errorRatio: 0, cpuBurn: 0, memoryGrowth: 0, diskUsed: undefined, down: false, restarts: 0, exceptions: false, causes: [],
});

const orErrors = (a: number, b: number) => 1 - (1 - a) * (1 - b);

/** Applies one active fault to the effect on its service at `time`. */
function apply(effect: FaultEffect, fault: Fault, service: ServiceModel, time: number): void {
  const elapsed = time - fault.start;
  effect.causes.push(fault.id);
  switch (fault.kind) {
    case 'cpu':
      effect.cpuBurn = 1;
      effect.latencyFactor *= 4;
      effect.errorRatio = orErrors(effect.errorRatio, 0.02);
      break;
    case 'memory-leak': {
      const cycle = LEAK_MINUTES * MINUTE;
      const headroom = 1 - service.memoryBase;
      effect.memoryGrowth = headroom * ((elapsed % cycle) / cycle);
      effect.restarts = Math.floor(elapsed / cycle);
      // Garbage collection thrashes near the limit, and the pod killed a moment ago is still starting.
      if (effect.memoryGrowth > 0.8 * headroom) effect.latencyFactor *= 1.8;
      if (effect.restarts > 0 && elapsed % cycle < 30_000) effect.errorRatio = orErrors(effect.errorRatio, 1 / service.pods.length);
      break;
    }
    case 'latency':
      effect.extraLatencyMs += 400;
      break;
    case 'error-rate':
      effect.errorRatio = orErrors(effect.errorRatio, 0.3);
      break;
    case 'exceptions':
      effect.errorRatio = orErrors(effect.errorRatio, 0.08);
      effect.exceptions = true;
      break;
    case 'bad-deploy':
      effect.errorRatio = orErrors(effect.errorRatio, 0.25);
      effect.latencyFactor *= 1.3;
      effect.exceptions = true;
      break;
    case 'dependency-down':
      effect.down = true;
      effect.errorRatio = 1;
      break;
    case 'disk-fill': {
      const used = Math.min(1, service.diskBase + (1 - service.diskBase) * (elapsed / (0.6 * (fault.end - fault.start))));
      effect.diskUsed = used;
      if (used > 0.97) {
        effect.errorRatio = orErrors(effect.errorRatio, 0.5);
        effect.exceptions = true;
      }
      break;
    }
  }
}

/** The effect on `service` at `time` of the faults active then. */
export function effectOn(service: ServiceModel, faults: readonly Fault[], time: number): FaultEffect {
  const effect = noEffect();
  for (const fault of faults) if (fault.service === service.name && fault.start <= time && time < fault.end) apply(effect, fault, service, time);
  return effect;
}

export function faultId(kind: FaultKind, service: string, start: number): string {
  return `${kind}:${service}@${new Date(start).toISOString()}`;
}

export function makeFault(kind: FaultKind, service: string, start: number, durationMs: number): Fault {
  return { id: faultId(kind, service, start), kind, service, start, end: start + durationMs };
}

/** `kind:service` as typed on the command line; throws naming what is wrong. */
export function parseFaultSpec(text: string, shop: readonly ServiceModel[] = SHOP): { kind: FaultKind; service: string } {
  const [kind = '', service = '', ...rest] = text.split(':');
  if (!(FAULT_KINDS as readonly string[]).includes(kind) || rest.length > 0) throw new Error(`fault ${JSON.stringify(text)}: write kind:service, kind one of ${FAULT_KINDS.join(', ')}`);
  if (!shop.some((s) => s.name === service)) throw new Error(`fault ${JSON.stringify(text)}: no service ${JSON.stringify(service)} (${shop.map((s) => s.name).join(', ')})`);
  return { kind: kind as FaultKind, service };
}

/** The services a fault of this kind is scheduled on: infrastructure goes down and fills disks, application code leaks and is deployed. */
export function eligibleServices(kind: FaultKind, shop: readonly ServiceModel[] = SHOP): string[] {
  const infra = (s: ServiceModel) => !s.instrumented;
  const stateful = (s: ServiceModel) => s.role === 'db' || s.role === 'queue';
  const pick = kind === 'dependency-down' ? infra : kind === 'disk-fill' ? stateful : kind === 'cpu' ? () => true : (s: ServiceModel) => !infra(s);
  return shop.filter(pick).map((s) => s.name);
}

/** The `index`-th scheduled fault: the kinds in turn, a random eligible service, lasting 3 to 5 minutes. */
export function scheduledFault(rng: Rng, index: number, start: number): Fault {
  const kind = FAULT_KINDS[index % FAULT_KINDS.length] as FaultKind;
  return makeFault(kind, rng.pick(eligibleServices(kind)), start, (3 + rng.int(3)) * MINUTE);
}
