/**
 * One syslog TCP connection: frames → records → batches to the sink, one batch in flight at a time.
 * When the sink is overloaded the socket is paused (TCP backpressure reaches the sender) and the
 * same batch is retried; nothing already read is dropped for overload. A watchdog closes it when
 * the peer sends nothing, or stalls inside a frame, for too long.
 */
import type { Socket } from 'node:net';
import type { LogRecord } from '../../signals/index.js';
import type { SignalSink } from '../sink.js';
import { OverloadedError } from '../sink.js';
import { handleFrame } from './frame-handler.js';
import type { FrameContext } from './frame-handler.js';
import type { FrameSink } from './framing.js';
import { FrameDecoder } from './framing.js';
import { RejectReason } from './message.js';
import type { Expiry, WatchdogLimits } from './watchdog.js';
import { Watchdog } from './watchdog.js';

export interface ConnectionSettings {
  sink: SignalSink;
  maxMessageBytes: number;
  batchSize: number;
  flushIntervalMs: number;
  /** Longest wait before retrying an overloaded sink. */
  maxRetryDelayMs: number;
  /** When an idle or stalled connection is cut. */
  timeouts: WatchdogLimits;
  /** A fresh frame context (wall time now) per chunk read. */
  context(peer: string | undefined): FrameContext;
  /** Called when the socket has closed (its last batch may still be in flight). */
  closed(connection: TcpConnection): void;
  /** Called when the connection is gone and its last batch is settled. */
  done(connection: TcpConnection): void;
}

export const SYSLOG_SOURCE = 'syslog';

export class TcpConnection implements FrameSink {
  private readonly decoder: FrameDecoder;
  private readonly watchdog: Watchdog;
  private records: LogRecord[] = [];
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private context: FrameContext;
  private closed = false;
  private stopping = false;

  /** @param peer the remote address, kept because the socket forgets it once closed. */
  constructor(private readonly socket: Socket, readonly peer: string, private readonly settings: ConnectionSettings) {
    this.decoder = new FrameDecoder(settings.maxMessageBytes);
    this.watchdog = new Watchdog(settings.timeouts, () => !socket.isPaused(), (why) => this.expire(why));
    this.context = settings.context(socket.remoteAddress);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.decoder.end(this));
    socket.on('close', () => this.onClose());
    socket.on('error', () => { /* 'close' follows; a reset by the peer is not ours to report */ });
  }

  frame(bytes: Buffer): void {
    handleFrame(bytes, this.context, this.records);
  }

  oversize(detail: string): void {
    this.context.counters.reject(RejectReason.oversize, detail, 1, this.context.peer);
  }

  truncated(detail: string): void {
    this.context.counters.reject(RejectReason.malformed, detail, 1, this.context.peer);
  }

  /** Sends what is buffered and resolves when the last batch is settled (used at shutdown). */
  async drain(): Promise<void> {
    this.stopping = true;
    // Stop reading: a sender that keeps writing must not keep the shutdown waiting.
    this.socket.pause();
    while (this.inFlight !== undefined || this.records.length > 0) {
      if (this.inFlight === undefined) this.send();
      await this.inFlight;
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Messages read and not yet handed to the sink. */
  get buffered(): number {
    return this.records.length;
  }

  /** Milliseconds since this connection last read anything. */
  get idleMs(): number {
    return this.watchdog.idleMs;
  }

  private onData(chunk: Buffer): void {
    this.context = this.settings.context(this.socket.remoteAddress);
    const endedBefore = this.decoder.framesEnded;
    this.decoder.push(chunk, this);
    this.watchdog.read(this.decoder.inFrame, this.decoder.framesEnded !== endedBefore);
    if (this.records.length >= this.settings.batchSize) this.send();
    else if (this.records.length > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => { this.timer = undefined; this.send(); }, this.settings.flushIntervalMs);
    }
  }

  /** A deadline passed: a frame cut short is counted, a connection that was merely quiet is closed silently. */
  private expire(why: Expiry): void {
    if (this.decoder.inFrame) {
      const limit = why === 'frame' ? `frameTimeoutMs (${this.settings.timeouts.frameTimeoutMs})` : `idleTimeoutMs (${this.settings.timeouts.idleTimeoutMs})`;
      this.context.counters.reject(RejectReason.frameTimeout, `TCP frame not completed within ${limit}; connection closed`, 1, this.peer);
    }
    this.socket.destroy();
  }

  private onClose(): void {
    this.closed = true;
    this.watchdog.stop();
    this.settings.closed(this);
    if (this.records.length > 0) this.send();
    if (this.inFlight === undefined) this.finish();
  }

  private finish(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.settings.done(this);
  }

  /** Starts sending the buffered batch; while one is in flight, reading pauses once another is full. */
  private send(): void {
    if (this.records.length === 0) return;
    if (this.inFlight !== undefined) {
      if (this.records.length >= this.settings.batchSize) this.socket.pause();
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.records.length <= this.settings.batchSize ? this.records : this.records.splice(0, this.settings.batchSize);
    if (batch === this.records) this.records = [];
    this.inFlight = this.deliver(batch).finally(() => {
      this.inFlight = undefined;
      if (!this.closed && !this.stopping) this.socket.resume();
      if (this.records.length >= this.settings.batchSize || (this.closed && this.records.length > 0)) this.send();
      else if (this.records.length > 0 && this.timer === undefined && !this.closed) {
        this.timer = setTimeout(() => { this.timer = undefined; this.send(); }, this.settings.flushIntervalMs);
      }
      if (this.closed && this.inFlight === undefined) this.finish();
    });
  }

  private async deliver(batch: LogRecord[]): Promise<void> {
    const counters = this.context.counters;
    for (;;) {
      try {
        await this.settings.sink.accept(SYSLOG_SOURCE, { logs: batch });
        counters.accepted += batch.length;
        return;
      } catch (error) {
        if (error instanceof OverloadedError && this.stopping) {
          counters.throttled(`stopping while the pipeline is behind; ${batch.length} messages dropped`, this.context.peer);
          return;
        }
        if (!(error instanceof OverloadedError)) {
          counters.reject('sink_error', (error as Error).message, batch.length, this.context.peer);
          return;
        }
        if (!this.closed) this.socket.pause();
        counters.throttled(`pipeline behind; TCP connection paused and batch of ${batch.length} kept to retry`, this.context.peer);
        const delay = Math.max(10, Math.min(error.retryAfterSeconds * 1000, this.settings.maxRetryDelayMs));
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
