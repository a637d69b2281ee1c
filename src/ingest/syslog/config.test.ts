import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_HOST_APPS, syslogConfigSchema } from './config.js';

describe('syslogConfigSchema', () => {
  it('fills every default from an empty section', () => {
    assert.deepEqual(syslogConfigSchema.parse({}), {
      port: 5514, udp: true, tcp: true, maxMessageBytes: 65536, batchSize: 1000, flushIntervalMs: 100,
      maxConnections: 1024, maxConnectionsPerPeer: 64, idleTimeoutMs: 600_000, frameTimeoutMs: 30_000, rfc3164OffsetMinutes: 0, hostApps: [...DEFAULT_HOST_APPS],
    });
  });

  it('takes strings as environment variables give them, and 0 as "off"', () => {
    const config = syslogConfigSchema.parse({ port: '0', udp: 'false' });
    assert.equal(config.port, 0);
    assert.equal(config.udp, false);
  });

  it('names an unknown key and an out-of-range value', () => {
    const result = syslogConfigSchema.safeParse({ prot: 514, port: 70000 });
    assert.equal(result.success, false);
    const text = JSON.stringify(result.error?.issues);
    assert.match(text, /prot/);
    assert.deepEqual(result.error?.issues.find((issue) => issue.code !== 'unrecognized_keys')?.path, ['port']);
  });
});
