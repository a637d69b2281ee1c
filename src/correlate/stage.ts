/**
 * The correlate stage behind the bus. The events delivered in the same turn of the event loop (at most one per
 * partition, so never two of one entity) are applied in one transaction: one commit for many events. The
 * incident changes they make are appended to the journal in that same transaction (an outbox) and delivered on
 * the incidents topic once it commits, so a subscriber sees every change that was written and no other. If the
 * transaction fails, each event is retried alone, so one bad event cannot hold back the others; then each is
 * acknowledged, or redelivered on failure.
 *
 * Responders' actions and the end of quiet periods go through the same outbox, on the stage's clock (event time
 * while data flows, the wall clock when sources go silent): `settleQuiet` is run now and then by the server.
 */
import type { Event, IncidentChange } from '../signals/index.js';
import type { Bus, Journaled, Subscription } from '../bus/types.js';
import { Topic } from '../bus/topics.js';
import { appendToJournal } from '../bus/journal.js';
import type { Store, Transaction } from '../store/index.js';
import type { OpsightMetrics } from '../telemetry/metrics.js';
import type { Applied, PipelineConfig } from './pipeline.js';
import { ALERTS_CONSUMER, applyEvent, resolveQuiet, settled } from './pipeline.js';
import type { Action } from './actions.js';
import type { ActionResult } from './respond.js';
import { applyAction } from './respond.js';
import { EventClock } from './clock.js';
import { randomUUID } from 'node:crypto';

interface Waiting {
  event: Event;
  resolve(applied: Applied): void;
  reject(error: unknown): void;
}

export class EventBatcher {
  private waiting: Waiting[] = [];

  constructor(private readonly apply: (events: readonly Event[]) => Promise<Applied[]>) {}

  submit(event: Event): Promise<Applied> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ event, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const results = await this.apply(batch.map((waiting) => waiting.event));
      batch.forEach((waiting, index) => waiting.resolve(results[index] as Applied));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const waiting of batch) {
        await this.apply([waiting.event]).then(([applied]) => waiting.resolve(applied as Applied), (alone: unknown) => waiting.reject(alone));
      }
    }
  }
}

/** Appends the changes to the journal inside `tx`, keyed by incident so one incident's changes stay in order. */
function journalChanges(tx: Transaction, changes: readonly IncidentChange[], at: number): Promise<Journaled<IncidentChange>[]> {
  return appendToJournal(tx.journal, Topic.incidents, changes.map((change) => ({ id: change.id, key: change.incident.id, payload: change })), at);
}

export interface RunningCorrelation extends Subscription {
  /** Applies a responder's action on an incident (by the token name `by`) and publishes its changes. */
  act(incidentId: string, action: Action, by: string): Promise<ActionResult>;
  /** Resolves the incidents whose quiet period ended by the stage's clock, and publishes it. */
  settleQuiet(): Promise<void>;
}

/** Runs `work` in a transaction whose incident changes are journaled with it and delivered once it commits. */
export type IncidentCommitter = <T>(work: (tx: Transaction) => Promise<{ result: T; changes: readonly IncidentChange[] }>) => Promise<T>;

/** The one way a stage writes incidents: their changes journaled in the same transaction (an outbox) and delivered once it commits. */
export function incidentCommitter(store: Store, bus: Bus): IncidentCommitter {
  return async (work) => {
    const { result, journaled } = await store.transaction(async (tx) => {
      const { result, changes } = await work(tx);
      return { result, journaled: await journalChanges(tx, changes, Date.now()) };
    });
    bus.deliverJournaled(Topic.incidents, journaled);
    return result;
  };
}

export async function startCorrelation(store: Store, bus: Bus, metrics: OpsightMetrics, config: PipelineConfig): Promise<RunningCorrelation> {
  const clock = new EventClock();
  const committing = incidentCommitter(store, bus);
  const batcher = new EventBatcher((events) => committing(async (tx) => {
    const applied: Applied[] = [];
    for (const event of events) {
      clock.observe(event.time, Date.now());
      applied.push(await applyEvent(tx, event, config, Date.now()));
    }
    return { result: applied, changes: applied.flatMap((result) => result.changes) };
  }));
  const subscription = await bus.subscribe(Topic.events, ALERTS_CONSUMER, async (delivery) => {
    const applied = await batcher.submit(delivery.payload);
    if (applied.duplicate) metrics.eventsDuplicate.inc();
    else metrics.eventsApplied.inc({ kind: applied.kind, transition: applied.transition });
    await delivery.ack();
  });
  return {
    get pending() { return subscription.pending; },
    drained: () => subscription.drained(),
    close: () => subscription.close(),
    act: (incidentId, action, by) => committing(async (tx) => {
      await tx.lock('correlate');
      const result = await applyAction(tx, incidentId, action, { by, at: clock.now(Date.now()) }, `action:${randomUUID()}`);
      if (action.kind === 'resolve') await settled(tx, result.incident, config);
      return { result, changes: result.changes };
    }),
    settleQuiet: () => committing(async (tx) => {
      await tx.lock('correlate');
      return { result: undefined, changes: await resolveQuiet(tx, clock.now(Date.now()), config) };
    }),
  };
}
