/** The durable side of the bus: the message journal, acknowledgements, and applied-once markers. */
import type { Row, SqlExecutor } from '../sql.js';
import type { JournalEntry, JournalRepository, ProcessedRepository } from '../types.js';

interface JournalRow extends Row {
  seq: number; topic: string; partition_key: string; message_id: string; payload: string; published_at: number;
}

/** Rows per INSERT: 5 parameters each stays under SQLite's and PostgreSQL's parameter limits. */
const APPEND_CHUNK = 500;

export class SqlJournalRepository implements JournalRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** One statement per chunk of messages: a batch lands whole (or not at all) in one round trip. */
  async append(topic: string, messages: { key: string; messageId: string; payload: string }[], at: number): Promise<number[]> {
    const seqs: number[] = [];
    for (let start = 0; start < messages.length; start += APPEND_CHUNK) {
      const chunk = messages.slice(start, start + APPEND_CHUNK);
      const rows = await this.sql.query<{ seq: number }>(
        `INSERT INTO bus_journal (topic, partition_key, message_id, payload, published_at)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')} RETURNING seq`,
        chunk.flatMap((message) => [topic, message.key, message.messageId, message.payload, at]));
      seqs.push(...rows.map((row) => Number(row.seq)).sort((a, b) => a - b));
    }
    return seqs;
  }

  async pending(topic: string, consumer: string, afterSeq: number, limit: number): Promise<JournalEntry[]> {
    const rows = await this.sql.query<JournalRow>(
      `SELECT j.* FROM bus_journal j WHERE j.topic = ? AND j.seq > ?
         AND NOT EXISTS (SELECT 1 FROM bus_acks a WHERE a.consumer = ? AND a.seq = j.seq)
       ORDER BY j.seq LIMIT ?`, [topic, afterSeq, consumer, limit]);
    return rows.map((row) => ({
      seq: Number(row.seq), topic: row.topic, key: row.partition_key, messageId: row.message_id,
      payload: row.payload, publishedAt: Number(row.published_at),
    }));
  }

  async ack(consumer: string, seq: number): Promise<void> {
    await this.sql.run('INSERT INTO bus_acks (consumer, seq) VALUES (?, ?) ON CONFLICT (consumer, seq) DO NOTHING', [consumer, seq]);
  }

  async prune(topic: string, consumers: readonly string[]): Promise<number> {
    if (consumers.length === 0) return this.sql.run('DELETE FROM bus_journal WHERE topic = ?', [topic]);
    const placeholders = consumers.map(() => '?').join(', ');
    const removed = await this.sql.run(
      `DELETE FROM bus_journal WHERE topic = ? AND seq IN (
         SELECT seq FROM bus_acks WHERE consumer IN (${placeholders}) GROUP BY seq HAVING COUNT(*) = ?)`,
      [topic, ...consumers, consumers.length]);
    await this.sql.run('DELETE FROM bus_acks WHERE seq NOT IN (SELECT seq FROM bus_journal)');
    return removed;
  }
}

export class SqlProcessedRepository implements ProcessedRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async mark(consumer: string, id: string, at: number): Promise<boolean> {
    const changed = await this.sql.run(
      'INSERT INTO processed (consumer, id, processed_at) VALUES (?, ?, ?) ON CONFLICT (consumer, id) DO NOTHING', [consumer, id, at]);
    return changed > 0;
  }

  prune(olderThan: number): Promise<number> {
    return this.sql.run('DELETE FROM processed WHERE processed_at < ?', [olderThan]);
  }
}
