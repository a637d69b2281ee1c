import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOLS, fuzzTargets, generateInput } from './targets.js';

const targets = fuzzTargets();

describe('fuzz targets', () => {
  it('cover every ingest protocol, in PROTOCOLS order', () => {
    assert.deepEqual(targets.map((t) => t.name), PROTOCOLS);
    assert.deepEqual(PROTOCOLS, ['alertmanager', 'grafana', 'events', 'remote-write', 'otlp-traces-proto', 'otlp-metrics-proto', 'otlp-logs-proto',
      'otlp-traces-json', 'otlp-metrics-json', 'otlp-logs-json', 'syslog-udp', 'syslog-tcp']);
  });

  it('start from valid seeds: JSON ones parse', () => {
    for (const target of targets.filter((t) => t.transport === 'http' && !t.name.endsWith('proto') && t.name !== 'remote-write')) {
      assert.ok(target.seeds.length > 0);
      for (const seed of target.seeds) assert.doesNotThrow(() => JSON.parse(Buffer.from(seed).toString('utf8')) as unknown, target.name);
    }
  });

  it('give the same inputs for the same seed, and other inputs for another seed', () => {
    for (const target of targets) {
      for (const index of [0, 1, 57, 999]) {
        const a = generateInput(target, 42, index);
        assert.deepEqual(generateInput(target, 42, index), a, `${target.name} #${index}`);
      }
      const differ = [0, 1, 2, 3, 4, 5].filter((i) => !Buffer.from(generateInput(target, 1, i).body).equals(generateInput(target, 2, i).body));
      assert.ok(differ.length >= 4, `${target.name}: seeds 1 and 2 gave mostly the same inputs`);
    }
  });

  it('never exceed the target size (64 KiB; a UDP datagram for syslog-udp), and name their mutations', () => {
    for (const target of targets) {
      assert.ok(target.maxBytes <= 64 * 1024);
      for (let index = 0; index < 300; index++) {
        const input = generateInput(target, 7, index);
        assert.ok(input.body.length <= target.maxBytes, `${target.name} #${index}: ${input.body.length} bytes`);
        assert.ok(input.steps.length > 0, `${target.name} #${index}: no mutation named`);
      }
    }
  });

  it('send protocol headers: snappy for remote write, gzip on some OTLP inputs only', () => {
    const remoteWrite = targets.find((t) => t.name === 'remote-write');
    assert.equal(remoteWrite && generateInput(remoteWrite, 1, 0).headers['content-encoding'], 'snappy');
    const traces = targets.find((t) => t.name === 'otlp-traces-proto');
    const gzipped = Array.from({ length: 300 }, (_, i) => traces && generateInput(traces, 1, i).headers['content-encoding'] === 'gzip').filter(Boolean).length;
    assert.ok(gzipped > 50 && gzipped < 200, `${gzipped} of 300 gzipped`);
  });
});
