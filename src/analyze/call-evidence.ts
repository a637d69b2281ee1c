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

const hopMs = (call: Call) => (call.calleeDurationMs === undefined ? undefined : call.durationMs - call.calleeDurationMs);

function byCallee(calls: readonly Call[]): Map<string, Call[]> {
  const groups = new Map<string, Call[]>();
  for (const call of calls) {
    const group = groups.get(call.callee.entityId);
    if (group === undefined) groups.set(call.callee.entityId, [call]);
    else group.push(call);
  }
  return groups;
}

/**
 * Ingress delay: the time between a caller sending and the callee taking the request (a network delay,
 * a full queue) is the callee's own, not inherited from its callees. It is judged against what a hop
 * costs anywhere in the system (all calls given, every callee): a fault at one door stands out
 * against the others at once, with no history of that door needed.
 */
function ingressDelays(calls: readonly Call[], start: number, minCalls: number, onsetZ: number): Anomaly[] {
  const hops = calls.map(hopMs).filter((hop): hop is number => hop !== undefined);
  if (hops.length < minCalls) return [];
  const { centre, scale: spread } = robustScale(hops);
  const scale = Math.max(spread, MIN_HOP_SPREAD_MS);
  const anomalies: Anomaly[] = [];
  for (const [entityId, group] of byCallee(calls.filter((call) => call.time >= start && hopMs(call) !== undefined))) {
    if (group.length < minCalls) continue;
    const strength = (median(group.map((call) => hopMs(call) ?? 0)) - centre) / scale;
    const onset = group.find((call) => ((hopMs(call) ?? 0) - centre) / scale >= onsetZ);
    if (onset === undefined || strength < onsetZ) continue;
    anomalies.push({ entityId, source: 'trace', signal: 'ingress-delay', since: onset.time, strength, inherited: false });
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
  for (const [entityId, group] of byCallee(calls)) {
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
  return { edges: callEdges(calls), anomalies: [...ingressDelays(calls, start, minCalls, onsetZ), ...callErrors(calls, start, minCalls, onsetZ)] };
}
