/**
 * Ranks the entities of an incident by how likely each is its root cause. Pure: evidence in,
 * candidates out.
 *
 * Each anomaly weighs log2(1 + strength / minStrength), so a deviation at the threshold weighs 1 and
 * a thousandfold one only a few times more. A symptom callers inherit (latency, errors, throughput)
 * counts for little when an entity it calls, directly or not, was anomalous no later: the caller
 * shows its callee's fault. An entity's score adds its strongest anomaly from each source (metrics,
 * traces, logs, changes), so a cause seen in several agrees with itself.
 */
import type { Anomaly, Candidate, CallEdge, ChangeEvent, EvidenceSource, RankInput } from './evidence.js';

export interface RankOptions {
  /** Strength from which an anomaly counts. @default 3 */
  minStrength?: number;
  /** What an inherited symptom explained by a callee still weighs, as a share. @default 0.25 */
  explainedShare?: number;
  /** How much later than a symptom a callee's anomaly may begin and still explain it (one sample of the coarsest series). @default 60000 */
  onsetSlackMs?: number;
  /** Changes this long before the start, or after it, count. @default 3600000 */
  changeWindowMs?: number;
}

interface Weighed {
  source: EvidenceSource;
  signal: string;
  since: number;
  weight: number;
  text: string;
}

/** The direct callers of each entity. */
function callersOf(edges: readonly CallEdge[]): Map<string, string[]> {
  const callers = new Map<string, string[]>();
  for (const { caller, callee } of edges) if (caller !== callee) callers.set(callee, [...(callers.get(callee) ?? []), caller]);
  return callers;
}

/** Entities reachable from each entity along caller → callee edges. */
function downstreamOf(edges: readonly CallEdge[]): (entityId: string) => Set<string> {
  const callees = new Map<string, string[]>();
  for (const { caller, callee } of edges) {
    if (caller !== callee) callees.set(caller, [...(callees.get(caller) ?? []), callee]);
  }
  const cache = new Map<string, Set<string>>();
  return (entityId) => {
    const cached = cache.get(entityId);
    if (cached !== undefined) return cached;
    const reached = new Set<string>();
    const queue = [...(callees.get(entityId) ?? [])];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (next === entityId || reached.has(next)) continue;
      reached.add(next);
      queue.push(...(callees.get(next) ?? []));
    }
    cache.set(entityId, reached);
    return reached;
  };
}

/** A time of day for a person, to the second (UTC). */
export const timeOfDay = (time: number) => `${new Date(time).toISOString().slice(11, 19)}Z`;

/** How long before the first of its callers' symptoms an entity's began, in words; empty when a caller's came first or none has any. */
function leadOverCallers(since: number, callers: readonly string[], onsets: ReadonlyMap<string, number>): string {
  const first = Math.min(...callers.map((caller) => onsets.get(caller) ?? Infinity));
  return Number.isFinite(first) && first > since ? `, ${Math.round((first - since) / 1000)} s before its callers` : '';
}

function describe(anomaly: Anomaly): string {
  const name = anomaly.entityId.slice(anomaly.entityId.indexOf(':') + 1);
  return `${name} ${anomaly.description ?? `${anomaly.source} ${anomaly.signal}`} (${anomaly.strength.toFixed(1)}σ) from ${timeOfDay(anomaly.since)}`;
}

function earliestOnsets(anomalies: readonly Anomaly[]): Map<string, number> {
  const onsets = new Map<string, number>();
  for (const { entityId, since } of anomalies) onsets.set(entityId, Math.min(since, onsets.get(entityId) ?? Infinity));
  return onsets;
}

function weighAnomalies(input: RankInput, options: Required<RankOptions>): Map<string, Weighed[]> {
  const counted = input.anomalies.filter((anomaly) => anomaly.strength >= options.minStrength);
  const onsets = earliestOnsets(counted);
  const downstream = downstreamOf(input.edges);
  const callers = callersOf(input.edges);
  const weighed = new Map<string, Weighed[]>();
  for (const anomaly of counted) {
    const explainer = anomaly.inherited
      ? [...downstream(anomaly.entityId)].find((callee) => (onsets.get(callee) ?? Infinity) <= anomaly.since + options.onsetSlackMs)
      : undefined;
    const full = Math.log2(1 + anomaly.strength / options.minStrength);
    const text = `${describe(anomaly)}${explainer === undefined ? leadOverCallers(anomaly.since, callers.get(anomaly.entityId) ?? [], onsets) : `, explained by callee ${explainer}`}`;
    const entry = { source: anomaly.source, signal: anomaly.signal, since: anomaly.since, weight: explainer === undefined ? full : full * options.explainedShare, text };
    weighed.set(anomaly.entityId, [...(weighed.get(anomaly.entityId) ?? []), entry]);
  }
  return weighed;
}

function weighChanges(changes: readonly ChangeEvent[], start: number, windowMs: number, weighed: Map<string, Weighed[]>): void {
  for (const change of changes) {
    if (Math.abs(change.time - start) > windowMs) continue;
    const entry = { source: 'change' as const, signal: 'change', since: change.time, weight: 1, text: `${change.summary} at ${timeOfDay(change.time)}` };
    weighed.set(change.entityId, [...(weighed.get(change.entityId) ?? []), entry]);
  }
}

function candidateOf(entityId: string, entries: Weighed[]): Candidate {
  const sorted = [...entries].sort((a, b) => b.weight - a.weight || a.since - b.since);
  const bestBySource = new Map<EvidenceSource, number>();
  for (const { source, weight } of sorted) bestBySource.set(source, Math.max(weight, bestBySource.get(source) ?? 0));
  const score = [...bestBySource.values()].reduce((sum, weight) => sum + weight, 0);
  return {
    entityId, score, signal: sorted[0]?.signal ?? '', since: Math.min(...sorted.map((entry) => entry.since)), evidence: sorted.map((entry) => entry.text),
  };
}

/** Candidates best first (ties: the earlier onset, then the id); entities with no evidence are not candidates. */
export function rankCauses(input: RankInput, options: RankOptions = {}): Candidate[] {
  const settings: Required<RankOptions> = {
    minStrength: options.minStrength ?? 3, explainedShare: options.explainedShare ?? 0.25,
    onsetSlackMs: options.onsetSlackMs ?? 60_000, changeWindowMs: options.changeWindowMs ?? 3_600_000,
  };
  const weighed = weighAnomalies(input, settings);
  weighChanges(input.changes ?? [], input.start, settings.changeWindowMs, weighed);
  return [...weighed.entries()].map(([entityId, entries]) => candidateOf(entityId, entries))
    .sort((a, b) => b.score - a.score || a.since - b.since || a.entityId.localeCompare(b.entityId));
}
