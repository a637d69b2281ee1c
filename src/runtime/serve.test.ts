import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { ConfigInput } from '../config/schema.js';
import { freePort, holdPort } from '../ingest/free-port.js';
import { startServer } from './serve.js';
import { testConfig } from './testing.js';

const silent = pino({ level: 'silent' });

/** Whether this process can bind `port` on `host` itself, over TCP and UDP: it cannot while a listener holds it there or on 0.0.0.0. */
async function canBind(host: string, port: number): Promise<boolean> {
  try {
    await (await holdPort(host, port)).release();
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) => udp.once('error', reject).bind({ address: host, port }, resolve));
    udp.close();
    return true;
  } catch {
    return false;
  }
}

describe('startServer listeners', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsight-listeners-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = (overrides: ConfigInput) => testConfig({ dataDir, ...overrides });

  it('binds the API, OTLP and syslog listeners to server.host', async () => {
    const [otlpPort, syslogPort] = [await freePort(), await freePort()];
    // Any 127/8 address is loopback on Linux: a listener on 127.0.0.2 leaves 127.0.0.1 free, one on 0.0.0.0 does not.
    const server = await startServer(config({ server: { host: '127.0.0.2', port: 0 }, otlp: { port: otlpPort }, syslog: { port: syslogPort } }), silent);
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.2:/);
      assert.equal(await canBind('127.0.0.1', otlpPort), true, 'the OTLP listener is bound beyond server.host');
      assert.equal(await canBind('127.0.0.1', syslogPort), true, 'a syslog listener is bound beyond server.host');
      assert.equal(await canBind('127.0.0.2', otlpPort), false, 'the OTLP listener is not on server.host');
    } finally {
      await server.close();
    }
  });

  const clashes: [string, (port: number) => ConfigInput][] = [
    ['API listener: port %d on 127.0.0.1 is in use (server.port)', (port) => ({ server: { port } })],
    ['OTLP listener: port %d on 127.0.0.1 is in use (otlp.port)', (port) => ({ otlp: { port } })],
    ['syslog TCP listener: port %d on 127.0.0.1 is in use (syslog.port)', (port) => ({ syslog: { port } })],
  ];
  for (const [expected, clashing] of clashes) {
    it(`fails with "${expected.replace(' %d', '')}" and leaves nothing listening`, async () => {
      const held = await holdPort();
      const apiPort = await freePort();
      const overrides = clashing(held.port);
      try {
        await assert.rejects(startServer(config({
          otlp: { port: 0 }, syslog: { port: 0 }, ...overrides, server: { host: '127.0.0.1', port: apiPort, ...overrides.server },
        }), silent), { message: expected.replace('%d', String(held.port)) });
        if (overrides.server === undefined) assert.equal(await canBind('127.0.0.1', apiPort), true, 'the API listener was left open');
      } finally {
        await held.release();
      }
    });
  }
});
