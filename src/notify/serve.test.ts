/**
 * The outbox under `kill -9`: `opsight serve` as a real process, killed while a receiver refuses and again right
 * after it accepted, still sends each transition and sends none twice.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { eventually } from '../runtime/testing.js';
import type { ServeProcess } from '../cli/testing.js';
import { serveProcess, stopProcess } from '../cli/testing.js';
import type { Recorder } from './testing.js';
import { startRecorder } from './testing.js';

describe('notifications of opsight serve killed with SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsight-notify-'));
  let served: ServeProcess | undefined;
  let recorder: Recorder | undefined;
  after(async () => {
    if (served !== undefined) await stopProcess(served, 'SIGKILL');
    await recorder?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers each transition once across kills before and after the receiver accepted', async () => {
    const hook = await startRecorder();
    recorder = hook;
    let accepting = false;
    const accepted: string[] = [];
    hook.answer = (request) => {
      if (!accepting) return { status: 503 };
      accepted.push((request.json() as { event: string }).event);
      return { status: 200 };
    };
    const configFile = join(dataDir, 'opsight.yaml');
    writeFileSync(configFile, stringify({
      notify: {
        allowedHosts: ['127.0.0.1'], tick: '100ms', retryBase: '100ms', maxAttempts: 50,
        receivers: [{ name: 'hook', webhook: { url: `${hook.url}/hook` } }],
        route: { receiver: 'hook', groupWait: '0s', groupInterval: '0s' },
      },
    }));
    const start = () => serveProcess(dataDir, ['--config', configFile]);
    served = await start();
    const token = served.token ?? assert.fail('no admin token printed on first start');
    const call = async (path: string, body?: unknown) => {
      const response = await fetch(`${served!.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      assert.ok(response.status < 300, `${path}: ${response.status} ${await response.clone().text()}`);
      return response.json();
    };
    await call('/api/v1/events', { title: 'QueueBacklog', entity: 'service:orders', severity: 'critical', time: Date.now() });
    const incidents = await eventually(() => call('/api/v1/incidents') as Promise<{ items: { id: string }[] }>, (page) => page.items.length === 1, 'the incident');
    const incident = incidents.items[0]?.id ?? '';
    await eventually(() => Promise.resolve(hook.to('/hook').length), (count) => count >= 2, 'the refused firing to be retried');
    await stopProcess(served, 'SIGKILL');

    accepting = true;
    served = await start();
    const delivered = (events: number) => eventually(() => call(`/api/v1/notifications?incident=${incident}`) as Promise<{ items: { event: string; status: string }[] }>,
      (list) => list.items.filter((item) => item.status === 'delivered').length === events, `${events} deliveries`);
    await delivered(1);
    await stopProcess(served, 'SIGKILL');

    served = await start();
    await call(`/api/v1/incidents/${incident}/resolve`, {});
    const list = await delivered(2);
    assert.deepEqual(list.items.map((item) => [item.event, item.status]), [['incident.firing', 'delivered'], ['incident.resolved', 'delivered']]);
    assert.deepEqual(accepted, ['incident.firing', 'incident.resolved']);
  });
});
