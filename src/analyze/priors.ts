/**
 * Responders' verdicts on root causes as priors: a cause confirmed on a similar incident (much the same entities,
 * or much the same kinds of alert) is more likely again, one rejected less. A verdict on the incident itself
 * settles it: a confirmed cause goes first, a rejected one last. Pure: candidates and verdicts in, candidates out.
 */
import type { Candidate } from './evidence.js';

/** What a verdict said, and of which incident (its entities and kinds of alert when it was given). */
export interface PriorVerdict {
  incidentId: string;
  entityId: string;
  confirmed: boolean;
  incidentEntities: readonly string[];
  incidentKinds: readonly string[];
  decidedBy: string;
}

/** The incident being ranked, as verdicts are compared with it. */
export interface RankedIncident {
  id: string;
  entities: readonly string[];
  kinds: readonly string[];
  startedAt: number;
}

export interface PriorOptions {
  /** Similarity (Jaccard of entities or of kinds, the larger) from which a past incident counts. @default 0.5 */
  minSimilarity?: number;
  /** Score added for a cause confirmed on an identical incident (scaled by similarity): one source of evidence at its strongest. @default 2 */
  boost?: number;
  /** Share of the score taken off a cause rejected on an identical incident (scaled by similarity). @default 0.5 */
  penalty?: number;
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  const shared = [...left].filter((item) => right.has(item)).length;
  const union = left.size + right.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** How alike a past incident is to this one, in [0, 1]. */
export function similarity(verdict: PriorVerdict, incident: RankedIncident): number {
  return Math.max(jaccard(verdict.incidentEntities, incident.entities), jaccard(verdict.incidentKinds, incident.kinds));
}

interface Adjusted extends Candidate {
  /** -1: rejected on this incident, 1: confirmed on it, 0: no verdict on it. */
  settled: number;
}

function adjust(candidate: Candidate, verdicts: readonly PriorVerdict[], incident: RankedIncident, options: Required<PriorOptions>): Adjusted {
  const own = verdicts.find((verdict) => verdict.incidentId === incident.id && verdict.entityId === candidate.entityId);
  if (own !== undefined) {
    const text = `${own.confirmed ? 'confirmed' : 'rejected'} as this incident's root cause by ${own.decidedBy}`;
    return { ...candidate, settled: own.confirmed ? 1 : -1, evidence: [text, ...candidate.evidence] };
  }
  let { score } = candidate;
  const notes: string[] = [];
  const past = verdicts.filter((verdict) => verdict.entityId === candidate.entityId && verdict.incidentId !== incident.id)
    .map((verdict) => ({ verdict, alike: similarity(verdict, incident) })).filter(({ alike }) => alike >= options.minSimilarity);
  const strongest = (confirmed: boolean) => past.filter(({ verdict }) => verdict.confirmed === confirmed).sort((a, b) => b.alike - a.alike)[0];
  const confirmed = strongest(true);
  const rejected = strongest(false);
  if (confirmed !== undefined) {
    score += options.boost * confirmed.alike;
    notes.push(`confirmed as the root cause of the similar incident ${confirmed.verdict.incidentId} (${Math.round(confirmed.alike * 100)} % alike)`);
  }
  if (rejected !== undefined) {
    score *= 1 - options.penalty * rejected.alike;
    notes.push(`rejected as the root cause of the similar incident ${rejected.verdict.incidentId} (${Math.round(rejected.alike * 100)} % alike)`);
  }
  return { ...candidate, score, settled: 0, evidence: [...candidate.evidence, ...notes] };
}

/**
 * The candidates with the verdicts weighed in, best first. An entity confirmed on this incident that had no
 * evidence becomes a candidate with the responder's word alone.
 */
export function applyPriors(candidates: readonly Candidate[], verdicts: readonly PriorVerdict[], incident: RankedIncident, options: PriorOptions = {}): Candidate[] {
  const settings: Required<PriorOptions> = { minSimilarity: options.minSimilarity ?? 0.5, boost: options.boost ?? 2, penalty: options.penalty ?? 0.5 };
  const known = new Set(candidates.map((candidate) => candidate.entityId));
  const confirmedOnly = verdicts.filter((verdict) => verdict.incidentId === incident.id && verdict.confirmed && !known.has(verdict.entityId))
    .map((verdict): Candidate => ({ entityId: verdict.entityId, score: 0, signal: 'confirmed', since: incident.startedAt, evidence: [] }));
  return [...candidates, ...confirmedOnly].map((candidate) => adjust(candidate, verdicts, incident, settings))
    .sort((a, b) => b.settled - a.settled || b.score - a.score || a.since - b.since || a.entityId.localeCompare(b.entityId))
    .map(({ settled: _settled, ...candidate }) => candidate);
}
