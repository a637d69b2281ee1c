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
 * Hop delay: the time between a caller sending a request and the callee taking it. It is judged
 * against what a hop costs anywhere in the system (all calls given): a fault at one service stands
 * out against the others at once, with no history of that service needed. Slow hops into a service
 * (ingress: a network delay, a full queue at its door) are its own, not inherited from its callees.
 * So are slow hops out of it (egress: a starved CPU or a slow network on the caller's side), but only
 * when they are slow to most of its callees: slow hops to a single callee are that callee's ingress.
 */
function hopDelays(calls: readonly Call[], start: number, minCalls: number, onsetZ: number): Anomaly[] {
  const timed = calls.filter((call) => hopMs(call) !== undefined);
  if (timed.length < minCalls) return [];
  const { centre, scale: spread } = robustScale(timed.map((call) => hopMs(call) ?? 0));
  const scale = Math.max(spread, MIN_HOP_SPREAD_MS);
  const z = (call: Call) => ((hopMs(call) ?? 0) - centre) / scale;
  const after = timed.filter((call) => call.time >= start);
  const anomalies: Anomaly[] = [];
  const judge = (entityId: string, group: Call[], strength: number, signal: string) => {
    const onset = group.find((call) => z(call) >= onsetZ);
    if (onset !== undefined && strength >= onsetZ) anomalies.push({ entityId, source: 'trace', signal, since: onset.time, strength, inherited: false });
  };
  for (const [entityId, group] of groupBy(after, 'callee')) {
    if (group.length >= minCalls) judge(entityId, group, median(group.map(z)), 'ingress-delay');
  }
  for (const [entityId, group] of groupBy(after, 'caller')) {
    const perCallee = [...groupBy(group, 'callee').values()].map((toOne) => median(toOne.map(z)));
    if (group.length >= minCalls && perCallee.length >= 2) judge(entityId, group, lowerMedian(perCallee), 'egress-delay');
  }
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
  const minCalls = options.minCalls ?? 3;
  const onsetZ = options.onsetZ ?? 3;
  return { edges: callEdges(calls), anomalies: [...hopDelays(calls, start, minCalls, onsetZ), ...callErrors(calls, start, minCalls, onsetZ)] };
}
