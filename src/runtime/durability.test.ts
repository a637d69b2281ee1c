import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './testing.js';
import type { ServeProcess } from '../cli/testing.js';
import { cliMain, serveProcess, stopProcess } from '../cli/testing.js';

function alertmanagerPayload(name: string) {
  return {
    version: '4', groupKey: `{}:{alertname="${name}"}`, truncatedAlerts: 0, status: 'firing', receiver: 'opsight',
    groupLabels: { alertname: name }, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am:9093',
    alerts: [{ status: 'firing', labels: { alertname: name, service: 'api', severity: 'warning' }, annotations: {},
      startsAt: '2026-03-01T10:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: '' }],
  };
}

async function api<T>(served: ServeProcess, token: string, path: string): Promise<T> {
  const response = await fetch(`${served.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json() as Promise<T>;
}


describe('opsight serve as a process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsight-serve-'));
  let token = '';
  let served: ServeProcess | undefined;
  after(async () => {
    if (served !== undefined) await stopProcess(served, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing it acknowledged when killed with SIGKILL right after the acknowledgements', async () => {
    served = await serveProcess(dataDir);
    token = served.token ?? assert.fail('no admin token printed on first start');
    const names = Array.from({ length: 40 }, (_, i) => `Burst${i}`);
    const first = served;
    const responses = await Promise.all(names.map((name) => fetch(`${first.url}/api/v1/ingest/alertmanager`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerPayload(name)),
    })));
    await stopProcess(first, 'SIGKILL');
    assert.deepEqual(responses.map((r) => r.status), names.map(() => 202));

    served = await serveProcess(dataDir);
    assert.equal(served.token, undefined, 'a second start must not print a new admin token');
    const restarted = served;
    const alerts = await eventually(() => api<{ items: { title: string }[]; total: number }>(restarted, token, '/api/v1/alerts?limit=1000'),
      (page) => page.total === names.length, 'every acknowledged alert after the restart');
    assert.deepEqual(alerts.items.map((a) => a.title).sort(), [...names].sort());
  });

  it('keeps every alert and incident across a graceful restart', async () => {
    const before = served!;
    const alerts = await api<unknown>(before, token, '/api/v1/alerts?limit=1000');
    const incidents = await api<unknown>(before, token, '/api/v1/incidents?limit=1000');
    await stopProcess(before, 'SIGTERM');
    served = await serveProcess(dataDir);
    assert.deepEqual(await api<unknown>(served, token, '/api/v1/alerts?limit=1000'), alerts);
    assert.deepEqual(await api<unknown>(served, token, '/api/v1/incidents?limit=1000'), incidents);
  });

  it('keeps the log templates it learned across a restart', async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const logs = { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'ledger' } }] }, scopeLogs: [{
      logRecords: [1, 2, 3].map((n) => ({ timeUnixNano: String(now + BigInt(n)), severityNumber: 9, body: { stringValue: `posted entry ${n * 17} to account ${n * 1000}` } })),
    }] }] };
    const posted = await fetch(`${served!.url}/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(logs) });
    assert.equal(posted.status, 200, await posted.text());
    const learned = await eventually(() => api<{ items: { template: string; count: number }[] }>(served!, token, '/api/v1/log-templates?entity=service:ledger'),
      (page) => page.items.length === 1, 'the template to be learned');
    assert.deepEqual(learned.items.map((t) => [t.template, t.count]), [['posted entry <*> to account <*>', 3]]);
    await stopProcess(served!, 'SIGTERM');
    served = await serveProcess(dataDir);
    const restored = await api<{ items: { template: string; count: number; examples: string[] }[] }>(served, token, '/api/v1/log-templates?entity=service:ledger');
    assert.deepEqual(restored.items.map((t) => [t.template, t.count, t.examples]),
      [['posted entry <*> to account <*>', 3, ['posted entry 17 to account 1000', 'posted entry 34 to account 2000', 'posted entry 51 to account 3000']]]);
  });

  it('resolves after a restart a log alert that fired before it, and judges new lines at once with the baselines it learned', async () => {
    const start = Date.now() - 3 * 3_600_000;
    const record = (minute: number, body: string, severityNumber = 9) =>
      ({ timeUnixNano: String(BigInt(start + minute * 60_000) * 1_000_000n), severityNumber, body: { stringValue: body } });
    const post = async (records: ReturnType<typeof record>[]) => {
      const logs = { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'billing' } }] }, scopeLogs: [{ logRecords: records }] }] };
      const posted = await fetch(`${served!.url}/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(logs) });
      assert.equal(posted.status, 200, await posted.text());
    };
    const alerts = () => api<{ items: { title: string; status: string }[] }>(served!, token, '/api/v1/alerts?entity=service:billing');
    // An hour and more of steady lines (the warm-up), then a line never seen before.
    await post([...Array.from({ length: 140 }, (_, i) => record(i / 2, `charged card ${i % 13} amount ${i * 3}`)), record(80, 'payment provider unreachable: connection reset', 17)]);
    await eventually(alerts, (page) => page.items.length === 1, 'the new log line alert');
    await stopProcess(served!, 'SIGTERM');
    served = await serveProcess(dataDir);
    // 21 minutes later in event time: the alert has been quiet past detect.logs.quiet, and another line is new.
    await post([record(101, 'charged card 1 amount 3'), record(101, 'refund queue stalled', 17)]);
    const after = await eventually(alerts, (page) => page.items.length === 2 && page.items.some((a) => a.status === 'resolved'), 'the alert resolved and a new one');
    assert.deepEqual(after.items.map((a) => [a.title, a.status]).sort(), [
      ['New error log line on service:billing: payment provider unreachable: connection reset', 'resolved'],
      ['New error log line on service:billing: refund queue stalled', 'firing'],
    ]);
  });

  it('creates a token from the command line, printed alone on the last line, usable at once', async () => {
    const output = execFileSync(process.execPath, [cliMain, 'token', 'create', '--role', 'viewer', '--data-dir', dataDir], { encoding: 'utf8' });
    const lines = output.trim().split('\n');
    const viewer = lines[lines.length - 1] ?? '';
    assert.match(viewer, /^ops_[A-Za-z0-9_-]{43}$/);
    const response = await fetch(`${served!.url}/api/v1/incidents`, { headers: { authorization: `Bearer ${viewer}` } });
    assert.equal(response.status, 200);
    const forbidden = await fetch(`${served!.url}/api/v1/tokens`, { headers: { authorization: `Bearer ${viewer}` } });
    assert.equal(forbidden.status, 403);
  });

  it('refuses to start on an invalid config, naming the key', () => {
    assert.throws(() => execFileSync(process.execPath, [cliMain, 'serve', '--data-dir', dataDir, '--port', 'http'], { encoding: 'utf8', stdio: 'pipe' }),
      (error: { stderr: string; status: number }) => error.status === 1 && /server\.port: .*\(from --port "http"\)/.test(error.stderr));
  });
});
