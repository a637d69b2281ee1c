/**
 * Micro-benchmark: remote-write samples per second through opsight's receiver (decode, validate,
 * normalise, hand to a counting sink; in a child process of its own) and through Debian's
 * Prometheus receiver, on the same bodies, alternating rounds; prints the best round of each.
 * Run (after `npm run build:test`): node dist-test/ingest/prometheus/remote-write.bench.js [requests] [seriesPerRequest] [concurrency] [rounds]
 */
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { SignalBatch, SignalSink } from '../sink.js';
import { encodeWriteRequest } from './encode-write-request.js';
import type { WriteSeries } from './encode-write-request.js';
import { prometheusSkip, startPrometheus } from './prometheus-process.js';
import { remoteWriteTestApp } from './remote-write-app.testing.js';

const serving = process.argv[2] === '--serve';
const [requests = 2000, seriesPerRequest = 500, concurrency = 8, rounds = 3] = serving ? [] : process.argv.slice(2).map(Number);
const T0 = Date.now() - 6 * 3_600_000;

/**
 * Like Prometheus's shards, each sender owns its series: request k goes to sender k mod
 * concurrency and carries that sender's series at its next second, so appends stay in order.
 */
function bodies(offsetMs = 0): Buffer[] {
  const out: Buffer[] = [];
  for (let k = 0; k < requests; k++) {
    const shard = k % concurrency;
    const round = Math.floor(k / concurrency);
    const series: WriteSeries[] = [];
    for (let i = 0; i < seriesPerRequest; i++) {
      series.push({
        labels: { __name__: `bench_metric_${i % 50}_total`, job: `svc-${i % 10}`, instance: `host-${i % 25}:9100`, code: String(200 + (i % 5)), method: i % 2 === 0 ? 'GET' : 'POST', shard: String(shard) },
        samples: [{ value: round * 1.5 + i, timestamp: T0 + offsetMs + round * 1000 }],
      });
    }
    out.push(encodeWriteRequest(series));
  }
  return out;
}

/** The same load, written for a later window (round r starts after round r-1's last point). */
function shifted(_payloads: Buffer[], round: number): Buffer[] {
  return bodies(round * (requests / concurrency + 1) * 1000);
}

const headers = { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' };

async function drive(url: string, payloads: Buffer[]): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, shard) => {
    for (let k = shard; k < payloads.length; k += concurrency) {
      const body = payloads[k] as Buffer;
      const response = await fetch(url, { method: 'POST', body, headers });
      if (response.status !== 204 && response.status !== 200) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
  }));
  return (payloads.length * seriesPerRequest) / ((performance.now() - started) / 1000);
}

class CountingSink implements SignalSink {
  samples = 0;
  accept(_source: string, batch: SignalBatch): Promise<void> {
    this.samples += batch.samples?.length ?? 0;
    return Promise.resolve();
  }
}

/** The child: opsight's receiver alone in its process, as Prometheus is in its own. */
async function serve(): Promise<void> {
  const opsight = await remoteWriteTestApp({ sink: new CountingSink(), bodyLimit: 64 * 1024 * 1024 });
  await opsight.app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.((opsight.app.server.address() as AddressInfo).port);
  process.on('disconnect', () => void opsight.app.close());
}

async function startOpsight(): Promise<{ url: string; stop(): void }> {
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(message as number)));
  return { url: `http://127.0.0.1:${port}/api/v1/write`, stop: () => child.kill() };
}

async function main(): Promise<void> {
  const payloads = bodies();
  const opsight = await startOpsight();
  const prometheus = prometheusSkip === false ? await startPrometheus('global: { scrape_interval: 1h }\n') : undefined;
  const best = { opsight: 0, prometheus: 0 };
  try {
    await drive(opsight.url, payloads.slice(0, 8 * concurrency));
    for (let round = 0; round < rounds; round++) {
      best.opsight = Math.max(best.opsight, await drive(opsight.url, payloads));
      // Prometheus refuses points older than it has: each round writes a later hour.
      if (prometheus !== undefined) best.prometheus = Math.max(best.prometheus, await drive(`${prometheus.url}/api/v1/write`, round === 0 ? payloads : shifted(payloads, round)));
    }
  } finally {
    opsight.stop();
    await prometheus?.stop();
  }
  console.log(`${requests} requests × ${seriesPerRequest} samples, concurrency ${concurrency}, best of ${rounds} rounds`);
  console.log(`opsight      ${Math.round(best.opsight).toLocaleString('en')} samples/s`);
  if (prometheus !== undefined) {
    console.log(`prometheus   ${Math.round(best.prometheus).toLocaleString('en')} samples/s`);
    console.log(`ratio opsight/prometheus: ${(best.opsight / best.prometheus).toFixed(2)}`);
  }
}

if (serving) await serve();
else await main();
