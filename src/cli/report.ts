/** `opsight report`: insights over a time range (src/insights), read from the store, as Markdown or JSON. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseTime } from '../signals/index.js';
import { insightsFromStore } from '../insights/gather.js';
import { insightsMarkdown } from '../insights/insights.js';
import type { DataFlags } from './config-options.js';
import { withDataOptions, withStore } from './config-options.js';

const WEEK = 7 * 24 * 3_600_000;

function time(text: string): number {
  const ms = parseTime(/^\d+$/.test(text) ? Number(text) : text);
  if (ms === undefined) throw new InvalidArgumentError('expected an RFC 3339 time or epoch milliseconds');
  return ms;
}

interface ReportFlags extends DataFlags {
  from?: number;
  to?: number;
  format: 'md' | 'json';
}

export function reportCommand(): Command {
  return withDataOptions(new Command('report'))
    .description('insights over a time range: alerts in against incidents out, MTTA and MTTR by service and severity, noisiest and flapping alerts')
    .option('--from <time>', 'start of the range, RFC 3339 or epoch ms (default: a week before --to)', time)
    .option('--to <time>', 'end of the range (default: now)', time)
    .addOption(new Option('--format <format>', 'Markdown or JSON').choices(['md', 'json']).default('md'))
    .action(async (flags: ReportFlags) => {
      const to = flags.to ?? Date.now();
      const from = flags.from ?? to - WEEK;
      if (from > to) throw new Error('--from is after --to');
      const report = await withStore(flags, (store) => insightsFromStore(store, from, to));
      process.stdout.write(`${flags.format === 'json' ? JSON.stringify(report, null, 2) : insightsMarkdown(report)}\n`);
    });
}
