/**
 * The syslog UDP path: each datagram is one message. UDP has no backpressure, so when the sink is
 * overloaded (or too many batches are already in flight) the batch is dropped and counted as
 * throttled; the receiver itself never stops.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import type { LogRecord } from '../../signals/index.js';
import type { SignalSink } from '../sink.js';
import { OverloadedError } from '../sink.js';
import type { IngestCounters } from './counters.js';
import type { FrameContext } from './frame-handler.js';
import { handleFrame } from './frame-handler.js';
import { RejectReason } from './message.js';
import { SYSLOG_SOURCE } from './tcp-connection.js';

export interface UdpSettings {
  sink: SignalSink;
  counters: IngestCounters;
  maxMessageBytes: number;
  batchSize: number;
  flushIntervalMs: number;
  context(peer: string | undefined): FrameContext;
}

/** Batches in flight at once before new ones are dropped: bounds memory when the sink stalls. */
const MAX_IN_FLIGHT = 4;

export class UdpReceiver {
  private records: LogRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(socket: Socket, private readonly settings: UdpSettings) {
    socket.on('message', (bytes: Buffer, remote: RemoteInfo) => this.onMessage(bytes, remote));
  }

  /** Messages received and not yet handed to the sink. */
  get buffered(): number {
    return this.records.length;
  }

  /** Sends what is buffered and waits for every batch in flight (used at shutdown). */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all([...this.inFlight]);
  }

  private onMessage(bytes: Buffer, remote: RemoteInfo): void {
    if (bytes.length > this.settings.maxMessageBytes) {
      this.settings.counters.reject(RejectReason.oversize, `datagram of ${bytes.length} bytes is over the ${this.settings.maxMessageBytes}-byte limit`, 1, remote.address);
      return;
    }
    handleFrame(bytes, this.settings.context(remote.address), this.records);
    if (this.records.length >= this.settings.batchSize) this.flush();
    else if (this.records.length > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.settings.flushIntervalMs);
    }
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.records.length === 0) return;
    const batch = this.records;
    this.records = [];
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      this.settings.counters.throttled(`${MAX_IN_FLIGHT} batches already waiting for the pipeline; ${batch.length} UDP messages dropped`);
      return;
    }
    const sending = this.deliver(batch).finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  private async deliver(batch: LogRecord[]): Promise<void> {
    try {
      await this.settings.sink.accept(SYSLOG_SOURCE, { logs: batch });
      this.settings.counters.accepted += batch.length;
    } catch (error) {
      if (error instanceof OverloadedError) this.settings.counters.throttled(`${batch.length} UDP messages dropped: ${error.message}`);
      else this.settings.counters.reject('sink_error', `UDP batch dropped: ${(error as Error).message}`, batch.length);
    }
  }
}
