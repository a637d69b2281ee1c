import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_HOST_APPS } from './config.js';
import { compileHostApps, serviceOfApp } from './entity-rule.js';
import { parseSyslog } from './parse.js';
import { toLogRecord } from './to-record.js';

const now = Date.UTC(2026, 10, 26, 12);
const hostApps = compileHostApps(DEFAULT_HOST_APPS);

function record(text: string, peer?: string) {
  const result = parseSyslog(text, { now });
  assert.ok(result.ok);
  return toLogRecord(result.message, { receivedAt: now, hostApps, peer, transport: 'tcp' });
}

describe('toLogRecord', () => {
  it('makes the APP-NAME a service and keeps host, facility and ids as attributes', () => {
    const log = record('<163>1 2026-11-26T11:00:00Z web-1 checkout 4242 ORDER [trace@1 id="ab12"] payment failed', '10.1.1.1');
    assert.equal(log.entityId, 'service:checkout');
    assert.equal(log.severity, 'error');
    assert.equal(log.time, Date.UTC(2026, 10, 26, 11));
    assert.equal(log.body, 'payment failed');
    assert.deepEqual(log.attributes, {
      'syslog.format': 'rfc5424', 'syslog.facility': 'local4', 'syslog.severity': 'err', 'host.name': 'web-1', 'syslog.appname': 'checkout',
      'syslog.procid': '4242', 'syslog.msgid': 'ORDER', 'net.transport': 'tcp', 'net.peer.ip': '10.1.1.1', 'syslog.sd.trace@1.id': 'ab12',
    });
  });

  it('makes host programs (sshd, kernel, systemd-*) the host entity', () => {
    assert.equal(record('<38>Nov 26 11:00:00 db-2 sshd[811]: Accepted publickey').entityId, 'host:db-2');
    assert.equal(record('<6>Nov 26 11:00:00 db-2 kernel: eth0 up').entityId, 'host:db-2');
    assert.equal(record('<30>Nov 26 11:00:00 db-2 systemd-logind[5]: New session').entityId, 'host:db-2');
  });

  it("uses the sender's address when there is neither hostname nor app", () => {
    assert.equal(record('<13>just text', '192.0.2.9').entityId, 'host:192.0.2.9');
  });

  it('lets structured data name the entity explicitly', () => {
    assert.equal(record('<13>1 - h app - - [opsight entity="pod:shop/web-1"] x').entityId, 'pod:shop/web-1');
    assert.equal(record('<13>1 - h sshd - - [meta service.name="bastion"] x').entityId, 'service:bastion');
  });

  it('maps syslog severities to ours', () => {
    const severities = [0, 1, 2, 3, 4, 5, 6, 7].map((code) => record(`<${8 + code}>Nov 26 11:00:00 h app: x`).severity);
    assert.deepEqual(severities, ['critical', 'critical', 'critical', 'error', 'warning', 'info', 'info', 'info']);
  });

  it('takes the service from a path or a postfix-style sub-program', () => {
    assert.equal(serviceOfApp('/usr/sbin/cron'), 'cron');
    assert.equal(serviceOfApp('postfix/smtpd'), 'postfix');
  });
});
