/**
 * Root cause analysis: per-entity evidence (anomalies with onset and strength, from metrics, calls
 * and logs), the call graph and change events in; candidates ranked best first out.
 */
export type { Anomaly, CallEdge, Candidate, ChangeEvent, EvidenceSource, RankInput } from './evidence.js';
export { rankCauses, type RankOptions } from './rank.js';
export { deviationAfter, robustScale, median, type Deviation, type DeviationOptions, type Point } from './deviation.js';
export { callEvidence, callEdges, type CallEvidence, type CallEvidenceOptions } from './call-evidence.js';
export { logEvidence, type MinedLog } from './log-evidence.js';
