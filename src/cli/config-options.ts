/** The flags every command that touches data shares, and their mapping onto config keys. */
import type { Command } from 'commander';
import type { Config } from '../config/schema.js';
import { loadConfig } from '../config/load.js';

export interface DataFlags {
  config?: string;
  dataDir?: string;
  store?: string;
  postgresUrl?: string;
}

export function withDataOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'YAML config file (default: $OPSIGHT_CONFIG)')
    .option('--data-dir <dir>', 'data directory (default: $OPSIGHT_DATA_DIR or ./data)')
    .option('--store <driver>', 'sqlite or postgres (default: $OPSIGHT_STORE or sqlite)')
    .option('--postgres-url <url>', 'PostgreSQL URL when --store postgres (default: $OPSIGHT_POSTGRES_URL)');
}

export function configFrom(flags: DataFlags, extra: { key: string; flag: string; value: string | boolean | undefined }[] = []): Readonly<Config> {
  return loadConfig({
    file: flags.config,
    flags: [
      { key: 'dataDir', flag: '--data-dir', value: flags.dataDir },
      { key: 'store.driver', flag: '--store', value: flags.store },
      { key: 'store.postgresUrl', flag: '--postgres-url', value: flags.postgresUrl },
      ...extra,
    ],
  });
}
