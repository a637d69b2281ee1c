import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SyslogMessage } from './message.js';
import { parseSyslog } from './parse.js';

const now = Date.UTC(2026, 10, 26, 12);

function parsed(text: string): SyslogMessage {
  const result = parseSyslog(text, { now });
  assert.ok(result.ok, `expected ${JSON.stringify(text)} to parse: ${result.ok ? '' : result.detail}`);
  return result.message;
}

describe('parseSyslog (RFC 5424)', () => {
  it('reads the RFC 5424 example with every header field and a BOM', () => {
    const message = parsed('<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF\'su root\' failed for lonvick on /dev/pts/8');
    assert.equal(message.format, 'rfc5424');
    assert.equal(message.facility, 4);
    assert.equal(message.severity, 2);
    assert.equal(message.time, Date.UTC(2003, 9, 11, 22, 14, 15, 3));
    assert.equal(message.hostname, 'mymachine.example.com');
    assert.equal(message.appName, 'su');
    assert.equal(message.procId, undefined);
    assert.equal(message.msgId, 'ID47');
    assert.equal(message.structuredData, undefined);
    assert.equal(message.message, "'su root' failed for lonvick on /dev/pts/8");
  });

  it('applies the timezone offset and keeps microseconds to the millisecond', () => {
    const message = parsed('<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It\'s time to make the do-nuts.');
    assert.equal(message.time, Date.UTC(2003, 7, 24, 12, 14, 15, 0));
    assert.equal(message.procId, '8710');
    assert.equal(message.message, "%% It's time to make the do-nuts.");
  });

  it('reads several structured-data elements with escaped quotes, backslashes and brackets', () => {
    const message = parsed('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high" note="a \\"q\\" \\\\ \\] x"] An application event');
    assert.deepEqual({ ...message.structuredData?.['exampleSDID@32473'] }, { iut: '3', eventSource: 'Application', eventID: '1011' });
    assert.equal(message.structuredData?.['examplePriority@32473']?.note, 'a "q" \\ ] x');
    assert.equal(message.message, 'An application event');
  });

  it('keeps a backslash that escapes nothing, as RFC 5424 says', () => {
    assert.equal(parsed('<13>1 - h a - - [x@1 path="C:\\temp"] m').structuredData?.['x@1']?.path, 'C:\\temp');
  });

  it('joins a parameter repeated within one element', () => {
    assert.equal(parsed('<13>1 - h a - - [x@1 ip="10.0.0.1" ip="10.0.0.2"]').structuredData?.['x@1']?.ip, '10.0.0.1,10.0.0.2');
  });

  it('accepts structured data with no message, and no message at all', () => {
    assert.equal(parsed('<13>1 2026-11-26T10:00:00Z h a p m [x@1 k="v"]').message, '');
    assert.equal(parsed('<13>1 2026-11-26T10:00:00Z h a p m').message, '');
  });

  it('leaves the time unset for a NILVALUE timestamp and every other field nil', () => {
    const message = parsed('<14>1 - - - - - - hello');
    assert.equal(message.time, undefined);
    assert.equal(message.hostname, undefined);
    assert.equal(message.appName, undefined);
    assert.equal(message.message, 'hello');
  });

  it('reads what util-linux logger sends (timeQuality SD, microseconds, +00:00)', () => {
    const message = parsed('<155>1 2026-11-26T11:21:40.448478+00:00 vm myapp 29335 M1 [timeQuality tzKnown="1" isSynced="0"][meta@1 a="b\\"c"] héllo wörld');
    assert.equal(message.time, Date.UTC(2026, 10, 26, 11, 21, 40, 448));
    assert.equal(message.structuredData?.timeQuality?.tzKnown, '1');
    assert.equal(message.structuredData?.['meta@1']?.a, 'b"c');
    assert.equal(message.message, 'héllo wörld');
  });

  it('keeps text as the message when structured data is missing or broken (lenient senders)', () => {
    assert.equal(parsed('<13>1 2026-11-26T10:00:00Z h a p m hello there').message, 'hello there');
    const broken = parsed('<13>1 2026-11-26T10:00:00Z h a p m [unterminated k="v');
    assert.equal(broken.structuredData, undefined);
    assert.equal(broken.message, '[unterminated k="v');
  });

  it('strips a trailing newline, CR and NUL padding', () => {
    assert.equal(parsed('<13>1 - h a - - - line\r\n\0').message, 'line');
  });

  it('keeps a syntactically valid but absurd timestamp out of the record time and remembers it', () => {
    const message = parsed('<13>1 1970-01-01T00:00:05Z h a - - - booted without a clock');
    assert.equal(message.time, undefined);
    assert.equal(message.invalidTimestamp, '1970-01-01T00:00:05Z');
  });

  it('rejects a timestamp that is not a timestamp', () => {
    const result = parseSyslog('<13>1 2026-13-45T99:00:00Z h a - - - x', { now });
    assert.equal(result.ok ? '' : result.reason, 'bad_timestamp');
    const words = parseSyslog('<13>1 yesterday h a - - - x', { now });
    assert.equal(words.ok ? '' : words.reason, 'bad_timestamp');
  });

  it('rejects a header cut short, a double space, and control bytes in a field', () => {
    for (const text of ['<13>1 2026-11-26T10:00:00Z host', '<13>1 2026-11-26T10:00:00Z  h a - - - x', '<13>1 - h\u0001st a - - - x']) {
      const result = parseSyslog(text, { now });
      assert.equal(result.ok ? '' : result.reason, 'malformed', text);
    }
  });

  it('maps an SD-ID named __proto__ as an ordinary key', () => {
    const message = parsed('<13>1 - h a - - [__proto__ polluted="yes"] m');
    assert.equal(message.structuredData?.['__proto__']?.polluted, 'yes');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
