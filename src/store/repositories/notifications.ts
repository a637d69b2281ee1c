/** The notification outbox (deliveries, each written once by its key), who was told of each incident, and where each escalation stands. */
import type { Row, SqlExecutor } from '../sql.js';
import type { NotificationRepository } from '../types.js';
import type { Delivery, DeliveryStatus, NotifyEvent, Target } from '../../notify/plan.js';
import type { EscalationState } from '../../notify/escalation.js';

interface DeliveryRow extends Row {
  id: string; incident_id: string; address: string; receiver: string; to_address: string | null; group_key: string; event: string;
  incident: string; status: string; due_at: number; attempts: number; last_error: string | null; created_at: number; updated_at: number;
}

const deliveryOf = (row: DeliveryRow): Delivery => ({
  id: row.id, incidentId: row.incident_id, address: row.address, receiver: row.receiver, to: row.to_address, groupKey: row.group_key,
  event: row.event as NotifyEvent, incident: JSON.parse(row.incident) as Delivery['incident'], status: row.status as DeliveryStatus,
  dueAt: Number(row.due_at), attempts: Number(row.attempts), lastError: row.last_error, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
});

export class SqlNotificationRepository implements NotificationRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async insert(deliveries: readonly Delivery[]): Promise<void> {
    for (const d of deliveries) {
      await this.sql.run(
        `INSERT INTO notify_deliveries (id, incident_id, address, receiver, to_address, group_key, event, incident, status, due_at, attempts, last_error, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [d.id, d.incidentId, d.address, d.receiver, d.to, d.groupKey, d.event, JSON.stringify(d.incident), d.status, d.dueAt, d.attempts, d.lastError, d.createdAt, d.updatedAt]);
    }
  }

  async update(d: Delivery): Promise<void> {
    await this.sql.run('UPDATE notify_deliveries SET incident = ?, status = ?, due_at = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ?',
      [JSON.stringify(d.incident), d.status, d.dueAt, d.attempts, d.lastError, d.updatedAt, d.id]);
  }

  async get(id: string): Promise<Delivery | undefined> {
    const [row] = await this.sql.query<DeliveryRow>('SELECT * FROM notify_deliveries WHERE id = ?', [id]);
    return row === undefined ? undefined : deliveryOf(row);
  }

  async pending(limit: number): Promise<Delivery[]> {
    return (await this.sql.query<DeliveryRow>("SELECT * FROM notify_deliveries WHERE status = 'pending' ORDER BY seq LIMIT ?", [limit])).map(deliveryOf);
  }

  async ofIncident(incidentId: string): Promise<Delivery[]> {
    return (await this.sql.query<DeliveryRow>('SELECT * FROM notify_deliveries WHERE incident_id = ? ORDER BY seq', [incidentId])).map(deliveryOf);
  }

  async targets(incidentId: string): Promise<Target[]> {
    const rows = await this.sql.query<{ body: string }>('SELECT body FROM notify_targets WHERE incident_id = ? ORDER BY address', [incidentId]);
    return rows.map((row) => JSON.parse(row.body) as Target);
  }

  async putTarget(target: Target): Promise<void> {
    await this.sql.run(
      `INSERT INTO notify_targets (incident_id, address, body, next_repeat_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (incident_id, address) DO UPDATE SET body = excluded.body, next_repeat_at = excluded.next_repeat_at`,
      [target.incidentId, target.address, JSON.stringify(target), target.nextRepeatAt]);
  }

  async targetsToRemind(now: number, limit: number): Promise<Target[]> {
    const rows = await this.sql.query<{ body: string }>('SELECT body FROM notify_targets WHERE next_repeat_at <= ? ORDER BY next_repeat_at LIMIT ?', [now, limit]);
    return rows.map((row) => JSON.parse(row.body) as Target);
  }

  async escalation(incidentId: string): Promise<EscalationState | undefined> {
    const [row] = await this.sql.query<{ body: string }>('SELECT body FROM notify_escalations WHERE incident_id = ?', [incidentId]);
    return row === undefined ? undefined : JSON.parse(row.body) as EscalationState;
  }

  async putEscalation(state: EscalationState): Promise<void> {
    await this.sql.run(
      `INSERT INTO notify_escalations (incident_id, body, next_at) VALUES (?, ?, ?)
       ON CONFLICT (incident_id) DO UPDATE SET body = excluded.body, next_at = excluded.next_at`,
      [state.incidentId, JSON.stringify(state), state.nextAt]);
  }

  async escalationsDue(now: number, limit: number): Promise<EscalationState[]> {
    const rows = await this.sql.query<{ body: string }>('SELECT body FROM notify_escalations WHERE next_at <= ? ORDER BY next_at LIMIT ?', [now, limit]);
    return rows.map((row) => JSON.parse(row.body) as EscalationState);
  }
}
