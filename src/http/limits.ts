/**
 * Limits every HTTP listener of opsight shares (main port and OTLP port): how long a client may take
 * to send its headers and its whole request, how long an idle keep-alive connection is kept, and how
 * many connections are open at once. Without them a client trickling a body one byte at a time holds
 * a socket (and a file descriptor) forever.
 */
import type { ServerOptions } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/schema.js';

export interface ListenerLimits {
  /** Milliseconds for a whole request, headers and body; 0 turns the limit off. */
  requestTimeoutMs: number;
  /** Milliseconds for the request headers. */
  headersTimeoutMs: number;
  /** Milliseconds a connection may stay silent (between requests or mid-body) before it is closed. */
  idleTimeoutMs: number;
  /** Most open connections; more are closed on arrival. */
  maxConnections: number;
}

/** The limits of the configuration's defaults (tests and embedders that pass none). */
export const defaultListenerLimits: ListenerLimits = { requestTimeoutMs: 60_000, headersTimeoutMs: 10_000, idleTimeoutMs: 75_000, maxConnections: 1024 };

/** How often node checks for requests past their timeout: the cut-off is at most this late. */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export function listenerLimitsOf(server: Config['server']): ListenerLimits {
  return {
    requestTimeoutMs: server.requestTimeout, headersTimeoutMs: server.headersTimeout,
    idleTimeoutMs: server.idleTimeout, maxConnections: server.maxConnections,
  };
}

/** The fastify options that enforce the timeouts (the connection cap is applied by `capConnections`). */
export function listenerOptions(limits: ListenerLimits): { requestTimeout: number; connectionTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: Math.min(limits.idleTimeoutMs, 72_000),
    http: {
      headersTimeout: limits.requestTimeoutMs === 0 ? limits.headersTimeoutMs : Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
  };
}

/**
 * Caps open connections, and closes the connection after any response sent before the request body
 * was read (a 401, 413 or 415 refused up front): otherwise node keeps reading, and a client that
 * trickles its body keeps the socket after it was refused.
 */
export function capConnections(app: FastifyInstance, limits: ListenerLimits): void {
  app.server.maxConnections = limits.maxConnections;
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete) void reply.header('connection', 'close');
    done(null, payload);
  });
}
