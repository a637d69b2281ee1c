import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SyslogMessage } from './message.js';
import { parseSyslog } from './parse.js';

const now = Date.UTC(2026, 10, 26, 12);

function parsed(text: string, at = now, offsetMinutes = 0): SyslogMessage {
  const result = parseSyslog(text, { now: at, offsetMinutes });
  assert.ok(result.ok, `expected ${JSON.stringify(text)} to parse: ${result.ok ? '' : result.detail}`);
  return result.message;
}

describe('parseSyslog (RFC 3164)', () => {
  it('reads the RFC 3164 example: timestamp, hostname, tag and message', () => {
    const message = parsed("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    assert.equal(message.format, 'rfc3164');
    assert.equal(message.facility, 4);
    assert.equal(message.severity, 2);
    assert.equal(message.time, Date.UTC(2026, 9, 11, 22, 14, 15));
    assert.equal(message.hostname, 'mymachine');
    assert.equal(message.appName, 'su');
    assert.equal(message.message, "'su root' failed for lonvick on /dev/pts/8");
  });

  it('reads tag[pid], a space-padded day, and slashes in the tag', () => {
    const message = parsed('<22>Nov  6 08:01:02 mail-1 postfix/smtpd[12345]: connect from unknown[10.0.0.1]');
    assert.equal(message.time, Date.UTC(2026, 10, 6, 8, 1, 2));
    assert.equal(message.appName, 'postfix/smtpd');
    assert.equal(message.procId, '12345');
    assert.equal(message.message, 'connect from unknown[10.0.0.1]');
  });

  it('puts a December timestamp read in January into the previous year, and back', () => {
    const january = Date.UTC(2027, 0, 1, 0, 0, 30);
    assert.equal(parsed('<13>Dec 31 23:59:58 h app: x', january).time, Date.UTC(2026, 11, 31, 23, 59, 58));
    const december = Date.UTC(2026, 11, 31, 23, 59, 59);
    assert.equal(parsed('<13>Jan  1 00:00:03 h app: x', december).time, Date.UTC(2027, 0, 1, 0, 0, 3));
  });

  it('resolves Feb 29 to the nearest leap year', () => {
    assert.equal(parsed('<13>Feb 29 10:00:00 h app: x', Date.UTC(2029, 0, 15)).time, Date.UTC(2028, 1, 29, 10));
  });

  it('applies the configured offset to zone-less timestamps', () => {
    assert.equal(parsed('<13>Nov 26 13:00:00 h app: x', now, 60).time, Date.UTC(2026, 10, 26, 12));
  });

  it('reads messages without a hostname (as local daemons send them)', () => {
    const message = parsed('<30>Nov 26 11:00:00 systemd[1]: Started Session 42 of user root.');
    assert.equal(message.hostname, undefined);
    assert.equal(message.appName, 'systemd');
    assert.equal(message.procId, '1');
  });

  it('reads messages without a tag', () => {
    const message = parsed('<13>Nov 26 11:00:00 web-1 just some text');
    assert.equal(message.hostname, 'web-1');
    assert.equal(message.appName, undefined);
    assert.equal(message.message, 'just some text');
  });

  it('reads an RFC 3339 timestamp in place of the BSD one (rsyslog forward format)', () => {
    const message = parsed('<86>2026-11-26T11:17:25.123456+01:00 db-2 sshd[811]: Accepted publickey for deploy');
    assert.equal(message.time, Date.UTC(2026, 10, 26, 10, 17, 25, 123));
    assert.equal(message.hostname, 'db-2');
    assert.equal(message.appName, 'sshd');
  });

  it('reads a year and milliseconds in the timestamp (network gear)', () => {
    const message = parsed('<189>Nov 26 2026 11:17:25.250: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down');
    assert.equal(message.time, Date.UTC(2026, 10, 26, 11, 17, 25, 250));
    assert.equal(message.appName, '%LINK-3-UPDOWN');
    assert.equal(message.message, 'Interface Gi0/1, changed state to down');
  });

  it("skips Cisco's sequence number and clock-status mark", () => {
    const message = parsed('<187>117: *Nov 26 11:17:25.003: %SYS-5-CONFIG_I: Configured from console by vty0');
    assert.equal(message.time, Date.UTC(2026, 10, 26, 11, 17, 25, 3));
    assert.equal(message.appName, '%SYS-5-CONFIG_I');
  });

  it('keeps everything as the message when there is no timestamp', () => {
    const message = parsed('<13>app: no timestamp here');
    assert.equal(message.time, undefined);
    assert.equal(message.appName, 'app');
    assert.equal(message.message, 'no timestamp here');
  });

  it('accepts `app[pid] message` without a colon, and a tag without a space after the colon', () => {
    assert.equal(parsed('<13>Nov 26 11:00:00 h nginx[77] GET /').procId, '77');
    assert.equal(parsed('<13>Nov 26 11:00:00 h kernel:[  12.5] eth0 up').message, '[  12.5] eth0 up');
  });

  it('reads what util-linux logger sends', () => {
    const message = parsed('<155>Nov 26 11:21:40 vm myapp[29336]: héllo wörld\n');
    assert.equal(message.hostname, 'vm');
    assert.equal(message.appName, 'myapp');
    assert.equal(message.message, 'héllo wörld');
  });

  it('rejects an impossible date written as a timestamp', () => {
    const result = parseSyslog('<13>Feb 30 10:00:00 h app: x', { now });
    assert.equal(result.ok ? '' : result.reason, 'bad_timestamp');
    const hour = parseSyslog('<13>Nov 26 25:00:00 h app: x', { now });
    assert.equal(hour.ok ? '' : hour.reason, 'bad_timestamp');
  });
});
