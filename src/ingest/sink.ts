/**
 * The port every ingest adapter hands its normalised signals to. `accept` resolves only once the
 * batch is on the bus (and journaled where the topic is durable); it rejects with
 * OverloadedError when the pipeline is behind, so adapters answer 429/503 with Retry-After
 * instead of accepting data they would drop.
 */
import type { Event, LogRecord, Sample, Span } from '../signals/index.js';

export interface SignalBatch {
  samples?: Sample[];
  logs?: LogRecord[];
  spans?: Span[];
  events?: Event[];
}

export interface SignalSink {
  /** `source` names the protocol (`remote_write`, `otlp`, `syslog`, ...) in metrics and logs. */
  accept(source: string, batch: SignalBatch): Promise<void>;
  /**
   * Seconds to wait when a batch of this signal would be refused now, else undefined: lets an adapter
   * refuse before it reads and decodes a body it could not deliver.
   */
  busyFor?(signal: keyof SignalBatch): number | undefined;
}

/** The pipeline cannot take more now; the sender should retry after `retryAfterSeconds`. */
export class OverloadedError extends Error {
  constructor(readonly retryAfterSeconds: number, message = 'opsight is behind on processing; retry later') {
    super(message);
    this.name = 'OverloadedError';
  }
}

/** Counts of a batch's items, for metrics. */
export function batchSize(batch: SignalBatch): number {
  return (batch.samples?.length ?? 0) + (batch.logs?.length ?? 0) + (batch.spans?.length ?? 0) + (batch.events?.length ?? 0);
}

/** A sink that keeps everything in memory: for adapter tests. */
export class MemorySink implements SignalSink {
  readonly samples: Sample[] = [];
  readonly logs: LogRecord[] = [];
  readonly spans: Span[] = [];
  readonly events: Event[] = [];
  readonly sources: string[] = [];
  /** When set, `accept` rejects with it (to test overload handling). */
  refuseWith: Error | undefined;

  accept(source: string, batch: SignalBatch): Promise<void> {
    if (this.refuseWith !== undefined) return Promise.reject(this.refuseWith);
    this.sources.push(source);
    // One push per item: spreading a batch of a million items into push() overflows the stack.
    for (const sample of batch.samples ?? []) this.samples.push(sample);
    for (const log of batch.logs ?? []) this.logs.push(log);
    for (const span of batch.spans ?? []) this.spans.push(span);
    for (const event of batch.events ?? []) this.events.push(event);
    return Promise.resolve();
  }
}
