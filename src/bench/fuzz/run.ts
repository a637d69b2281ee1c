/**
 * Runs the fuzz benchmark: starts `opsight serve` as a child on a temporary data directory, then
 * sends `count` mutated inputs per protocol with bounded concurrency while the prober and the
 * memory sampler watch, and returns the report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../ingest/free-port.js';
import { InputArchive } from './archive.js';
import { createIngestToken } from './child-server.js';
import { PROBE_INTERVAL_MS, startProber } from './monitor.js';
import type { FuzzReport, ProtocolReport } from './report.js';
import { failuresOf, increment } from './report.js';
import type { Sender, SyslogCounters } from './senders.js';
import { httpSender, syslogCounters, tcpSender, udpSender } from './senders.js';
import { FuzzSession } from './session.js';
import type { FuzzTarget } from './targets.js';
import { fuzzTargets, generateInput } from './targets.js';

export interface FuzzOptions {
  count: number;
  seed: number;
  concurrency: number;
  /** Names from PROTOCOLS, run in PROTOCOLS order. */
  protocols: readonly string[];
  out: string;
  /** The `opsight` CLI entry the child runs. */
  main: string;
  onProgress?: (done: number, total: number, label: string) => void;
}

interface Wiring {
  session: FuzzSession;
  agent: Agent;
  token: string;
  syslogPort: number;
}

function sendersFor(target: FuzzTarget, wiring: Wiring, concurrency: number): Sender[] {
  if (target.transport === 'udp') return Array<Sender>(concurrency).fill(udpSender(wiring.syslogPort));
  if (target.transport === 'tcp') return Array.from({ length: concurrency }, () => tcpSender(wiring.syslogPort));
  const http = httpSender(wiring.agent, `${wiring.session.server.url}${target.path}`, wiring.token);
  return Array<Sender>(concurrency).fill(http);
}

/** Syslog has no answer per input: what the server accepted and rejected is read from its counters once they stop moving. */
async function settledSyslogCounters(url: string): Promise<SyslogCounters> {
  let last = await syslogCounters(url);
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await syslogCounters(url);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

function addSyslogCounters(report: ProtocolReport, before: SyslogCounters, after: SyslogCounters): void {
  report.accepted += after.accepted - before.accepted;
  for (const [reason, n] of Object.entries(after.rejected)) {
    const delta = n - (before.rejected[reason] ?? 0);
    if (delta > 0) increment(report.refused, reason, delta);
  }
}

async function fuzzProtocol(target: FuzzTarget, wiring: Wiring, options: FuzzOptions, progress: (label: string) => void): Promise<void> {
  const { session } = wiring;
  const report = session.begin(target);
  const syslog = target.transport !== 'http';
  const generation = session.server.generation;
  const before = syslog ? await syslogCounters(session.server.url) : undefined;
  const senders = sendersFor(target, wiring, options.concurrency);
  const started = performance.now();
  let next = 0;
  await Promise.all(senders.map(async (sender) => {
    while (next < options.count) {
      const input = generateInput(target, options.seed, next++);
      await session.server.whenUp();
      await session.deliver(sender, input);
      progress(target.name);
    }
  }));
  await Promise.all([...new Set(senders)].map((sender) => sender.close()));
  if (before !== undefined) {
    await session.server.whenUp();
    // After a restart the counters began again from zero.
    addSyslogCounters(report, session.server.generation === generation ? before : { accepted: 0, rejected: {} }, await settledSyslogCounters(session.server.url));
  }
  report.seconds = (performance.now() - started) / 1000;
  // A phase shorter than the sampling interval still gets a memory reading.
  session.sampleMemory();
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const targets = fuzzTargets(options.protocols);
  const dataDir = mkdtempSync(join(tmpdir(), 'opsight-fuzz-'));
  const archive = new InputArchive(options.out, options.seed);
  archive.reset(targets.map((target) => target.name));
  const syslogPort = await freePort();
  const session = new FuzzSession(archive, { main: options.main, dataDir, httpPort: await freePort(), syslogPort });
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  let done = 0;
  const total = targets.length * options.count;
  try {
    const token = createIngestToken(options.main, dataDir);
    await session.server.start();
    const prober = startProber(session.server.url, (probe) => session.probed(probe));
    const sampler = setInterval(() => session.sampleMemory(), PROBE_INTERVAL_MS);
    try {
      for (const target of targets) {
        await fuzzProtocol(target, { session, agent, token, syslogPort }, options, (label) => options.onProgress?.(++done, total, label));
      }
    } finally {
      clearInterval(sampler);
      await prober.stop();
    }
  } finally {
    agent.destroy();
    await session.server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    benchmark: 'fuzz', seed: options.seed, count: options.count, concurrency: options.concurrency, out: options.out,
    protocols: session.reports, failures: failuresOf(session.reports),
  };
}
