/**
 * Evidence from calls between services (the topology's calls, from spans): the call graph, the delay
 * at each callee's door, and the calls into it that failed. Pure.
 */
import type { Call } from '../topology/call.js';
import type { Anomaly, CallEdge } from './evidence.js';
import { median, robustScale } from './deviation.js';

export interface CallEvidenceOptions {
  /** Calls into a service after the start needed to judge it. @default 3 */
  minCalls?: number;
  /** z from which a call counts as deviating (its time is the onset). @default 3 */
  onsetZ?: number;
  /** Length of the stretches of calls a service's hop delay is judged on, in ms (they start every half of it). @default 120000 */
  stretchMs?: number;
}

export interface CallEvidence {
  edges: CallEdge[];
  anomalies: Anomaly[];
}

/** Distinct caller → callee pairs. */
export function callEdges(calls: readonly Call[]): CallEdge[] {
  const edges = new Map<string, CallEdge>();
  for (const { caller, callee } of calls) edges.set(`${caller.entityId}\n${callee.entityId}`, { caller: caller.entityId, callee: callee.entityId });
  return [...edges.values()];
}

/** Below a millisecond, hop times are timing noise. */
const MIN_HOP_SPREAD_MS = 1;

/** The median, the lower of the middle two for an even count: slow to most callees means slow to both of two. */
const lowerMedian = (values: readonly number[]) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1] ?? 0;

const hopMs = (call: Call) => (call.calleeDurationMs === undefined ? undefined : call.durationMs - call.calleeDurationMs);

function groupBy(calls: readonly Call[], end: 'caller' | 'callee'): Map<string, Call[]> {
  const groups = new Map<string, Call[]>();
  for (const call of calls) {
    const group = groups.get(call[end].entityId);
    if (group === undefined) groups.set(call[end].entityId, [call]);
    else group.push(call);
  }
  return groups;
}

/**
 * The calls of a group (in time order, from `start` on) in stretches of `stretchMs` every half of it: a fault
 * shorter than the window judged (it recovered, or began late in it) still fills a stretch of its own.
 */
function stretchesOf(group: readonly Call[], start: number, stretchMs: number): Call[][] {
  const step = stretchMs / 2;
  const stretches = new Map<number, Call[]>();
  for (const call of group) {
    const index = Math.floor((call.time - start) / step);
    for (const at of index > 0 ? [index - 1, index] : [index]) {
      const stretch = stretches.get(at);
      if (stretch === undefined) stretches.set(at, [call]);
      else stretch.push(call);
    }
  }
  return [...stretches.values()];
}

/**
 * Hop delay: the time between a caller sending a request and the callee taking it. It is judged
 * against what a hop costs anywhere in the system (all calls given): a fault at one service stands
 * out against the others at once, with no history of that service needed. Slow hops into a service
 * (ingress: a network delay, a full queue at its door) are its own, not inherited from its callees.
 * So are slow hops out of it (egress: a starved CPU or a slow network on the caller's side), but only
 * when they are slow to most of its callees: slow hops to a single callee are that callee's ingress.
 * A service is judged on its slowest stretch of calls, not on all of them: the window judged often
 * outlasts the fault.
 */
function hopDelays(calls: readonly Call[], start: number, settings: Required<CallEvidenceOptions>): Anomaly[] {
  const { minCalls, onsetZ, stretchMs } = settings;
  const timed = calls.filter((call) => hopMs(call) !== undefined);
  if (timed.length < minCalls) return [];
  const { centre, scale: spread } = robustScale(timed.map((call) => hopMs(call) ?? 0));
  const scale = Math.max(spread, MIN_HOP_SPREAD_MS);
  const z = (call: Call) => ((hopMs(call) ?? 0) - centre) / scale;
  const after = timed.filter((call) => call.time >= start).sort((a, b) => a.time - b.time);
  const anomalies: Anomaly[] = [];
  const judge = (entityId: string, group: Call[], strengthOf: (stretch: Call[]) => number | undefined, signal: string) => {
    let slowest: { strength: number; stretch: Call[] } | undefined;
    for (const stretch of stretchesOf(group, start, stretchMs)) {
      const strength = stretch.length >= minCalls ? strengthOf(stretch) : undefined;
      if (strength !== undefined && strength > (slowest?.strength ?? -Infinity)) slowest = { strength, stretch };
    }
    const onset = slowest?.stretch.find((call) => z(call) >= onsetZ);
    if (slowest !== undefined && onset !== undefined && slowest.strength >= onsetZ) anomalies.push({ entityId, source: 'trace', signal, since: onset.time, strength: slowest.strength, inherited: false });
  };
  for (const [entityId, group] of groupBy(after, 'callee')) judge(entityId, group, (stretch) => median(stretch.map(z)), 'ingress-delay');
  const slowToMostCallees = (stretch: Call[]) => {
    const perCallee = [...groupBy(stretch, 'callee').values()].map((toOne) => median(toOne.map(z)));
    return perCallee.length >= 2 ? lowerMedian(perCallee) : undefined;
  };
  for (const [entityId, group] of groupBy(after, 'caller')) judge(entityId, group, slowToMostCallees, 'egress-delay');
  return anomalies;
}

/**
 * Failed calls into a service: a binomial z of the failures after the start against its share before
 * (with one failure and one success assumed, so a short baseline is weak evidence). Inherited: a
 * caller's calls fail when its own callee fails.
 */
function callErrors(calls: readonly Call[], start: number, minCalls: number, onsetZ: number): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (const [entityId, group] of groupBy(calls, 'callee')) {
    const after = group.filter((call) => call.time >= start);
    if (after.length < minCalls) continue;
    const before = group.length - after.length;
    const share = (group.filter((call) => call.time < start && call.error).length + 1) / (before + 2);
    const failed = after.filter((call) => call.error);
    const strength = (failed.length - after.length * share) / Math.sqrt(after.length * share * (1 - share));
    const first = failed[0];
    if (first === undefined || strength < onsetZ) continue;
    anomalies.push({ entityId, source: 'trace', signal: 'call-errors', since: first.time, strength, inherited: true });
  }
  return anomalies;
}

export function callEvidence(calls: readonly Call[], start: number, options: CallEvidenceOptions = {}): CallEvidence {
  const settings = { minCalls: options.minCalls ?? 3, onsetZ: options.onsetZ ?? 3, stretchMs: options.stretchMs ?? 120_000 };
  return { edges: callEdges(calls), anomalies: [...hopDelays(calls, start, settings), ...callErrors(calls, start, settings.minCalls, settings.onsetZ)] };
}
