/**
 * One rule for counting what an HTTP ingest route refuses, whatever the protocol: a refusal that tells the
 * sender to come back later (it carries Retry-After: opsight is behind, or its budget for expanding bodies is
 * spent) counts in `opsight_ingest_throttled_total`; any other counts in `opsight_ingest_rejected_total` under
 * its reason. Each refused request counts once, in one of the two.
 */
import type { OpsightMetrics } from '../telemetry/metrics.js';
import { OpsightError } from './errors.js';

export function countRefusal(metrics: Pick<OpsightMetrics, 'ingestRejected' | 'ingestThrottled'>, source: string, error: unknown, reason?: string): void {
  if (error instanceof OpsightError && error.retryAfterSeconds !== undefined) {
    metrics.ingestThrottled.inc({ source });
    return;
  }
  metrics.ingestRejected.inc({ source, reason: reason ?? (error as { code?: string }).code ?? 'error' });
}
