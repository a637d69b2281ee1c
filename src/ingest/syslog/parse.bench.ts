/**
 * Micro-benchmark of the syslog hot path (framing, decoding, parsing, LogRecord): `node
 * dist-test/ingest/syslog/parse.bench.js [lines]` (after `npm run build:test`). Prints lines/s per format; not run by `node --test`.
 */
import { DEFAULT_HOST_APPS } from './config.js';
import { IngestCounters } from './counters.js';
import { compileHostApps } from './entity-rule.js';
import { handleFrame } from './frame-handler.js';
import { FrameDecoder } from './framing.js';
import { encodeSyslogLines } from './load-generator.js';
import type { LogRecord } from '../../signals/index.js';

const count = Number(process.argv[2] ?? 500_000);
const rounds = 5;

for (const format of ['rfc5424', 'rfc3164'] as const) {
  const payload = encodeSyslogLines({ count, format });
  const context = { now: Date.now(), offsetMinutes: 0, hostApps: compileHostApps(DEFAULT_HOST_APPS), counters: new IngestCounters('syslog', undefined, undefined), peer: '127.0.0.1', transport: 'tcp' as const };
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    let out: LogRecord[] = [];
    const decoder = new FrameDecoder(65536);
    const started = performance.now();
    decoder.push(payload, {
      frame: (bytes) => {
        handleFrame(bytes, context, out);
        if (out.length >= 1000) out = [];
      },
      oversize: () => undefined,
      truncated: () => undefined,
    });
    best = Math.max(best, count / ((performance.now() - started) / 1000));
  }
  console.log(JSON.stringify({ format, lines: count, bestLinesPerSecond: Math.round(best) }));
}
