/**
 * The receivers the ingest benchmark drives: opsight itself (in this process, fresh data
 * directory, auth off) and, for remote write, Debian's Prometheus and VictoriaMetrics on loopback.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pino } from 'pino';
import { loadConfig } from '../../config/load.js';
import { startServer } from '../../runtime/serve.js';
import { freePort } from '../../ingest/free-port.js';
import { startPrometheus as startPrometheusProcess } from '../../ingest/prometheus/prometheus-process.js';

export interface Receiver {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** `syslogPort` 0 keeps syslog off. */
export async function startOpsight(syslogPort = 0): Promise<Receiver> {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsight-bench-'));
  const config = loadConfig({ env: {}, flags: [
    { key: 'dataDir', flag: '--data-dir', value: dataDir }, { key: 'server.port', flag: '--port', value: '0' },
    { key: 'server.host', flag: '--host', value: '127.0.0.1' }, { key: 'auth.open', flag: '--open', value: true },
    { key: 'server.bodyLimitBytes', flag: 'bench', value: String(64 * 1024 * 1024) },
    { key: 'syslog.port', flag: 'bench', value: String(syslogPort) },
    { key: 'otlp.port', flag: 'bench', value: '0' },
  ] });
  const server = await startServer(config, pino({ level: 'error' }));
  return {
    name: 'opsight', url: server.url,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitReady(url: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready`);
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} was not ready within 30 s`);
}

export async function startPrometheus(): Promise<Receiver> {
  const prometheus = await startPrometheusProcess('global:\n  scrape_interval: 1h\n');
  return { name: 'prometheus', url: prometheus.url, stop: () => prometheus.stop() };
}

export async function startVictoriaMetrics(): Promise<Receiver> {
  const binary = '/usr/bin/victoria-metrics';
  if (!existsSync(binary)) throw new Error(`${binary} is not installed (apt-get install victoria-metrics)`);
  const dir = mkdtempSync(join(tmpdir(), 'opsight-bench-victoriametrics-'));
  const port = await freePort();
  const child = spawn(binary, [`-storageDataPath=${join(dir, 'data')}`, `-httpListenAddr=127.0.0.1:${port}`, '-loggerLevel=ERROR'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/health`, child, 'victoriametrics');
  return {
    name: 'victoriametrics', url,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
