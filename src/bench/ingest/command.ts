/**
 * `opsight bench ingest`: drives each protocol with a generated load and reports accepted items/s
 * end to end (decoded, normalised, on the bus); for remote write also the same load against
 * Prometheus's and VictoriaMetrics's receivers, as a ratio.
 */
import { Command } from 'commander';
import { createProgress } from '../../cli/progress.js';
import { formatTable } from '../../cli/table.js';
import type { LoadResult } from './http-load.js';
import type { Receiver } from './receivers.js';
import { startOpsight, startPrometheus, startVictoriaMetrics } from './receivers.js';
import { runLoadInWorker } from './run-in-worker.js';
import type { HttpScenario } from './scenarios.js';
import { ingestScenarios } from './registry.js';
import { runSyslogStream } from './syslog-scenario.js';

interface Flags {
  duration: string;
  remoteWriteRate: string;
  syslogLines: string;
  concurrency: string;
  only?: string;
  json?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  unit: string;
  itemsPerSecond: number;
  requests: number;
  rejected: number;
  compared: Record<string, { itemsPerSecond: number; ratio: number } | { error: string }>;
  target: HttpScenario['target'] | null;
}

const starters = { prometheus: startPrometheus, victoriametrics: startVictoriaMetrics };

function rate(result: LoadResult): number {
  return result.accepted / result.seconds;
}

async function drive(receiver: Receiver, scenario: HttpScenario, durationMs: number, concurrency: number): Promise<LoadResult> {
  return runLoadInWorker({
    url: `${receiver.url}${scenario.path}`, headers: scenario.headers, bodies: scenario.bodies, itemsPerBody: scenario.itemsPerBody,
    durationMs, concurrency, okStatuses: scenario.okStatuses,
  });
}

async function compare(scenario: HttpScenario, ours: number, durationMs: number, concurrency: number): Promise<ScenarioResult['compared']> {
  const compared: ScenarioResult['compared'] = {};
  for (const name of scenario.compareWith ?? []) {
    let receiver: Receiver | undefined;
    try {
      receiver = await starters[name]();
      const theirs = rate(await drive(receiver, { ...scenario, path: '/api/v1/write', okStatuses: [200, 204] }, durationMs, concurrency));
      compared[name] = { itemsPerSecond: theirs, ratio: theirs > 0 ? ours / theirs : 0 };
    } catch (error) {
      compared[name] = { error: (error as Error).message };
    } finally {
      await receiver?.stop();
    }
  }
  return compared;
}

async function runScenario(scenario: HttpScenario, durationMs: number, concurrency: number): Promise<ScenarioResult> {
  const opsight = await startOpsight();
  let result: LoadResult;
  try {
    result = await drive(opsight, scenario, durationMs, concurrency);
  } finally {
    await opsight.stop();
  }
  const ours = rate(result);
  const rejected = result.requests - Object.entries(result.statuses).filter(([status]) => scenario.okStatuses.includes(Number(status))).reduce((sum, [, n]) => sum + n, 0);
  return {
    scenario: scenario.name, unit: scenario.unit, itemsPerSecond: ours, requests: result.requests, rejected,
    compared: await compare(scenario, ours, durationMs, concurrency), target: scenario.target ?? null,
  };
}

const SYSLOG_TARGET = 200_000;

async function syslogResult(lines: number): Promise<ScenarioResult> {
  const { accepted, seconds } = await runSyslogStream(lines);
  return {
    scenario: 'syslog (TCP, RFC 5424)', unit: 'lines', itemsPerSecond: accepted / seconds, requests: 1, rejected: lines - accepted,
    compared: {}, target: { itemsPerSecond: SYSLOG_TARGET },
  };
}

function comparedText(result: ScenarioResult): string {
  const parts = Object.entries(result.compared).map(([name, value]) =>
    'error' in value ? `${name}: not run (${value.error})` : `${(value.ratio).toFixed(2)}× ${name} (${Math.round(value.itemsPerSecond).toLocaleString('en')}/s)`);
  return parts.join('; ') || '-';
}

function targetText(result: ScenarioResult): string {
  const target = result.target;
  if (target === null || target === undefined) return '-';
  if (target.itemsPerSecond !== undefined) {
    return `≥ ${target.itemsPerSecond.toLocaleString('en')}/s: ${result.itemsPerSecond >= target.itemsPerSecond ? 'met' : 'not met'}`;
  }
  if (target.ratio === undefined) return '-';
  const compared = result.compared[target.ratio.of];
  const met = compared !== undefined && 'ratio' in compared && compared.ratio >= target.ratio.atLeast;
  return `≥ ${target.ratio.atLeast}× ${target.ratio.of}: ${compared === undefined || 'error' in compared ? 'not measured' : met ? 'met' : 'not met'}`;
}

async function bench(flags: Flags): Promise<void> {
  const durationMs = Number(flags.duration) * 1000;
  const concurrency = Number(flags.concurrency);
  if (!(durationMs > 0) || !(concurrency > 0)) throw new Error('--duration and --concurrency must be positive numbers');
  // Remote write must never repeat a body (receivers reject out-of-order samples): size it to the run.
  const remoteWriteRequests = Math.ceil((durationMs / 1000) * Number(flags.remoteWriteRate) / 500);
  const scenarios = ingestScenarios(remoteWriteRequests).filter((s) => flags.only === undefined || s.name.includes(flags.only));
  if (!(Number(flags.syslogLines) > 0)) throw new Error('--syslog-lines must be a positive number');
  const runSyslog = flags.only === undefined || 'syslog (TCP, RFC 5424)'.includes(flags.only);
  const progress = createProgress('ingest');
  const results: ScenarioResult[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    progress.update(index, scenarios.length + 1, scenario.name);
    results.push(await runScenario(scenario, durationMs, concurrency));
  }
  if (runSyslog) {
    progress.update(scenarios.length, scenarios.length + 1, 'syslog');
    results.push(await syslogResult(Number(flags.syslogLines)));
  }
  progress.finish();
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify({ benchmark: 'ingest', durationSeconds: durationMs / 1000, concurrency, results }, null, 2)}\n`);
    return;
  }
  const rows = results.map((r) => [r.scenario, r.unit, Math.round(r.itemsPerSecond), r.requests, r.rejected, comparedText(r), targetText(r)]);
  process.stdout.write(`${formatTable(['protocol', 'unit', 'accepted/s', 'requests', 'refused', 'compared', 'target'], rows)}\n`);
}

export function ingestCommand(): Command {
  return new Command('ingest')
    .description('accepted items/s per ingest protocol, end to end (decoded, normalised, on the bus), on one opsight process')
    .option('--duration <seconds>', 'seconds of load per protocol and receiver', '10')
    .option('--concurrency <n>', 'requests in flight', '8')
    .option('--remote-write-rate <samples/s>', 'most samples/s any receiver is expected to take; sizes the distinct remote-write bodies', '2000000')
    .option('--syslog-lines <n>', 'lines sent in the syslog scenario', '1000000')
    .option('--only <text>', 'run only the protocols whose name contains this')
    .option('--json', 'print JSON instead of a table')
    .action(bench);
}
