/** What root cause analysis ranks from, and what it gives back: plain data, so a benchmark and the server feed it alike. */

/** Where a piece of evidence was seen: candidates seen wrong in several sources outrank those seen in one. */
export type EvidenceSource = 'metric' | 'trace' | 'log' | 'change';

/** One entity behaving unlike its baseline since some time. */
export interface Anomaly {
  entityId: string;
  source: EvidenceSource;
  /** What changed: a series name, `ingress-delay`, a log template. */
  signal: string;
  /** Event time (ms) the deviation began. */
  since: number;
  /** How far from normal, in robust standard deviations of the baseline (or an equivalent z). */
  strength: number;
  /**
   * Whether callers show this symptom when a callee has it (latency, errors, throughput): then an
   * anomalous callee that began no later explains it. Saturation and delay at the entity's own door are its own.
   */
  inherited: boolean;
  /** What deviated, in words for a person ("p95 latency 8.2× its expected 120"); the source and signal when absent. */
  description?: string;
}

/** A caller depends on its callee: symptoms flow from callee to caller. */
export interface CallEdge {
  caller: string;
  callee: string;
}

/** A deploy, a configuration change, a restart: a likely cause when it lands just before the symptoms. */
export interface ChangeEvent {
  entityId: string;
  time: number;
  summary: string;
}

export interface RankInput {
  /** Event time (ms) the incident began, or the fault was injected. */
  start: number;
  anomalies: readonly Anomaly[];
  edges: readonly CallEdge[];
  changes?: readonly ChangeEvent[];
}

export interface Candidate {
  entityId: string;
  score: number;
  /** The strongest signal that counted. */
  signal: string;
  /** The earliest onset that counted. */
  since: number;
  /** Why, strongest first, for a person to read. */
  evidence: string[];
}
