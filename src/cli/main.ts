#!/usr/bin/env node
/** The `opsight` command. Every subcommand has --help; errors print one clear line and exit 1. */
import { Command } from 'commander';
import { ConfigError } from '../config/load.js';
import { redactCredentials } from '../telemetry/redact.js';
import { demoCommand } from '../demo/command.js';
import { benchCommand } from './bench.js';
import { reportCommand } from './report.js';
import { serveCommand } from './serve.js';
import { tokenCommand } from './token.js';

const program = new Command('opsight')
  .description('opsight: AIOps for SRE and IT operations — ingest, detect, correlate, analyse, act')
  .version('0.1.0')
  .addCommand(serveCommand())
  .addCommand(tokenCommand())
  .addCommand(benchCommand())
  .addCommand(demoCommand())
  .addCommand(reportCommand())
  .showHelpAfterError();

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `error: ${(error as Error).message}`;
  process.stderr.write(`${redactCredentials(message)}\n`);
  process.exit(1);
});
