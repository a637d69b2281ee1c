/**
 * The syslog listener: UDP and TCP on one port, both feeding the sink in batches. start() binds,
 * stop() stops accepting, sends what was received, and closes every connection. TCP connections
 * are admitted through a ConnectionTable (per-peer cap, idlest evicted when full).
 */
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Clock } from '../../signals/index.js';
import { systemClock } from '../../signals/index.js';
import type { SignalSink } from '../sink.js';
import type { SyslogConfig } from './config.js';
import type { IngestLogger, IngestMetrics } from './counters.js';
import { IngestCounters } from './counters.js';
import { ConnectionTable } from './connection-table.js';
import type { HostApps } from './entity-rule.js';
import { compileHostApps } from './entity-rule.js';
import type { FrameContext } from './frame-handler.js';
import { RejectReason } from './message.js';
import { SYSLOG_SOURCE, TcpConnection } from './tcp-connection.js';
import { UdpReceiver } from './udp-receiver.js';
import { bindUdp, closeTcp, listenTcp } from './listen.js';
import type { ListenerAddress } from '../listen-error.js';
import { listenAs } from '../listen-error.js';

export interface SyslogServerOptions {
  config: SyslogConfig;
  sink: SignalSink;
  metrics?: IngestMetrics;
  logger?: IngestLogger;
  /** Wall time for receipt and for the year of RFC 3164 timestamps. @default systemClock */
  clock?: Clock;
  /** Listen on a free port instead of `config.port` (tests, benchmarks). @default false */
  anyPort?: boolean;
  /** Longest wait before retrying an overloaded sink, in ms. @default 1000 */
  maxRetryDelayMs?: number;
}

export class SyslogServer {
  readonly counters: IngestCounters;
  private readonly hostApps: HostApps;
  private readonly clock: Clock;
  private tcp: Server | undefined;
  private udp: UdpSocket | undefined;
  private udpReceiver: UdpReceiver | undefined;
  /** Every connection until its last batch is settled (stop() drains them). */
  private readonly connections = new Set<TcpConnection>();
  /** Connections whose socket is open: what the connection limits count. */
  private readonly table: ConnectionTable<TcpConnection>;
  private boundPort = 0;

  constructor(private readonly options: SyslogServerOptions) {
    this.clock = options.clock ?? systemClock;
    this.counters = new IngestCounters(SYSLOG_SOURCE, options.metrics, options.logger, this.clock);
    this.hostApps = compileHostApps(options.config.hostApps);
    this.table = new ConnectionTable(options.config);
  }

  /** The port both listeners are bound to (0 before start or when off). */
  get port(): number {
    return this.boundPort;
  }

  /** TCP connections admitted and not yet closed: never more than `maxConnections` (an evicted one leaves at once). */
  get openConnections(): number {
    return this.table.size;
  }

  /** Messages read and not yet handed to the sink: they go at the next flush, or at stop(). */
  get buffered(): number {
    let total = this.udpReceiver?.buffered ?? 0;
    for (const connection of this.connections) total += connection.buffered;
    return total;
  }

  /** Binds TCP and UDP on the configured port (or one free port for both); rejects on bind errors. */
  async start(): Promise<void> {
    const { config } = this.options;
    if (config.port === 0 && this.options.anyPort !== true) return;
    // With anyPort, TCP picks a free port and UDP takes the same number; a UDP clash retries.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.bind(this.options.anyPort === true ? 0 : config.port);
        break;
      } catch (error) {
        await this.unbind();
        if (this.options.anyPort !== true || attempt >= 5) throw error;
      }
    }
    this.options.logger?.info({ host: config.host, port: this.boundPort, udp: config.udp, tcp: config.tcp }, 'syslog listening');
  }

  async stop(): Promise<void> {
    const closing = this.tcp === undefined ? Promise.resolve() : closeTcp(this.tcp);
    this.udp?.close();
    this.udp = undefined;
    await Promise.all([...this.connections].map((connection) => connection.drain()));
    for (const connection of this.connections) connection.destroy();
    await this.udpReceiver?.drain();
    await closing;
    this.tcp = undefined;
  }

  private async bind(port: number): Promise<void> {
    const { config } = this.options;
    if (config.tcp) {
      const tcp = this.tcp = createServer((socket) => this.onConnection(socket));
      this.boundPort = await listenAs(this.listener('TCP', port), () => listenTcp(tcp, config.host, port));
    }
    if (config.udp) {
      const udp = this.udp = createSocket({ type: config.host.includes(':') ? 'udp6' : 'udp4' });
      const udpPort = this.tcp !== undefined ? this.boundPort : port;
      this.boundPort = await listenAs(this.listener('UDP', udpPort), () => bindUdp(udp, config.host, udpPort));
      this.udpReceiver = new UdpReceiver(this.udp, { ...this.settings(), counters: this.counters, context: (peer) => this.frameContext(peer, 'udp') });
    }
  }

  private listener(transport: 'UDP' | 'TCP', port: number): ListenerAddress {
    return { name: `syslog ${transport} listener`, section: 'syslog', host: this.options.config.host, port };
  }

  private async unbind(): Promise<void> {
    try {
      this.udp?.close();
    } catch {
      // A socket whose bind failed is not running; there is nothing to close.
    }
    this.udp = undefined;
    if (this.tcp !== undefined) await closeTcp(this.tcp);
    this.tcp = undefined;
  }

  private settings() {
    const { config } = this.options;
    return {
      sink: this.options.sink,
      maxMessageBytes: config.maxMessageBytes,
      batchSize: config.batchSize,
      flushIntervalMs: config.flushIntervalMs,
      context: (peer: string | undefined) => this.frameContext(peer, 'tcp'),
    };
  }

  private frameContext(peer: string | undefined, transport: 'udp' | 'tcp'): FrameContext {
    return { now: this.clock.now(), offsetMinutes: this.options.config.rfc3164OffsetMinutes, hostApps: this.hostApps, counters: this.counters, peer, transport };
  }

  private onConnection(socket: Socket): void {
    const peer = socket.remoteAddress;
    // A socket reset before it was handed over has no address and nothing to read.
    if (peer === undefined) return void socket.destroy();
    const admission = this.table.admit(peer);
    if (!admission.admit) {
      this.counters.reject(RejectReason.connectionLimit, `TCP connection refused: ${peer} already holds maxConnectionsPerPeer (${this.options.config.maxConnectionsPerPeer}) connections`, 1, peer);
      return void socket.destroy();
    }
    if (admission.evict !== undefined) this.evict(admission.evict);
    const connection = new TcpConnection(socket, peer, {
      ...this.settings(),
      maxRetryDelayMs: this.options.maxRetryDelayMs ?? 1000,
      timeouts: this.options.config,
      closed: (closed) => this.table.remove(closed),
      done: (finished) => this.connections.delete(finished),
    });
    this.connections.add(connection);
    this.table.add(connection);
  }

  /** Closes the idlest connection to make room; what it already read is still sent. */
  private evict(connection: TcpConnection): void {
    const idleSeconds = Math.round(connection.idleMs / 1000);
    this.counters.reject(RejectReason.connectionEvicted, `TCP listener full (maxConnections ${this.options.config.maxConnections}); closed a connection idle for ${idleSeconds} s to admit a new one`, 1, connection.peer);
    this.table.remove(connection);
    connection.destroy();
  }
}
