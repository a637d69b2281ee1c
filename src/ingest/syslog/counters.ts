/**
 * What an ingest adapter counts and tells the operator: rejected items by reason (into the
 * server's `opsight_ingest_rejected_total` when metrics are given, and into local totals for
 * tests), logged at most once per reason per interval so junk floods do not flood the log.
 */
import type { Clock } from '../../signals/index.js';
import { systemClock } from '../../signals/index.js';
import type { OpsightMetrics } from '../../telemetry/metrics.js';

/** The server metrics an ingest adapter updates; accepted items are counted by the sink itself. */
export type IngestMetrics = Pick<OpsightMetrics, 'ingestRejected' | 'ingestThrottled'>;

/** The subset of a pino logger the adapters use. */
export interface IngestLogger {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

const LOG_INTERVAL_MS = 10_000;

export class IngestCounters {
  /** Items rejected so far, by reason. */
  readonly rejected: Record<string, number> = {};
  /** Items handed to the sink and accepted. */
  accepted = 0;
  /** Batches the sink refused because opsight was behind (kept to retry, or for UDP dropped). */
  throttles = 0;
  private readonly lastLogged = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly source: string,
    private readonly metrics: IngestMetrics | undefined,
    private readonly logger: IngestLogger | undefined,
    private readonly clock: Clock = systemClock,
  ) {}

  reject(reason: string, detail: string, count = 1, peer?: string): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + count;
    this.metrics?.ingestRejected.inc({ source: this.source, reason }, count);
    this.warn(reason, `rejected: ${detail}`, count, peer);
  }

  /** The sink refused a batch because opsight is behind: counted as throttled, never as rejected input. */
  throttled(detail: string, peer?: string): void {
    this.throttles++;
    this.metrics?.ingestThrottled.inc({ source: this.source });
    this.warn('throttled', detail, 1, peer);
  }

  /** Logs a warning, at most once per `reason` per interval, with how many were suppressed since. */
  warn(reason: string, detail: string, count = 1, peer?: string): void {
    const now = this.clock.now();
    const last = this.lastLogged.get(reason);
    if (last !== undefined && now - last.at < LOG_INTERVAL_MS) {
      last.suppressed += count;
      return;
    }
    this.lastLogged.set(reason, { at: now, suppressed: 0 });
    this.logger?.warn({ source: this.source, reason, peer, count, suppressedSinceLast: last?.suppressed ?? 0 }, `${this.source}: ${detail}`);
  }

  totalRejected(): number {
    return Object.values(this.rejected).reduce((sum, n) => sum + n, 0);
  }
}
