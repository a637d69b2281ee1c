import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { filesConfigSchema } from './config.js';

describe('filesConfigSchema', () => {
  it('fills every default from an empty section', () => {
    assert.deepEqual(filesConfigSchema.parse({}), {
      inputs: [], pollIntervalMs: 1000, watch: true, maxLineBytes: 65536, readChunkBytes: 1048576, batchSize: 1000,
      stateFile: 'file-positions.json', timestampOffsetMinutes: 0,
    });
  });

  it('accepts a bare path as shorthand for an input', () => {
    assert.deepEqual(filesConfigSchema.parse({ inputs: ['/var/log/syslog'] }).inputs, [{ path: '/var/log/syslog', labels: {}, startAt: 'beginning' }]);
  });

  it('names a misspelt input key', () => {
    const result = filesConfigSchema.safeParse({ inputs: [{ path: '/x', servce: 'a' }] });
    assert.equal(result.success, false);
    assert.match(JSON.stringify(result.error?.issues), /servce/);
  });
});
