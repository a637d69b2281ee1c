/**
 * The impact of a root cause: the services upstream of it (its callers, theirs, and so on), the entry points
 * among them that users reach (nothing calls them), how their calls' errors and latency changed when the incident
 * began, and a paragraph a responder can paste into a chat. Pure: the call graph and the calls in, impact out.
 */
import type { AffectedService, Impact } from '../signals/index.js';
import type { Call } from '../topology/call.js';
import type { CallEdge, Candidate } from './evidence.js';
import { timeOfDay } from './rank.js';

export interface ImpactInput {
  cause: Candidate;
  edges: readonly CallEdge[];
  /** The calls of the evidence window; those before `start` are the baseline. */
  calls: readonly Call[];
  start: number;
  /** Most services listed. @default 50 */
  maxAffected?: number;
}

/** The cause and the services upstream of it, each with its distance in calls, nearest first. */
function upstreamOf(cause: string, edges: readonly CallEdge[], maxAffected: number): Map<string, number> {
  const callers = new Map<string, string[]>();
  for (const { caller, callee } of edges) if (caller !== callee) callers.set(callee, [...(callers.get(callee) ?? []), caller]);
  const hops = new Map([[cause, 0]]);
  const queue = [cause];
  for (let next = queue.shift(); next !== undefined && hops.size < maxAffected; next = queue.shift()) {
    for (const caller of [...(callers.get(next) ?? [])].sort()) {
      if (hops.has(caller) || hops.size >= maxAffected) continue;
      hops.set(caller, (hops.get(next) ?? 0) + 1);
      queue.push(caller);
    }
  }
  return hops;
}

function p95(durations: readonly number[]): number | null {
  if (durations.length === 0) return null;
  const sorted = [...durations].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? null;
}

const errorRatio = (calls: readonly Call[]) => (calls.length === 0 ? null : calls.filter((call) => call.error).length / calls.length);

function figures(calls: readonly Call[], start: number): Pick<AffectedService, 'errorRatioBefore' | 'errorRatioAfter' | 'p95MsBefore' | 'p95MsAfter'> {
  const before = calls.filter((call) => call.time < start);
  const after = calls.filter((call) => call.time >= start);
  return {
    errorRatioBefore: errorRatio(before), errorRatioAfter: errorRatio(after),
    p95MsBefore: p95(before.map((call) => call.durationMs)), p95MsAfter: p95(after.map((call) => call.durationMs)),
  };
}

const nameOf = (entityId: string) => entityId.slice(entityId.indexOf(':') + 1);
const percent = (ratio: number | null) => (ratio === null ? 'n/a' : `${(ratio * 100).toFixed(1)} %`);
const ms = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value)} ms`);

function change(service: AffectedService): string {
  return `errors ${percent(service.errorRatioBefore)} → ${percent(service.errorRatioAfter)}, p95 ${ms(service.p95MsBefore)} → ${ms(service.p95MsAfter)}`;
}

function summaryOf(cause: Candidate, affected: readonly AffectedService[], start: number): string {
  const why = cause.evidence[0] ?? cause.signal;
  const upstream = affected.filter((service) => service.hops > 0);
  const entries = affected.filter((service) => service.entryPoint);
  const sentences = [`Since ${timeOfDay(start)}, the likely root cause is ${nameOf(cause.entityId)}: ${why}.`];
  if (upstream.length > 0) {
    const listed = upstream.slice(0, 5).map((service) => `${nameOf(service.entityId)} (${change(service)})`).join('; ');
    sentences.push(`${upstream.length} service${upstream.length === 1 ? '' : 's'} upstream of it ${upstream.length === 1 ? 'is' : 'are'} affected: ${listed}${upstream.length > 5 ? '; ...' : ''}.`);
  }
  if (entries.length > 0) {
    const listed = entries.map((service) => `${nameOf(service.entityId)} (${change(service)}${service.measured === 'calls-out' ? ', of its calls out' : ''})`).join('; ');
    sentences.push(`Users reach it through ${listed}.`);
  }
  return sentences.join(' ');
}

export function impactOf(input: ImpactInput): Impact {
  const { cause, edges, calls, start } = input;
  const hops = upstreamOf(cause.entityId, edges, input.maxAffected ?? 50);
  const called = new Set(edges.filter((edge) => edge.caller !== edge.callee).map((edge) => edge.callee));
  const affected = [...hops].map(([entityId, distance]): AffectedService => {
    const entryPoint = !called.has(entityId);
    const own = calls.filter((call) => (entryPoint ? call.caller.entityId : call.callee.entityId) === entityId);
    return { entityId, hops: distance, entryPoint, measured: entryPoint ? 'calls-out' : 'calls-in', ...figures(own, start) };
  });
  return { cause: cause.entityId, affected, summary: summaryOf(cause, affected, start) };
}
