/** `opsight serve`: runs the server until SIGINT or SIGTERM. */
import { basename, relative, resolve } from 'node:path';
import { Command } from 'commander';
import type { Config } from '../config/schema.js';
import { createLogger } from '../telemetry/logger.js';
import { startServer } from '../runtime/serve.js';
import type { ServeFlags } from './config-options.js';
import { configFrom, serveFlagKeys, withDataOptions } from './config-options.js';

async function serve(flags: ServeFlags): Promise<void> {
  const config = configFrom(flags, serveFlagKeys);
  const logger = createLogger(config.log.level);
  if (config.auth.open) {
    logger.warn('AUTH IS OFF (open mode): anyone who can reach this port has admin rights, and any token created now stays valid '
      + 'once tokens are turned on. Use only for a local demo.');
  }
  const server = await startServer(config, logger);
  if (server.initialAdminToken !== undefined) {
    logger.warn('first start: created an admin API token; it is shown this once, store it now');
    process.stdout.write(`\nadmin token (shown once): ${server.initialAdminToken}\n\n`);
  } else if (server.noTokenUsedYet) {
    logger.warn(`no API token has been used yet. If the admin token shown on the first start is lost, create another; this works while opsight runs: ${adminTokenCommand(config)}`);
  }
  logger.info({ url: server.url, store: config.store.driver, dataDir: config.dataDir }, `opsight listening on ${server.url}`);
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close().then(() => process.exit(0), (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** A word the shell passes on as it is. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** The command as this process was started: `opsight` when installed, `node dist/cli/main.js` in a checkout. */
function thisCommand(): string {
  const script = process.argv[1] ?? '';
  return basename(script) === 'main.js' ? `node ${shellWord(relative(process.cwd(), script))}` : 'opsight';
}

/** The command that creates an admin token in this server's store. */
function adminTokenCommand(config: Readonly<Config>): string {
  const store = config.store.driver === 'sqlite' ? `--data-dir ${shellWord(resolve(config.dataDir))}` : '--store postgres --postgres-url <store.postgresUrl>';
  return `${thisCommand()} token create --role admin ${store}`;
}

export function serveCommand(): Command {
  return withDataOptions(new Command('serve'))
    .description('run the opsight server (API, ingest endpoints and pipeline)')
    .option('-p, --port <port>', 'HTTP port (default: $OPSIGHT_PORT or 8080)')
    .option('--host <address>', 'address of every listener, API, OTLP and syslog, unless otlp.host or syslog.host is set (default: $OPSIGHT_HOST or 0.0.0.0)')
    .option('--syslog-port <port>', 'syslog port, UDP and TCP; 0 turns syslog off (default: $OPSIGHT_SYSLOG_PORT or 5514)')
    .option('--otlp-port <port>', 'OTLP/HTTP port; 0 turns the extra listener off (default: $OPSIGHT_OTLP_PORT or 4318)')
    .option('--open', 'serve without API tokens (local demos only; logged loudly)')
    .action(serve);
}
