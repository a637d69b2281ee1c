/** Opens the configured store: embedded SQLite under the data directory, or PostgreSQL. */
import { join } from 'node:path';
import type { Store } from './types.js';
import { SqlStore } from './sql-store.js';
import type { SqliteSynchronous } from './sqlite/database.js';
import { SqliteDatabase } from './sqlite/database.js';
import { PostgresDatabase } from './postgres/database.js';
import { postgresOpenError, sqliteOpenError } from './open-error.js';

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

/** Opens the store and applies pending migrations; a failure names the store, the file or server, and what to check. */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.driver === 'postgres') {
    const url = options.postgresUrl;
    if (url === undefined) throw new Error('store.postgresUrl is required when store.driver is postgres');
    try {
      return await SqlStore.open(new PostgresDatabase(url));
    } catch (error) {
      throw postgresOpenError(error, url);
    }
  }
  const file = sqliteFile(options.dataDir);
  try {
    return await SqlStore.open(new SqliteDatabase(file, options.sqliteSynchronous));
  } catch (error) {
    throw sqliteOpenError(error, file);
  }
}
