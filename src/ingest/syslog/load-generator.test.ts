import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySink } from '../sink.js';
import { encodeSyslogLines, sendSyslogOverTcp } from './load-generator.js';
import { FrameDecoder } from './framing.js';
import { parseSyslog } from './parse.js';
import { SyslogServer } from './syslog-server.js';
import { loopbackSyslogConfig, waitFor } from './testing.js';

describe('load generator', () => {
  it('encodes lines that frame and parse cleanly in both formats and framings', () => {
    for (const format of ['rfc5424', 'rfc3164'] as const) {
      for (const framing of ['octet', 'lf'] as const) {
        const frames: Buffer[] = [];
        const decoder = new FrameDecoder(65536);
        const sink = { frame: (bytes: Buffer) => frames.push(bytes), oversize: assert.fail, truncated: assert.fail };
        decoder.push(encodeSyslogLines({ count: 100, format, framing, startTime: Date.UTC(2026, 10, 26) }), sink);
        decoder.end(sink);
        assert.equal(frames.length, 100);
        assert.ok(frames.every((frame) => parseSyslog(frame.toString(), { now: Date.UTC(2026, 10, 26) }).ok));
      }
    }
  });

  it('sends every line to a server over TCP', async () => {
    const sink = new MemorySink();
    const server = new SyslogServer({ config: loopbackSyslogConfig({ udp: false, flushIntervalMs: 5 }), sink, anyPort: true });
    await server.start();
    try {
      await sendSyslogOverTcp('127.0.0.1', server.port, encodeSyslogLines({ count: 20_000 }));
      await waitFor(() => sink.logs.length === 20_000, '20000 lines');
      assert.equal(new Set(sink.logs.map((log) => log.entityId)).size, 20);
    } finally {
      await server.stop();
    }
  });
});
