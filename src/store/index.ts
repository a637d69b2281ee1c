/** The store: one asynchronous interface, SQLite (embedded default) and PostgreSQL implementations. */
export { openStore, sqliteFile, type StoreOptions } from './open.js';
export { SqlStore } from './sql-store.js';
export { SqliteDatabase } from './sqlite/database.js';
export { PostgresDatabase } from './postgres/database.js';
export { migrate, migrations, SchemaTooNewError } from './migrations.js';
export { Role } from './types.js';
export type {
  Store, Repositories, Transaction, TokenRecord, Page, AlertFilter, IncidentFilter, JournalEntry,
  TokenRepository, EventRepository, AnomalyRepository, SnapshotRepository, EntityRepository, AlertRepository, IncidentRepository, ProcessedRepository, JournalRepository, CorrectionRepository, Verdict,
  RootCauseVerdict, RootCauseVerdictRepository,
  SilenceRepository, MaintenanceWindowRepository,
} from './types.js';
