/** The Store over any SqlDatabase: the same repositories serve SQLite and PostgreSQL. */
import type { SqlDatabase, SqlExecutor } from './sql.js';
import type { Repositories, Store, Transaction } from './types.js';
import { migrate } from './migrations.js';
import { SqlAlertRepository } from './repositories/alerts.js';
import { SqlCorrectionRepository, SqlRootCauseVerdictRepository } from './repositories/corrections.js';
import { SqlAnomalyRepository } from './repositories/anomalies.js';
import { SqlSnapshotRepository } from './repositories/snapshots.js';
import { SqlJournalRepository, SqlProcessedRepository } from './repositories/delivery.js';
import { SqlEntityRepository } from './repositories/entities.js';
import { SqlEventRepository } from './repositories/events.js';
import { SqlIncidentRepository } from './repositories/incidents.js';
import { SqlNotificationRepository } from './repositories/notifications.js';
import { SqlTokenRepository } from './repositories/tokens.js';
import { SqlMaintenanceWindowRepository, SqlSilenceRepository } from './repositories/suppression.js';

function repositories(sql: SqlExecutor): Repositories {
  return {
    tokens: new SqlTokenRepository(sql),
    events: new SqlEventRepository(sql),
    entities: new SqlEntityRepository(sql),
    alerts: new SqlAlertRepository(sql),
    incidents: new SqlIncidentRepository(sql),
    corrections: new SqlCorrectionRepository(sql),
    rootCauseVerdicts: new SqlRootCauseVerdictRepository(sql),
    processed: new SqlProcessedRepository(sql),
    journal: new SqlJournalRepository(sql),
    anomalies: new SqlAnomalyRepository(sql),
    snapshots: new SqlSnapshotRepository(sql),
    silences: new SqlSilenceRepository(sql),
    maintenanceWindows: new SqlMaintenanceWindowRepository(sql),
    notifications: new SqlNotificationRepository(sql),
  };
}

/** SQLite runs one transaction at a time already; PostgreSQL takes a transaction-scoped advisory lock. */
async function lockFor(sql: SqlExecutor, key: string): Promise<void> {
  if (sql.dialect === 'postgres') await sql.query('SELECT pg_advisory_xact_lock(hashtext(?)) AS locked', [key]);
}

export class SqlStore implements Store {
  readonly dialect: Store['dialect'];
  readonly tokens; readonly events; readonly entities; readonly alerts; readonly incidents; readonly corrections; readonly rootCauseVerdicts; readonly processed;
  readonly anomalies; readonly snapshots; readonly silences; readonly maintenanceWindows; readonly notifications;
  readonly journal: Repositories['journal'];

  private constructor(private readonly db: SqlDatabase) {
    this.dialect = db.dialect;
    ({ tokens: this.tokens, events: this.events, entities: this.entities, alerts: this.alerts,
      incidents: this.incidents, corrections: this.corrections, rootCauseVerdicts: this.rootCauseVerdicts, processed: this.processed, anomalies: this.anomalies, snapshots: this.snapshots,
      silences: this.silences, maintenanceWindows: this.maintenanceWindows, notifications: this.notifications } = repositories(db));
    // A batch larger than one statement still lands whole: the journal appends in a transaction.
    const journal = repositories(db).journal;
    this.journal = {
      append: (topic, messages, at) => this.transaction((tx) => tx.journal.append(topic, messages, at)),
      pending: (topic, consumer, afterSeq, limit) => journal.pending(topic, consumer, afterSeq, limit),
      ack: (consumer, seq) => journal.ack(consumer, seq),
      prune: (topic, consumers) => journal.prune(topic, consumers),
    };
  }

  /** Opens the store on `db`, applying pending migrations first. */
  static async open(db: SqlDatabase): Promise<SqlStore> {
    try {
      await migrate(db);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
    return new SqlStore(db);
  }

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction((sql) => work({ ...repositories(sql), lock: (key) => lockFor(sql, key) }));
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1 AS ok');
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
