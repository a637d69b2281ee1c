/**
 * Root cause analysis of one incident, from what the server holds: the anomalies the detectors stored, the change
 * events, the calls of the last minutes and the topology's call graph, all within the incident's neighbourhood
 * and its window of event time; responders' verdicts weigh in. Pure: gathered evidence in, ranked causes and the
 * top cause's impact out.
 */
import type { Anomaly as StoredAnomaly, Event, Impact, RootCauseCandidate } from '../signals/index.js';
import type { Call } from '../topology/call.js';
import type { Anomaly, CallEdge, Candidate } from './evidence.js';
import { callEvidence } from './call-evidence.js';
import { rankCauses } from './rank.js';
import { applyPriors, type PriorVerdict, type RankedIncident } from './priors.js';
import { changeEvidence, storedEvidence } from './stored-evidence.js';
import { impactOf } from './impact.js';

export interface AnalysisInput {
  incident: RankedIncident;
  /** The entities whose evidence counts: the incident's and their neighbourhood. */
  scope: ReadonlySet<string>;
  /** Stored anomalies and change events of the scope in the window. */
  anomalies: readonly StoredAnomaly[];
  changes: readonly Event[];
  /** Every call of the window (hop times are judged against what a hop costs anywhere), those before the start the baseline. */
  calls: readonly Call[];
  /** The topology's call edges within the scope. */
  edges: readonly CallEdge[];
  verdicts: readonly PriorVerdict[];
}

export interface Analysis {
  rootCauses: RootCauseCandidate[];
  impact: Impact | null;
}

export interface AnalysisOptions {
  /** Most candidates kept. @default 10 */
  maxCandidates?: number;
  /** Most lines of evidence kept per candidate. @default 6 */
  maxEvidence?: number;
  /**
   * How long before the incident's start symptoms are judged (the first alert comes a sample or two after its
   * cause began; calls before that are the baseline), in ms. @default 120000
   */
  leadMs?: number;
}

const distinctEdges = (edges: readonly CallEdge[]) => [...new Map(edges.map((edge) => [`${edge.caller}\n${edge.callee}`, edge])).values()];

const stored = (candidate: Candidate, maxEvidence: number): RootCauseCandidate => ({
  entityId: candidate.entityId, score: Math.round(candidate.score * 1000) / 1000, signal: candidate.signal,
  since: Math.round(candidate.since), evidence: candidate.evidence.slice(0, maxEvidence),
});

/**
 * A service's own hop delay counts wherever it sits: the topology knows only the calls traced lately (a service
 * whose calls were not traced stands alone in it), and a door gone slow as the incident began is a likely cause
 * however far. Only the service's own delays: symptoms callers inherit need a path to the incident.
 */
function delaysElsewhere(fromCalls: readonly Anomaly[], scope: ReadonlySet<string>): Anomaly[] {
  return fromCalls.filter((anomaly) => !anomaly.inherited && !scope.has(anomaly.entityId))
    .map((anomaly) => ({ ...anomaly, description: `trace ${anomaly.signal}, outside the incident's neighbourhood` }));
}

export function analyzeIncident(input: AnalysisInput, options: AnalysisOptions = {}): Analysis {
  const { incident, scope } = input;
  const start = incident.startedAt - (options.leadMs ?? 120_000);
  const fromCalls = callEvidence(input.calls, start);
  const elsewhere = delaysElsewhere(fromCalls.anomalies, scope);
  const anomalies = [...storedEvidence(input.anomalies), ...fromCalls.anomalies].filter((anomaly) => scope.has(anomaly.entityId)).concat(elsewhere);
  const remote = new Set(elsewhere.map((anomaly) => anomaly.entityId));
  const edges = distinctEdges([...input.edges, ...fromCalls.edges.filter((edge) => (scope.has(edge.caller) && scope.has(edge.callee)) || remote.has(edge.callee))]);
  const changes = changeEvidence(input.changes).filter((change) => scope.has(change.entityId));
  const ranked = applyPriors(rankCauses({ start, anomalies, edges, changes }), input.verdicts, incident);
  const kept = ranked.slice(0, options.maxCandidates ?? 10);
  const top = kept[0];
  const scopedCalls = input.calls.filter((call) => scope.has(call.caller.entityId) || scope.has(call.callee.entityId) || remote.has(call.callee.entityId));
  return {
    rootCauses: kept.map((candidate) => stored(candidate, options.maxEvidence ?? 6)),
    impact: top === undefined ? null : impactOf({ cause: top, edges, calls: scopedCalls, start }),
  };
}
