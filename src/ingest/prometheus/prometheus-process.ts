/**
 * Debian's real `prometheus` in a temporary folder on a free loopback port, for the integration
 * tests and the ingest benchmark. Tests skip when the binary is absent, unless
 * OPSIGHT_REQUIRE_SERVICES=1 (CI), where they fail.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port.js';

export const prometheusBinary = process.env.OPSIGHT_PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const servicesRequired = process.env.OPSIGHT_REQUIRE_SERVICES === '1';

/** Why the Prometheus tests are skipped, or false when they run (they fail instead when services are required). */
export const prometheusSkip: string | false = existsSync(prometheusBinary) || servicesRequired
  ? false : `${prometheusBinary} not found: Prometheus integration tests skipped (apt-get install prometheus, or set OPSIGHT_PROMETHEUS_BIN)`;

export interface RunningPrometheus {
  url: string;
  port: number;
  /** Prometheus's output so far, for failure messages. */
  log: () => string;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus not ready after 20 s:\n${log()}`);
}

/** Starts Prometheus with `config` (YAML) and the remote-write receiver enabled; resolves once it is ready. */
export async function startPrometheus(config: string): Promise<RunningPrometheus> {
  if (!existsSync(prometheusBinary)) throw new Error(`${prometheusBinary} does not exist (apt-get install prometheus, or set OPSIGHT_PROMETHEUS_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), 'opsight-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const child = spawn(prometheusBinary, [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--web.enable-remote-write-receiver', '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, log: () => output, stop };
}
