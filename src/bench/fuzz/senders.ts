/**
 * Delivers one fuzz input: an HTTP POST on a keep-alive agent, a UDP datagram, or bytes on a TCP
 * stream that is reused for a few inputs (a fresh connection per input would exhaust ports).
 */
import { createSocket } from 'node:dgram';
import type { Agent } from 'node:http';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { FuzzInput } from './targets.js';

export type Outcome =
  | { kind: 'response'; status: number; retryAfter: boolean; detail: string }
  /** Syslog: handed to the kernel; the protocol has no answer. */
  | { kind: 'sent' }
  /** Syslog over TCP: the server closed the connection, its way of refusing a stream. */
  | { kind: 'closed'; detail: string }
  /** No connection, a reset, or no answer in time. */
  | { kind: 'error'; detail: string };

export interface Sender {
  send(input: FuzzInput): Promise<Outcome>;
  close(): Promise<void>;
}

const TIMEOUT_MS = 30_000;
const KEPT_BODY = 500;
const INPUTS_PER_CONNECTION = 50;

export function httpSender(agent: Agent, url: string, token: string): Sender {
  return {
    send: (input) => new Promise((resolve) => {
      const headers = { ...input.headers, authorization: `Bearer ${token}`, 'content-length': String(input.body.length) };
      const req = request(url, { method: 'POST', agent, headers, timeout: TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] !== undefined,
          detail: Buffer.concat(chunks).toString('utf8').slice(0, KEPT_BODY) }));
        res.once('error', (error) => resolve({ kind: 'error', detail: error.message }));
      });
      req.once('timeout', () => req.destroy(new Error(`no response within ${TIMEOUT_MS / 1000} s`)));
      req.once('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'error', detail: error.code ?? error.message }));
      req.end(input.body);
    }),
    close: () => Promise.resolve(),
  };
}

export function udpSender(port: number): Sender {
  const socket = createSocket('udp4');
  socket.on('error', () => undefined);
  return {
    send: (input) => new Promise((resolve) => {
      socket.send(input.body, port, '127.0.0.1', (error) => resolve(error === null ? { kind: 'sent' } : { kind: 'error', detail: error.message }));
    }),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.off('error', reject);
      // Resets after the server closed the stream show up on the next write; nothing to do here.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function write(socket: Socket, body: Uint8Array): Promise<Outcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ kind: 'error', detail: `write not flushed within ${TIMEOUT_MS / 1000} s` });
    }, TIMEOUT_MS);
    socket.write(body, (error) => {
      clearTimeout(timer);
      resolve(error === undefined || error === null ? { kind: 'sent' } : { kind: 'closed', detail: error.message });
    });
  });
}

/** One lane's TCP stream: inputs are written back to back (framing errors carry over, as with a real sender). */
export function tcpSender(port: number): Sender {
  let socket: Socket | undefined;
  let used = 0;
  const close = async () => {
    const current = socket;
    socket = undefined;
    if (current === undefined || current.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => current.destroy(), 1000);
      current.once('close', () => resolve(clearTimeout(timer)));
      current.end();
    });
  };
  return {
    async send(input) {
      if (socket === undefined || socket.destroyed || used >= INPUTS_PER_CONNECTION) {
        await close();
        try {
          socket = await open(port);
        } catch (error) {
          return { kind: 'error', detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
        }
        used = 0;
      }
      used++;
      return write(socket, input.body);
    },
    close,
  };
}

export interface SyslogCounters {
  accepted: number;
  rejected: Record<string, number>;
}

const label = (labels: string, name: string): string | undefined => new RegExp(`${name}="([^"]*)"`).exec(labels)?.[1];

/** The server's syslog counters from /metrics: lines accepted onto the bus and frames rejected, by reason. */
export async function syslogCounters(url: string): Promise<SyslogCounters> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const counters: SyslogCounters = { accepted: 0, rejected: {} };
  for (const [, name, labels, value] of text.matchAll(/^(opsight_ingest_(?:accepted|rejected)_total)\{([^}]*)\} (\S+)$/gm)) {
    if (labels === undefined || label(labels, 'source') !== 'syslog') continue;
    if (name === 'opsight_ingest_accepted_total') counters.accepted += Number(value);
    else counters.rejected[label(labels, 'reason') ?? '?'] = Number(value);
  }
  return counters;
}
