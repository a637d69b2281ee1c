/**
 * `opsight demo`: starts opsight in this process (or drives one already running) and feeds it a simulated
 * online shop over the real protocols, with faults on a schedule and on demand; or, with --write-cases,
 * writes benchmark cases of every fault kind and exits.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import { parseDuration } from '../config/duration.js';
import { createLogger } from '../telemetry/logger.js';
import { startServer } from '../runtime/serve.js';
import type { RunningServer } from '../runtime/serve.js';
import { issueToken } from '../server/auth/tokens.js';
import type { ServeFlags } from '../cli/config-options.js';
import { configFrom, serveFlagKeys } from '../cli/config-options.js';
import { writeCases } from './cases.js';
import { FAULT_KINDS, parseFaultSpec } from './faults.js';
import type { FaultKind } from './faults.js';
import type { LiveTarget } from './live.js';
import { startDemoRun } from './run.js';
import { SHOP } from './shop.js';

interface DemoFlags {
  dataDir: string;
  port?: string;
  host?: string;
  speed: number;
  duration?: number;
  keepRunning?: boolean;
  seed: number;
  fault: { kind: FaultKind; service: string }[];
  faultEvery: number;
  warmup: number;
  truth?: string;
  server: boolean;
  target?: string;
  token?: string;
  writeCases?: string;
  faults: number;
}

function duration(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new InvalidArgumentError('expected a duration such as 30s, 15m, 2h');
  return ms;
}

function number(least: number, whole: boolean) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < least || (whole && !Number.isSafeInteger(value))) throw new InvalidArgumentError(`expected a ${whole ? 'whole ' : ''}number of at least ${least}`);
    return value;
  };
}

function faultSpec(text: string, previous: DemoFlags['fault']): DemoFlags['fault'] {
  try {
    return [...previous, parseFaultSpec(text)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The embedded server on the demo's data folder, with an admin token: the first start's, or a new one. */
async function embeddedServer(flags: DemoFlags): Promise<{ server: RunningServer; target: LiveTarget }> {
  const serveFlags: ServeFlags = { dataDir: flags.dataDir, port: flags.port ?? '8080', host: flags.host ?? '127.0.0.1', otlpPort: '0', syslogPort: '0' };
  const config = configFrom(serveFlags, serveFlagKeys);
  const server = await startServer(config, createLogger('warn'));
  const token = server.initialAdminToken ?? (await issueToken(server.store, 'admin', 'opsight demo')).token;
  return { server, target: { url: server.url, token } };
}

function whereToLook(target: LiveTarget): void {
  const auth = target.token === undefined ? '' : ` -H 'Authorization: Bearer ${target.token}'`;
  say(`opsight: ${target.url}`);
  if (target.token !== undefined) say(`admin token: ${target.token}`);
  say(`  incidents: curl -s${auth} ${target.url}/api/v1/incidents`);
  say(`  topology:  curl -s${auth} ${target.url}/api/v1/topology`);
  say(`  alerts:    curl -s${auth} ${target.url}/api/v1/alerts`);
  say(`inject a fault now: type kind:service and Enter (kinds: ${FAULT_KINDS.join(', ')}; services: ${SHOP.map((s) => s.name).join(', ')})`);
}

/** Reads `kind:service` lines from a terminal while the demo runs. */
function faultsFromTerminal(inject: (kind: FaultKind, service: string) => void): () => void {
  if (!process.stdin.isTTY) return () => undefined;
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    try {
      const { kind, service } = parseFaultSpec(line.trim());
      inject(kind, service);
    } catch (error) {
      say((error as Error).message);
    }
  });
  return () => lines.close();
}

async function live(flags: DemoFlags): Promise<void> {
  if (!flags.server && flags.target === undefined) throw new Error('--no-server needs --target URL (and --token T unless the server is open)');
  const embedded = flags.server ? await embeddedServer(flags) : undefined;
  const target = embedded?.target ?? { url: flags.target as string, token: flags.token };
  const truthFile = flags.truth ?? path.join(flags.server ? flags.dataDir : '.', 'demo-truth.jsonl');
  whereToLook(target);
  say(`ground truth of every fault: ${path.resolve(truthFile)}`);
  // Sped up over a set duration, the run ends about now; otherwise it starts now.
  const start = flags.duration !== undefined && flags.speed > 1 ? Date.now() - flags.duration : Date.now();
  const run = startDemoRun({
    seed: flags.seed, start, speed: flags.speed, durationMs: flags.duration, warmupMs: flags.warmup, faultEveryMs: flags.faultEvery,
    requested: flags.fault, truthFile, target, say,
  });
  const closeTerminal = faultsFromTerminal((kind, service) => run.inject(kind, service));
  const stop = () => run.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const faults = await run.done;
    say(`simulation over: ${faults.length} fault(s) injected`);
    if (flags.keepRunning === true && embedded !== undefined) {
      say('opsight keeps running; Ctrl-C stops it');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
  } finally {
    closeTerminal();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await embedded?.server.close();
  }
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('run opsight on a simulated online shop (12 services) with injected faults; or write benchmark cases with --write-cases')
    .option('--data-dir <dir>', 'data folder of the embedded server', './opsight-demo-data')
    .option('-p, --port <port>', 'HTTP port of the embedded server (default: 8080)')
    .option('--host <address>', 'address of the embedded server (default: 127.0.0.1)')
    .option('--speed <n>', 'event time runs n times faster than the wall clock', number(0.01, false), 1)
    .option('--duration <duration>', 'event time to simulate (e.g. 2h), then exit; default: until Ctrl-C', duration)
    .option('--keep-running', 'after --duration, keep the server running until Ctrl-C')
    .option('--seed <n>', 'seed of the simulation: the same seed gives the same data', number(0, true), 1)
    .option('--fault <kind:service>', `inject a fault when the warm-up ends (repeatable); kinds: ${FAULT_KINDS.join(', ')}`, faultSpec, [])
    .option('--fault-every <duration>', 'a scheduled fault about this often (event time); 0s schedules none', duration, 8 * 60_000)
    .option('--warmup <duration>', 'event time before the first fault, for opsight to learn what is usual', duration, 20 * 60_000)
    .option('--truth <file>', 'write the ground truth of every fault here, JSON lines (default: <data-dir>/demo-truth.jsonl)')
    .option('--no-server', 'start no server: drive the one at --target')
    .option('--target <url>', 'the opsight server to drive with --no-server')
    .option('--token <token>', 'its API token (ingest role or above)')
    .option('--write-cases <dir>', 'write RCAEval cases (opsight bench rca) and correlation scenarios (opsight bench correlate) of every fault kind, then exit')
    .option('--faults <n>', 'cases --write-cases writes, one fault each', number(1, true), 16)
    .action(async (flags: DemoFlags) => {
      if (flags.writeCases === undefined) return live(flags);
      const written = writeCases(flags.writeCases, flags.seed, flags.faults, (done, name) => process.stderr.write(`case ${done}/${flags.faults}: ${name}\n`));
      say(`wrote ${written.length} RCAEval case folders and as many scenarios (*.jsonl) of seed ${flags.seed} to ${flags.writeCases}`);
      say(`  opsight bench rca --format rcaeval ${flags.writeCases}`);
      say(`  opsight bench correlate --scenarios ${flags.writeCases}`);
    });
}
