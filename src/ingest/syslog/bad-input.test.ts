import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IngestCounters } from './counters.js';
import { compileHostApps } from './entity-rule.js';
import { handleFrame } from './frame-handler.js';
import type { LogRecord } from '../../signals/index.js';
import { DEFAULT_HOST_APPS } from './config.js';
import { FrameDecoder } from './framing.js';

/** A small seeded PRNG (mulberry32), so fuzz failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random bytes biased towards syslog's own punctuation, so the fuzz reaches deep into the parsers. */
function junk(next: () => number, length: number): Buffer {
  const alphabet = Buffer.from('<>0123456789 -[]="\\:TZ.+\nNov1 ');
  return Buffer.from(Array.from({ length }, () => (next() < 0.6 ? alphabet[Math.floor(next() * alphabet.length)] as number : Math.floor(next() * 256))));
}

const now = Date.UTC(2026, 10, 26, 12);

function run(bytes: Buffer | string) {
  const counters = new IngestCounters('syslog', undefined, undefined);
  const out: LogRecord[] = [];
  const context = { now, offsetMinutes: 0, hostApps: compileHostApps(DEFAULT_HOST_APPS), counters, peer: '192.0.2.7', transport: 'udp' as const };
  handleFrame(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, context, out);
  return { out, rejected: counters.rejected };
}

describe('syslog bad input', () => {
  it('keeps a message with invalid UTF-8, replacing the bad bytes and marking it', () => {
    const { out, rejected } = run(Buffer.concat([Buffer.from('<13>Nov 26 11:00:00 h app: caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' ok')]));
    assert.deepEqual(rejected, {});
    assert.equal(out[0]?.body, 'caf\uFFFD\uFFFD ok');
    assert.equal(out[0]?.attributes['syslog.invalid_utf8'], true);
  });

  it('does not mark valid text that contains U+FFFD itself', () => {
    assert.equal(run('<13>Nov 26 11:00:00 h app: \uFFFD').out[0]?.attributes['syslog.invalid_utf8'], undefined);
  });

  it('rejects binary junk without a PRI as no_pri', () => {
    const junk = Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]);
    const { out, rejected } = run(junk);
    assert.equal(out.length, 0);
    assert.deepEqual(rejected, { no_pri: 1 });
  });

  it('rejects a frame with a valid PRI followed by binary data containing NUL', () => {
    assert.deepEqual(run(Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0x00, 0x01, 0x02, 0x41])).rejected, { malformed: 1 });
  });

  it('rejects a PRI over 191, with a leading zero, or unterminated', () => {
    for (const text of ['<192>x', '<013>x', '<13 x', '<>x', '<1234>x']) assert.deepEqual(run(text).rejected, { no_pri: 1 }, text);
  });

  it('rejects an empty frame', () => {
    assert.deepEqual(run('').rejected, { empty: 1 });
  });

  it('uses the receipt time for an absurd but well-formed timestamp and says so in the attributes', () => {
    const { out } = run('<13>1 9999-12-31T23:59:59Z h app - - - from the future');
    assert.equal(out[0]?.time, now);
    assert.equal(out[0]?.attributes['syslog.invalid_timestamp'], '9999-12-31T23:59:59Z');
  });

  it('rejects a malformed timestamp as bad_timestamp', () => {
    assert.deepEqual(run('<13>1 2026-11-26T10:00:00+99:99x h app - - - x').rejected, { bad_timestamp: 1 });
  });

  it('never throws on 20000 random frames (fuzz), and every outcome is a record or a counted rejection', () => {
    const next = random(42);
    for (let i = 0; i < 20_000; i++) {
      const prefix = next() < 0.5 ? `<${Math.floor(next() * 200)}>${next() < 0.5 ? '1 ' : ''}` : '';
      const frame = Buffer.concat([Buffer.from(prefix), junk(next, Math.floor(next() * 120))]);
      const { out, rejected } = run(frame);
      assert.equal(out.length + Object.values(rejected).reduce((sum, n) => sum + n, 0), 1, frame.toString('hex'));
    }
  });

  it('never throws while framing random TCP streams', () => {
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      const decoder = new FrameDecoder(512);
      let frames = 0;
      const sink = { frame: () => { frames++; }, oversize: () => undefined, truncated: () => undefined };
      for (let chunk = 0; chunk < 5; chunk++) decoder.push(junk(next, Math.floor(next() * 300)), sink);
      decoder.end(sink);
      assert.ok(frames >= 0);
    }
  });
});
