/** The alerts stage: fingerprints, deduplication and the firing/resolved life cycle. */
export { fingerprintOf } from './fingerprint.js';
export { applyAlertEvent, Transition, type DedupResult } from './dedup.js';
