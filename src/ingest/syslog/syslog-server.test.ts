import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { SignalBatch } from '../sink.js';
import { MemorySink, OverloadedError } from '../sink.js';
import type { IngestMetrics } from './counters.js';
import { SyslogServer } from './syslog-server.js';
import { loopbackSyslogConfig, openTcp, waitFor } from './testing.js';

/** A MemorySink that refuses the first `refusals` batches as overloaded. */
class FlakySink extends MemorySink {
  calls = 0;
  constructor(private refusals: number) { super(); }
  override accept(source: string, batch: SignalBatch): Promise<void> {
    this.calls++;
    if (this.refusals > 0) {
      this.refusals--;
      return Promise.reject(new OverloadedError(1));
    }
    return super.accept(source, batch);
  }
}

function recordingMetrics() {
  const rejected: { labels: { source: string; reason: string }; value: number }[] = [];
  const metrics = { ingestRejected: { inc: (labels: { source: string; reason: string }, value = 1) => rejected.push({ labels, value }) }, ingestThrottled: { inc: () => undefined } };
  return { rejected, metrics: metrics as unknown as IngestMetrics };
}

function sendUdp(port: number, payload: Buffer | string): Promise<void> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => socket.send(payload, port, '127.0.0.1', (error) => {
    socket.close();
    if (error) reject(error); else resolve();
  }));
}

describe('SyslogServer', () => {
  let server: SyslogServer;
  let sink: MemorySink;
  let recorded: ReturnType<typeof recordingMetrics>;

  async function startWith(target: MemorySink, overrides: Record<string, unknown> = {}) {
    sink = target;
    recorded = recordingMetrics();
    server = new SyslogServer({
      config: loopbackSyslogConfig({ flushIntervalMs: 5, maxMessageBytes: 1024, ...overrides }),
      sink, metrics: recorded.metrics, anyPort: true, maxRetryDelayMs: 20,
    });
    await server.start();
  }

  beforeEach(() => startWith(new MemorySink()));
  afterEach(() => server.stop());

  it('keeps a TCP connection serving after junk, an oversize frame and a bad timestamp', async () => {
    const socket = await openTcp(server.port);
    socket.write(Buffer.from([0x16, 0x03, 0x01, 0xff, 0x0a]));
    socket.write(`2000 ${'x'.repeat(2000)}`);
    socket.write('<13>1 2026-99-01T00:00:00Z h app - - - bad time\n');
    socket.write(`<13>${'z'.repeat(3000)}\n`);
    socket.write('<13>1 - h app - - - still here\n');
    await waitFor(() => sink.logs.length === 1, 'the good message');
    assert.equal(sink.logs[0]?.body, 'still here');
    assert.deepEqual(server.counters.rejected, { no_pri: 1, oversize: 2, bad_timestamp: 1 });
    assert.deepEqual(recorded.rejected.map((r) => r.labels.reason).sort(), ['bad_timestamp', 'no_pri', 'oversize', 'oversize']);
    assert.equal(recorded.rejected[0]?.labels.source, 'syslog');
    assert.equal(socket.destroyed, false);
    socket.destroy();
  });

  it('counts junk UDP datagrams and keeps receiving', async () => {
    await sendUdp(server.port, Buffer.from([0, 1, 2, 3, 255]));
    await sendUdp(server.port, '');
    await sendUdp(server.port, '<13>Nov 26 11:00:00 h app: fine');
    await waitFor(() => sink.logs.length === 1, 'the good datagram');
    await waitFor(() => server.counters.totalRejected() === 2, 'two rejections');
    assert.equal(sink.logs[0]?.attributes['net.transport'], 'udp');
  });

  it('rejects UDP datagrams over the size limit', async () => {
    await sendUdp(server.port, `<13>${'q'.repeat(2000)}`);
    await waitFor(() => server.counters.rejected.oversize === 1, 'oversize rejection');
  });

  it('pauses a TCP sender while the sink is overloaded and loses nothing', async () => {
    await server.stop();
    const flaky = new FlakySink(3);
    await startWith(flaky, { batchSize: 10 });
    const socket = await openTcp(server.port);
    const lines = Array.from({ length: 500 }, (_, i) => `<13>1 - h app - - - line ${i}\n`).join('');
    socket.end(lines);
    await waitFor(() => flaky.logs.length === 500, 'all 500 lines', 10_000);
    assert.deepEqual(flaky.logs.map((log) => log.body), Array.from({ length: 500 }, (_, i) => `line ${i}`));
    assert.ok(flaky.calls > 50);
    assert.equal(server.counters.throttles, 3);
    assert.deepEqual(server.counters.rejected, {});
  });

  it('serves many TCP connections at once, keeping each sender\'s order', async () => {
    const senders = await Promise.all(Array.from({ length: 8 }, () => openTcp(server.port)));
    senders.forEach((socket, n) => socket.end(Array.from({ length: 300 }, (_, i) => `<13>1 - h s${n} - - - ${i}\n`).join('')));
    await waitFor(() => sink.logs.length === 2400, '2400 lines');
    for (let n = 0; n < 8; n++) {
      const mine = sink.logs.filter((log) => log.entityId === `service:s${n}`).map((log) => Number(log.body));
      assert.deepEqual(mine, Array.from({ length: 300 }, (_, i) => i));
    }
  });

  it('drops and counts UDP batches the overloaded sink refuses', async () => {
    await server.stop();
    await startWith(new FlakySink(1));
    await sendUdp(server.port, '<13>Nov 26 11:00:00 h app: dropped');
    await waitFor(() => server.counters.throttles === 1, 'overload drop');
    await sendUdp(server.port, '<13>Nov 26 11:00:00 h app: kept');
    await waitFor(() => sink.logs.length === 1, 'the next datagram');
    assert.equal(sink.logs[0]?.body, 'kept');
  });

  it('delivers what it has buffered when stopped', async () => {
    await server.stop();
    await startWith(new MemorySink(), { flushIntervalMs: 60_000 });
    const socket = await openTcp(server.port);
    socket.write('<13>1 - h app - - - pending\n');
    await waitFor(() => server.buffered === 1, 'the line read and held');
    assert.equal(sink.logs.length, 0);
    await server.stop();
    assert.equal(sink.logs[0]?.body, 'pending');
    socket.destroy();
  });

  it('does not listen when the port is 0', async () => {
    const off = new SyslogServer({ config: loopbackSyslogConfig({ port: 0 }), sink: new MemorySink() });
    await off.start();
    assert.equal(off.port, 0);
    await off.stop();
  });

  it('fails start() naming the listener, its address and the key when the port is taken', async () => {
    const clash = new SyslogServer({ config: loopbackSyslogConfig({ port: server.port }), sink: new MemorySink() });
    await assert.rejects(clash.start(), { message: `syslog TCP listener: port ${server.port} on 127.0.0.1 is in use (syslog.port)` });
  });

  it('names the UDP listener when only its port is taken', async () => {
    const udpOnly = new SyslogServer({ config: loopbackSyslogConfig({ port: server.port, tcp: false }), sink: new MemorySink() });
    await assert.rejects(udpOnly.start(), { message: `syslog UDP listener: port ${server.port} on 127.0.0.1 is in use (syslog.port)` });
  });
});
