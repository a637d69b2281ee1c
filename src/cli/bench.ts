/** `opsight bench`: accuracy and speed benchmarks, each printing a table, or JSON with --json. */
import { Command } from 'commander';

export function benchCommand(): Command {
  const bench = new Command('bench').description('run a benchmark: prints a table, or JSON with --json');
  return bench;
}
