/** Test helpers for the syslog adapter: loopback settings, polling for a condition with a deadline instead of fixed sleeps, and TCP clients. */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { z } from 'zod';
import type { SyslogConfig } from './config.js';
import { syslogConfigSchema } from './config.js';

/** Settings of a test listener on loopback: the section's defaults with `overrides`. */
export function loopbackSyslogConfig(overrides: z.input<typeof syslogConfigSchema> = {}): SyslogConfig {
  return { ...syslogConfigSchema.parse(overrides), host: '127.0.0.1' };
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A connected TCP client; `localAddress` (e.g. 127.0.0.2, any 127/8 address is loopback on Linux)
 * makes it a different peer. Later errors (a reset when the server cuts it) are ignored: tests
 * watch `socket.destroyed` instead.
 */
export async function openTcp(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => undefined);
  return socket;
}
