/** `opsight token`: create, list and revoke API tokens directly in the store (the server need not run). */
import { Command, Option } from 'commander';
import type { Role } from '../store/index.js';
import { issueToken } from '../server/auth/tokens.js';
import type { DataFlags } from './config-options.js';
import { withDataOptions, withStore } from './config-options.js';
import { formatTable } from './table.js';

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

export function tokenCommand(): Command {
  const token = new Command('token').description('manage API tokens');
  withDataOptions(token.command('create'))
    .description('create a token and print it (alone, on the last line); it cannot be shown again')
    .addOption(new Option('--role <role>', 'what the token may do').choices(['viewer', 'responder', 'admin', 'ingest']).makeOptionMandatory())
    .option('--name <name>', 'a label to recognise the token by', 'cli')
    .action(async (flags: DataFlags & { role: Role; name: string }) => {
      const issued = await withStore(flags, (store) => issueToken(store, flags.role, flags.name));
      process.stderr.write(`created ${issued.record.role} token ${issued.record.id} (${issued.record.name})\n`);
      process.stdout.write(`${issued.token}\n`);
    });
  withDataOptions(token.command('list'))
    .description('list tokens (never their secret)')
    .action(async (flags: DataFlags) => {
      const tokens = await withStore(flags, (store) => store.tokens.list());
      const rows = tokens.map((t) => [t.id, t.name, t.role, iso(t.createdAt), iso(t.lastUsedAt), t.revokedAt === null ? 'active' : `revoked ${iso(t.revokedAt)}`]);
      process.stdout.write(`${formatTable(['id', 'name', 'role', 'created', 'last used', 'state'], rows)}\n`);
    });
  withDataOptions(token.command('revoke'))
    .description('revoke a token by id')
    .argument('<id>', 'token id, as `opsight token list` shows it')
    .action(async (id: string, flags: DataFlags) => {
      const revoked = await withStore(flags, (store) => store.tokens.revoke(id, Date.now()));
      if (!revoked) throw new Error(`no active token with id ${id}`);
      process.stderr.write(`revoked token ${id}\n`);
    });
  return token;
}
