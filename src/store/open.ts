/** Opens the configured store: embedded SQLite under the data directory, or PostgreSQL. */
import { join } from 'node:path';
import type { Store } from './types.js';
import { SqlStore } from './sql-store.js';
import type { SqliteSynchronous } from './sqlite/database.js';
import { SqliteDatabase } from './sqlite/database.js';
import { PostgresDatabase } from './postgres/database.js';

export interface StoreOptions {
  driver: 'sqlite' | 'postgres';
  dataDir: string;
  postgresUrl?: string | undefined;
  /** @default "full" */
  sqliteSynchronous?: SqliteSynchronous;
}

export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'opsight.db');
}

export function openStore(options: StoreOptions): Promise<Store> {
  if (options.driver === 'postgres') {
    if (options.postgresUrl === undefined) throw new Error('store.postgresUrl is required when store.driver is postgres');
    return SqlStore.open(new PostgresDatabase(options.postgresUrl));
  }
  return SqlStore.open(new SqliteDatabase(sqliteFile(options.dataDir), options.sqliteSynchronous));
}
