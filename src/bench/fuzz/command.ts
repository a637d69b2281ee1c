/** `opsight bench fuzz`: mutated inputs for every ingest protocol against a child `opsight serve`; fails on a crash, a 5xx or a stall. */
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { createProgress } from '../../cli/progress.js';
import { formatFuzzTable } from './report.js';
import { runFuzz } from './run.js';
import { PROTOCOLS } from './targets.js';

interface Flags {
  count: string;
  seed: string;
  protocols?: string;
  concurrency: string;
  out: string;
  json?: boolean;
}

/** The CLI of the same build as this module: dist/cli/main.js for dist/bench/fuzz/command.js. */
export const CLI_MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

function protocolList(value: string): string[] {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !PROTOCOLS.includes(name));
  if (unknown.length > 0 || names.length === 0) throw new Error(`--protocols: unknown ${unknown.join(', ') || '(none given)'}; known: ${PROTOCOLS.join(', ')}`);
  return names;
}

async function fuzz(flags: Flags): Promise<void> {
  const seed = Number(flags.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got "${flags.seed}"`);
  const progress = createProgress('fuzz');
  const report = await runFuzz({
    count: positiveInteger(flags.count, '--count'), seed, concurrency: positiveInteger(flags.concurrency, '--concurrency'),
    protocols: flags.protocols === undefined ? PROTOCOLS : protocolList(flags.protocols), out: flags.out, main: CLI_MAIN, onProgress: (done, total, label) => progress.update(done, total, label),
  });
  progress.finish();
  process.stdout.write(flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatFuzzTable(report)}\n`);
  if (report.failures.length > 0) process.exitCode = 1;
}

export function fuzzCommand(): Command {
  return new Command('fuzz')
    .description('sends mutated inputs to every ingest protocol of a child opsight server; exits 1 on any crash, 5xx or stalled /healthz')
    .option('--count <n>', 'inputs per protocol', '100000')
    .option('--seed <n>', 'PRNG seed: the same seed sends the same inputs', '1')
    .option('--protocols <list>', `comma-separated subset of: ${PROTOCOLS.join(', ')} (default: all)`)
    .option('--concurrency <n>', 'inputs in flight', '8')
    .option('--out <dir>', 'where the first failing inputs of each kind are saved', '.bench-out/fuzz')
    .option('--json', 'print JSON instead of a table')
    .action(fuzz);
}
