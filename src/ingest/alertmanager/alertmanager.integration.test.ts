import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { storeTargets } from '../../store/testing.js';
import { freePort } from '../free-port.js';
import type { TestApp } from '../../runtime/testing.js';
import { eventually, startTestApp } from '../../runtime/testing.js';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const AMTOOL = '/usr/bin/amtool';
const required = process.env.OPSIGHT_REQUIRE_SERVICES === '1';
const missing = !existsSync(ALERTMANAGER) || !existsSync(AMTOOL);
const skip = missing && !required ? `${ALERTMANAGER} or ${AMTOOL} not installed (apt-get install prometheus-alertmanager): skipped` : false;
const run = promisify(execFile);



describe('Alertmanager delivering webhooks to opsight', { skip }, () => {
  let t: TestApp;
  let alertmanager: ChildProcess;
  let amUrl = '';
  const dir = mkdtempSync(join(tmpdir(), 'opsight-am-'));

  before(async () => {
    assert.ok(!missing, `${ALERTMANAGER} is required (OPSIGHT_REQUIRE_SERVICES=1)`);
    // Incidents resolve with their last alert here: the test is about Alertmanager's resolution reaching them.
    t = await startTestApp(storeTargets[0]!, { correlate: { resolveAfter: 0 } });
    const opsightUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const [port, clusterPort] = [await freePort(), await freePort()];
    amUrl = `http://127.0.0.1:${port}`;
    writeFileSync(join(dir, 'alertmanager.yml'), [
      'route:', '  receiver: opsight', '  group_by: [alertname]', '  group_wait: 0s', '  group_interval: 1s', '  repeat_interval: 1h',
      'receivers:', '  - name: opsight', '    webhook_configs:', `      - url: ${opsightUrl}/api/v1/ingest/alertmanager`, '        send_resolved: true',
      '        http_config:', `          authorization: { credentials: ${t.tokens.ingest} }`, '',
    ].join('\n'));
    alertmanager = spawn(ALERTMANAGER, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, `--cluster.listen-address=127.0.0.1:${clusterPort}`, '--log.level=warn'], { stdio: 'ignore' });
    await eventually(() => fetch(`${amUrl}/-/ready`).then((r) => r.status, () => 0), (status) => status === 200, 'Alertmanager to be ready');
  });

  after(async () => {
    alertmanager?.kill('SIGTERM');
    if (alertmanager?.exitCode === null) await once(alertmanager, 'exit');
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const alertsOf = async () => (await t.store.alerts.list({ limit: 100, offset: 0 })).items;

  it('delivers an alert added with amtool as a firing alert in an incident', async () => {
    await run(AMTOOL, ['alert', 'add', 'DiskFull', 'instance=db-7:9100', 'severity=critical', '--annotation=summary=disk / full', `--alertmanager.url=${amUrl}`]);
    const [alert] = await eventually(alertsOf, (alerts) => alerts.length === 1, 'the alert from Alertmanager');
    assert.equal(alert?.title, 'DiskFull');
    assert.equal(alert?.entityId, 'host:db-7');
    assert.equal(alert?.severity, 'critical');
    assert.equal(alert?.status, 'firing');
    assert.equal(alert?.annotations.summary, 'disk / full');
    assert.equal(alert?.annotations['alertmanager.receiver'], 'opsight');
    const incidents = await t.store.incidents.list({ limit: 10, offset: 0 });
    assert.equal(incidents.total, 1);
    assert.equal(incidents.items[0]?.status, 'open');
  });

  it('resolves it when Alertmanager reports the resolution', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    await run(AMTOOL, ['alert', 'add', 'DiskFull', 'instance=db-7:9100', 'severity=critical', '--annotation=summary=disk / full',
      `--start=${startsAt}`, `--end=${new Date(Date.now() - 1000).toISOString()}`, `--alertmanager.url=${amUrl}`]);
    const [alert] = await eventually(alertsOf, (alerts) => alerts[0]?.status === 'resolved', 'the resolution from Alertmanager');
    assert.ok(alert?.resolvedAt !== null);
    const incidents = await t.store.incidents.list({ limit: 10, offset: 0 });
    assert.equal(incidents.items[0]?.status, 'resolved');
  });
});
