import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ingest/free-port.js';
import { openStore } from './open.js';
import { StoreOpenError } from './open-error.js';
import { storeTargets } from './testing.js';

async function openFailure(open: () => Promise<unknown>): Promise<StoreOpenError> {
  const error = await open().then(() => assert.fail('the store opened'), (failure: unknown) => failure);
  assert.ok(error instanceof StoreOpenError, String(error));
  return error;
}

describe('openStore: SQLite errors name the store, the file and what to check', () => {
  const root = mkdtempSync(join(tmpdir(), 'opsight-open-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('"unable to open database file"', async () => {
    // Linux takes a 600-character path; SQLite's own limit is lower, so it cannot open the file.
    const dataDir = join(root, 'a'.repeat(200), 'b'.repeat(200), 'c'.repeat(200));
    const file = join(dataDir, 'opsight.db');
    const error = await openFailure(() => openStore({ driver: 'sqlite', dataDir }));
    assert.ok(error.message.startsWith(`cannot open the SQLite store ${file}: unable to open database file. `), error.message);
    assert.match(error.message, /Check that the folder .* exists, that this user may write it .* or set dataDir \(--data-dir, OPSIGHT_DATA_DIR\)/);
  });

  it('a data folder that cannot be created', async () => {
    writeFileSync(join(root, 'a-file'), '');
    const dataDir = join(root, 'a-file', 'data');
    const error = await openFailure(() => openStore({ driver: 'sqlite', dataDir }));
    assert.match(error.message, new RegExp(`^cannot open the SQLite store ${join(dataDir, 'opsight.db')}: ENOTDIR`));
    assert.match(error.message, new RegExp(`The folder ${dataDir} cannot be created: part of its path is missing or is a file`));
  });

  it('a file that is not a database', async () => {
    const dataDir = join(root, 'not-a-db');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'opsight.db'), 'not SQLite '.repeat(100));
    const error = await openFailure(() => openStore({ driver: 'sqlite', dataDir }));
    assert.match(error.message, /: file is not a database\. .*opsight\.db is not a SQLite database: check that dataDir/);
  });
});

describe('openStore: PostgreSQL errors name the server and the setting, never the password', () => {
  it('a server that refuses the connection', async () => {
    const port = await freePort();
    const error = await openFailure(() => openStore({ driver: 'postgres', dataDir: '', postgresUrl: `postgres://opsight:s3cret@127.0.0.1:${port}/opsight` }));
    assert.ok(error.message.startsWith(`PostgreSQL at 127.0.0.1:${port} (store.postgresUrl postgres://opsight:***@127.0.0.1:${port}/opsight) refused the connection: `), error.message);
    assert.doesNotMatch(error.message, /s3cret/);
  });

  const postgres = storeTargets.find((target) => target.name === 'postgres');
  it('a database that does not exist', { skip: postgres?.skip }, async () => {
    const url = new URL(process.env.OPSIGHT_PG_URL ?? '');
    url.pathname = '/opsight_no_such_database';
    const error = await openFailure(() => openStore({ driver: 'postgres', dataDir: '', postgresUrl: url.toString() }));
    assert.match(error.message, new RegExp(`^PostgreSQL at ${url.hostname}:${url.port || 5432} \\(store\\.postgresUrl .*\\): database "opsight_no_such_database" does not exist; create it`));
  });
});
