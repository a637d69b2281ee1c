/**
 * Evidence from logs: error and warning templates (mined lines) whose rate after the start is beyond
 * their rate before it. Pure: mined records in, anomalies out.
 */
import type { Anomaly } from './evidence.js';

export interface MinedLog {
  entityId: string;
  time: number;
  template: string;
  /** Whether the line is at warning level or above. */
  error: boolean;
}

/**
 * Per entity, the template with the largest Poisson z of its error lines after the start against the
 * count its rate before the start predicts. The baseline count gets one line added, so a template new
 * after a short baseline is weak evidence and one new after a long one is strong. Inherited: a caller
 * logs its callee's failures.
 */
export function logEvidence(logs: readonly MinedLog[], start: number, onsetZ = 3): Anomaly[] {
  if (logs.length === 0) return [];
  const first = Math.min(...logs.map((log) => log.time));
  const last = Math.max(...logs.map((log) => log.time));
  if (first >= start || last < start) return [];
  const ratio = (last - start) / (start - first);
  const counts = new Map<string, { entityId: string; template: string; before: number; after: number; since: number }>();
  for (const log of logs) {
    if (!log.error) continue;
    const key = `${log.entityId}\n${log.template}`;
    const count = counts.get(key) ?? { entityId: log.entityId, template: log.template, before: 0, after: 0, since: Infinity };
    if (log.time < start) count.before += 1;
    else [count.after, count.since] = [count.after + 1, Math.min(count.since, log.time)];
    counts.set(key, count);
  }
  const strongest = new Map<string, Anomaly>();
  for (const { entityId, template, before, after, since } of counts.values()) {
    const expected = (before + 1) * ratio;
    const strength = (after - expected) / Math.sqrt(expected);
    if (strength < onsetZ || (strongest.get(entityId)?.strength ?? 0) >= strength) continue;
    strongest.set(entityId, { entityId, source: 'log', signal: `log: ${template}`, since, strength, inherited: true });
  }
  return [...strongest.values()];
}
