/** The syslog TCP listener under idle, greedy and stalling peers: it stays bounded and keeps serving real senders. */
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { MemorySink } from '../sink.js';
import { SyslogServer } from './syslog-server.js';
import { loopbackSyslogConfig, openTcp, waitFor } from './testing.js';

/** Peers on distinct loopback addresses: the flood and the real sender. */
const FLOOD = '127.0.0.2';
const SENDER = '127.0.0.1';

describe('syslog TCP connection limits', () => {
  let server: SyslogServer;
  let sink: MemorySink;
  const clients: Socket[] = [];

  async function start(overrides: Record<string, unknown>): Promise<void> {
    sink = new MemorySink();
    server = new SyslogServer({
      config: loopbackSyslogConfig({ udp: false, flushIntervalMs: 5, maxConnections: 8, ...overrides }),
      sink, anyPort: true,
    });
    await server.start();
  }

  async function open(count: number, from: string): Promise<Socket[]> {
    const opened: Socket[] = [];
    // One at a time, so the server accepts them in this order.
    for (let i = 0; i < count; i++) opened.push(await openTcp(server.port, from));
    clients.push(...opened);
    return opened;
  }

  /** A real sender: connects, sends one message, and the test waits until it is delivered. */
  async function deliver(body: string): Promise<void> {
    const [socket] = await open(1, SENDER);
    socket?.write(`<13>1 - h app - - - ${body}\n`);
    await waitFor(() => sink.logs.some((log) => log.body === body), `"${body}" delivered`);
  }

  afterEach(async () => {
    for (const socket of clients.splice(0)) socket.destroy();
    await server.stop();
  });

  it('closes connections that send nothing for idleTimeoutMs, without counting them as rejected', async () => {
    await start({ idleTimeoutMs: 200, maxConnectionsPerPeer: 8 });
    const idle = await open(8, FLOOD);
    await waitFor(() => idle.every((socket) => socket.destroyed), 'the idle connections to be closed');
    await waitFor(() => server.openConnections === 0, 'the server to hold no connection');
    await deliver('after the idle ones');
    assert.deepEqual(server.counters.rejected, {});
  });

  it('admits a real sender into a listener full of idle connections by closing the idlest', async () => {
    await start({ idleTimeoutMs: 0, maxConnectionsPerPeer: 8 });
    const flood = await open(8, FLOOD);
    await waitFor(() => server.openConnections === 8, 'eight connections on the server');
    flood[0]?.write('<13>1 - h app - - - the first one is not idle\n');
    await waitFor(() => sink.logs.length === 1, 'the first connection\'s message');
    await deliver('real sender');
    await waitFor(() => flood[1]?.destroyed === true, 'the idlest connection to be closed');
    assert.deepEqual(flood.map((socket) => socket.destroyed), [false, true, false, false, false, false, false, false]);
    assert.equal(server.openConnections, 8);
    assert.equal(server.counters.rejected.connection_evicted, 1);
  });

  it('keeps serving through a flood many times the connection limit', async () => {
    await start({ idleTimeoutMs: 0, maxConnectionsPerPeer: 64 });
    const flood = await open(40, FLOOD);
    assert.ok(server.openConnections <= 8, `${server.openConnections} open`);
    await deliver('through the flood');
    assert.ok(server.openConnections <= 8, `${server.openConnections} open`);
    await waitFor(() => flood.filter((socket) => !socket.destroyed).length === 7, 'the evicted flood sockets to close');
    assert.equal(server.counters.rejected.connection_evicted, 33);
  });

  it('refuses connections over maxConnectionsPerPeer, and other peers still get in', async () => {
    await start({ idleTimeoutMs: 0, maxConnectionsPerPeer: 3 });
    const greedy = await open(5, FLOOD);
    await waitFor(() => server.counters.rejected.connection_limit === 2, 'two refusals');
    await waitFor(() => greedy.filter((socket) => socket.destroyed).length === 2, 'two refused sockets closed');
    assert.deepEqual(greedy.map((socket) => socket.destroyed), [false, false, false, true, true]);
    await deliver('another peer');
    assert.equal(server.openConnections, 4);
    assert.equal(server.counters.rejected.connection_evicted, undefined);
  });

  it('cuts a connection stalled or trickling inside a frame, but not one merely idle', async () => {
    await start({ idleTimeoutMs: 0, frameTimeoutMs: 200, maxConnectionsPerPeer: 8 });
    const [quiet, stalled, trickling] = await open(3, FLOOD);
    stalled?.write('<13>1 - h app - - - no newline ever');
    trickling?.write('<13>1 - h app - - - one byte at a time ');
    const trickle = setInterval(() => trickling?.write('x'), 20);
    trickling?.on('close', () => clearInterval(trickle));
    await waitFor(() => stalled?.destroyed === true && trickling?.destroyed === true, 'both unfinished frames to be cut');
    assert.equal(quiet?.destroyed, false);
    assert.equal(server.counters.rejected.frame_timeout, 2);
    await deliver('after the stalls');
    assert.deepEqual(sink.logs.map((log) => log.body), ['after the stalls']);
  });
});
