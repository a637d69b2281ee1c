import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { MemorySink } from '../sink.js';
import { SyslogServer } from './syslog-server.js';
import { loopbackSyslogConfig, waitFor } from './testing.js';

const LOGGER = '/usr/bin/logger';
const required = process.env.OPSIGHT_REQUIRE_SERVICES === '1';
const present = existsSync(LOGGER);
const skip = !present && !required ? `util-linux logger not found at ${LOGGER}; install util-linux to run this test` : false;
const run = promisify(execFile);

describe('SyslogServer with util-linux logger', { skip }, () => {
  const sink = new MemorySink();
  const server = new SyslogServer({ config: loopbackSyslogConfig({ flushIntervalMs: 5 }), sink, anyPort: true });

  before(async () => {
    assert.ok(present, `OPSIGHT_REQUIRE_SERVICES=1 but ${LOGGER} is missing`);
    await server.start();
  });
  after(() => server.stop());

  async function send(args: string[], body: string) {
    const before = sink.logs.length;
    await run(LOGGER, ['--server', '127.0.0.1', '--port', String(server.port), ...args, body]);
    await waitFor(() => sink.logs.length > before, `record for ${args.join(' ')}`);
    return sink.logs.find((log) => log.body === body);
  }

  const cases: [string, string[]][] = [
    ['RFC 5424 over UDP', ['--udp', '--rfc5424']],
    ['RFC 3164 over UDP', ['--udp', '--rfc3164']],
    ['RFC 5424 over TCP, LF framing', ['--tcp', '--rfc5424']],
    ['RFC 5424 over TCP, octet counting', ['--tcp', '--rfc5424', '--octet-count']],
    ['RFC 3164 over TCP', ['--tcp', '--rfc3164']],
    ['RFC 3164 over TCP, octet counting', ['--tcp', '--rfc3164', '--octet-count']],
  ];
  for (const [name, args] of cases) {
    it(`receives ${name}`, async () => {
      const body = `payment failed for order ${name} — ünïcode`;
      const log = await send([...args, '-t', 'checkout', '-p', 'local3.err'], body);
      assert.ok(log, 'record with the sent body');
      assert.equal(log.entityId, 'service:checkout');
      assert.equal(log.severity, 'error');
      assert.equal(log.attributes['syslog.facility'], 'local3');
      assert.equal(log.attributes['syslog.appname'], 'checkout');
      assert.equal(log.attributes['syslog.format'], args.includes('--rfc5424') ? 'rfc5424' : 'rfc3164');
      assert.equal(log.attributes['net.transport'], args.includes('--tcp') ? 'tcp' : 'udp');
      assert.equal(typeof log.attributes['host.name'], 'string');
      assert.ok(Math.abs(log.time - Date.now()) < 120_000, 'event time is the sender timestamp');
    });
  }

  it('keeps procid, msgid and structured data from RFC 5424', async () => {
    const log = await send(['--udp', '--rfc5424', '-i', '--msgid', 'ORD42', '--sd-id', 'order@32473', '--sd-param', 'id="A-1 \\"x\\""', '-t', 'shop', '-p', 'user.warning'], 'sd test');
    assert.ok(log);
    assert.equal(log.severity, 'warning');
    assert.equal(log.attributes['syslog.msgid'], 'ORD42');
    assert.match(String(log.attributes['syslog.procid']), /^\d+$/);
    assert.equal(log.attributes['syslog.sd.order@32473.id'], 'A-1 "x"');
    assert.equal(log.attributes['syslog.sd.timeQuality.tzKnown'], '1');
  });

  it('makes a host program the host entity', async () => {
    const log = await send(['--tcp', '--rfc3164', '-t', 'sshd', '-p', 'auth.info'], 'Accepted publickey for deploy');
    assert.ok(log);
    assert.equal(log.entityId, `host:${String(log.attributes['host.name'])}`);
    assert.equal(log.severity, 'info');
  });
});
