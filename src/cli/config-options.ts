/** The flags every command that touches data shares, and their mapping onto config keys (listed in docs/config.md). */
import type { Command } from 'commander';
import type { Config } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import type { Store } from '../store/index.js';
import { openStore } from '../store/index.js';

export interface DataFlags {
  config?: string;
  dataDir?: string;
  store?: string;
  postgresUrl?: string;
}

export interface ServeFlags extends DataFlags {
  port?: string;
  syslogPort?: string;
  otlpPort?: string;
  host?: string;
  open?: boolean;
}

/** A flag as typed and the config key it sets. */
export interface FlagKey {
  flag: string;
  key: string;
}

/** Per parsed option (commander's name for it), the flag and its key. */
type FlagKeys<Flags> = { [option in Exclude<keyof Flags, 'config'>]-?: FlagKey };

export const dataFlagKeys: FlagKeys<DataFlags> = {
  dataDir: { flag: '--data-dir', key: 'dataDir' },
  store: { flag: '--store', key: 'store.driver' },
  postgresUrl: { flag: '--postgres-url', key: 'store.postgresUrl' },
};

export const serveFlagKeys: FlagKeys<ServeFlags> = {
  ...dataFlagKeys,
  port: { flag: '--port', key: 'server.port' },
  host: { flag: '--host', key: 'server.host' },
  open: { flag: '--open', key: 'auth.open' },
  syslogPort: { flag: '--syslog-port', key: 'syslog.port' },
  otlpPort: { flag: '--otlp-port', key: 'otlp.port' },
};

export function withDataOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'YAML config file (default: $OPSIGHT_CONFIG)')
    .option('--data-dir <dir>', 'data directory (default: $OPSIGHT_DATA_DIR or ./data)')
    .option('--store <driver>', 'sqlite or postgres (default: $OPSIGHT_STORE or sqlite)')
    .option('--postgres-url <url>', 'PostgreSQL URL when --store postgres (default: $OPSIGHT_POSTGRES_URL)');
}

/** The configuration, with the flags given on the command line (`flagKeys` names which) set over the file and the environment. */
export function configFrom(flags: DataFlags, flagKeys: Readonly<Record<string, FlagKey>> = dataFlagKeys): Readonly<Config> {
  const given = flags as Record<string, string | boolean | undefined>;
  return loadConfig({
    file: flags.config,
    flags: Object.entries(flagKeys).map(([option, { flag, key }]) => ({ key, flag, value: given[option] })),
  });
}

/** Runs `work` on the store the flags name, and closes it. */
export async function withStore<T>(flags: DataFlags, work: (store: Store) => Promise<T>): Promise<T> {
  const config = configFrom(flags);
  const store = await openStore({ driver: config.store.driver, dataDir: config.dataDir, postgresUrl: config.store.postgresUrl, sqliteSynchronous: config.store.sqliteSynchronous });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
