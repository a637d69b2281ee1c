import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSyslog } from './parse.js';

interface Fixture {
  now: string;
  cases: { from: string; line: string; expect: Record<string, string> }[];
}

const fixture = JSON.parse(readFileSync(new URL('../../../src/ingest/syslog/testdata/real-world.json', import.meta.url), 'utf8')) as Fixture;
const now = Date.parse(fixture.now);

describe('parseSyslog on real-world lines (testdata/real-world.json)', () => {
  for (const { from, line, expect } of fixture.cases) {
    it(`reads ${from}`, () => {
      const result = parseSyslog(line, { now });
      assert.ok(result.ok, result.ok ? '' : result.detail);
      const message = result.message;
      for (const [field, value] of Object.entries(expect)) {
        const actual = field === 'time' ? new Date(message.time ?? 0).toISOString() : (message as unknown as Record<string, unknown>)[field];
        assert.equal(actual, field === 'time' ? new Date(value).toISOString() : value, `${field} of ${line}`);
      }
    });
  }
});
