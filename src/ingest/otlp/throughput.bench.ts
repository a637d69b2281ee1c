/**
 * Micro-benchmark (not run by `node --test`): OTLP span throughput, decode + map alone and end to end
 * over loopback HTTP into a sink that counts and keeps nothing (as the bus does not keep it in this process). Run (after `npm run build:test`): `node dist-test/ingest/otlp/throughput.bench.js [spansPerBody] [bodies]`.
 */
import { gzipSync } from 'node:zlib';
import type { SignalSink } from '../sink.js';
import { decodeExport } from './decode.js';
import { tracesSignal } from './signals.js';
import { syntheticSpansBody } from './synthetic.js';
import { otlpTestApp } from './testing.js';

const perBody = Number(process.argv[2] ?? 5000);
const bodies = Number(process.argv[3] ?? 40);

function decodeRate(body: Buffer): number {
  const started = performance.now();
  let spans = 0;
  for (let i = 0; i < bodies; i++) spans += decodeExport(tracesSignal, 'protobuf', body).items.length;
  return spans / ((performance.now() - started) / 1000);
}

async function httpRate(url: string, body: Buffer, headers: Record<string, string>, concurrency = 4): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = 0; i < bodies / concurrency; i++) {
      const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-protobuf', ...headers } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    }
  }));
  return (bodies * perBody) / ((performance.now() - started) / 1000);
}

const body = syntheticSpansBody(perBody);
decodeRate(body);
let accepted = 0;
const counting: SignalSink = { accept: (_source, batch) => { accepted += batch.spans?.length ?? 0; return Promise.resolve(); } };
const test = await otlpTestApp({ bodyLimitBytes: 256 * 1024 * 1024, sinkOverride: counting });
const base = await test.app.listen({ host: '127.0.0.1', port: 0 });
const rows = {
  'decode + map (spans/s)': decodeRate(body),
  'HTTP protobuf (spans/s)': await httpRate(`${base}/v1/traces`, body, {}),
  'HTTP protobuf + gzip (spans/s)': await httpRate(`${base}/v1/traces`, gzipSync(body), { 'content-encoding': 'gzip' }),
};
await test.app.close();
if (accepted !== 2 * bodies * perBody) throw new Error(`the sink got ${accepted} spans, not ${2 * bodies * perBody}`);
for (const [name, rate] of Object.entries(rows)) console.log(`${name.padEnd(32)} ${Math.round(rate).toLocaleString('en')}`);
console.log(JSON.stringify({ perBody, bodies, bodyBytes: body.length, ...rows }));
