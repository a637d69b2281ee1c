/**
 * Test support: the stores a contract test runs against. SQLite always, in a temporary folder;
 * PostgreSQL when OPSIGHT_PG_URL is set, each opening in a fresh schema of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Store } from './types.js';
import { SqlStore } from './sql-store.js';
import { SqliteDatabase } from './sqlite/database.js';
import { PostgresDatabase } from './postgres/database.js';

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** Why the target is skipped, when it is. */
  skip: string | false;
  /** A new, empty store location; `open` may be called on it more than once (restart). */
  create(): Promise<{ open(): Promise<Store>; url: string; dispose(): Promise<void> }>;
}

export const postgresUrl = process.env.OPSIGHT_PG_URL;
/** CI sets OPSIGHT_REQUIRE_SERVICES=1: a missing service then fails the tests instead of skipping them. */
const servicesRequired = process.env.OPSIGHT_REQUIRE_SERVICES === '1';

function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

export const storeTargets: StoreTarget[] = [
  {
    name: 'sqlite',
    skip: false,
    create() {
      const dir = mkdtempSync(join(tmpdir(), 'opsight-store-'));
      const file = join(dir, 'opsight.db');
      return Promise.resolve({
        url: file,
        open: () => SqlStore.open(new SqliteDatabase(file)),
        dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
      });
    },
  },
  {
    name: 'postgres',
    skip: postgresUrl === undefined && !servicesRequired
      ? 'OPSIGHT_PG_URL is not set: PostgreSQL tests skipped (e.g. OPSIGHT_PG_URL=postgres://postgres@127.0.0.1:5432/test)' : false,
    async create() {
      if (postgresUrl === undefined) throw new Error('OPSIGHT_REQUIRE_SERVICES=1 but OPSIGHT_PG_URL is not set');
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      const schema = `opsight_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      const url = withSearchPath(postgresUrl ?? '', schema);
      return {
        url,
        open: () => SqlStore.open(new PostgresDatabase(url, 4)),
        async dispose() {
          const cleanup = new pg.Client({ connectionString: postgresUrl });
          await cleanup.connect();
          await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
          await cleanup.end();
        },
      };
    },
  },
];
