/** `opsight bench`: accuracy and speed benchmarks, each printing a table, or JSON with --json. */
import { Command } from 'commander';
import { nabCommand } from '../bench/nab/command.js';
import { loghubCommand } from '../bench/loghub/command.js';
import { ingestCommand } from '../bench/ingest/command.js';
import { fuzzCommand } from '../bench/fuzz/command.js';
import { noiseCommand } from '../bench/noise/command.js';
import { correlateCommand } from '../bench/correlate/command.js';
import { rcaCommand } from '../bench/rca/command.js';
import { uiCommand } from '../bench/ui/command.js';

export function benchCommand(): Command {
  const bench = new Command('bench').description('run a benchmark: prints a table, or JSON with --json');
  bench.addCommand(nabCommand());
  bench.addCommand(loghubCommand());
  bench.addCommand(ingestCommand());
  bench.addCommand(fuzzCommand());
  bench.addCommand(noiseCommand());
  bench.addCommand(correlateCommand());
  bench.addCommand(rcaCommand());
  bench.addCommand(uiCommand());
  return bench;
}
