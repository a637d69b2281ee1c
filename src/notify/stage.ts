/**
 * The notify stage behind the bus. Each incident change is planned (plan.ts) and written to the outbox in one
 * transaction with the mark that it was handled, so a change redelivered after a crash adds nothing, and a
 * delivery written is sent after any restart. Every `notify.tick` of the wall clock (people's time: group waits,
 * retries and escalations are about them) the stage queues reminders and escalation steps that fell due, and sends
 * what is due, each receiver on its own so a slow one holds back nobody else. What each delivery came to is
 * written on the delivery and on the incident's timeline.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Bus, Subscription } from '../bus/types.js';
import { Topic } from '../bus/topics.js';
import type { IncidentChange, Labels } from '../signals/index.js';
import type { Store, Transaction } from '../store/index.js';
import type { NotifyConfig, Receiver } from './config.js';
import { channelSchemas, type ChannelKind } from './config.js';
import type { Channel } from './channels.js';
import { createChannel } from './channels.js';
import { pickBatches, settle } from './dispatch.js';
import { dueSteps, startEscalation, stopEscalation } from './escalation.js';
import type { Resolver } from './host-guard.js';
import type { LinkClaims } from './link-token.js';
import { signLink, verifyLink } from './link-token.js';
import type { Links, Rendered } from './payloads.js';
import type { Delivery, Target } from './plan.js';
import { DeliveryStatus, NotifyEvent, enqueue, eventOf, newTarget, planChange, remind } from './plan.js';
import { incidentLabelSets, routeIncident } from './route.js';
import type { OnCall } from './schedule.js';
import { onCallAt } from './schedule.js';

export const NOTIFY_CONSUMER = 'notify';
const BATCH_LIMIT = 500;
const ALERT_LABEL_SAMPLE = 20;
const LINK_KEY = 'link-key';

export class NotifyConfigError extends Error {}

export interface NotifyOptions {
  /** Applies a responder's action (the correlate stage's), for acknowledge and resolve links. */
  act(incidentId: string, action: { kind: 'acknowledge' | 'resolve' }, by: string): Promise<unknown>;
  /** Name resolution for the host guard (the system's when not given). */
  resolve?: Resolver;
  random?: () => number;
  env?: NodeJS.ProcessEnv;
}

export interface RunningNotify extends Subscription {
  /** Every delivery of an incident, oldest first. */
  deliveries(incidentId: string): Promise<Delivery[]>;
  /** Who is on call on `schedule` at `at`; undefined for an unknown schedule, null when nobody is. */
  onCall(schedule: string, at: number): OnCall | null | undefined;
  /** Verifies an acknowledge or resolve link and applies its action. */
  followLink(token: string): Promise<LinkClaims>;
  /** One round of reminders, escalations and sending, at `now` (the timer runs it every `notify.tick`). */
  tick(now?: number): Promise<void>;
  /** Resolves once the sends in flight finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** A secret from the environment variable or file the config names; start-up stops naming the key when it is missing. */
function readSecret(source: { secretEnv?: string | undefined; secretFile?: string | undefined }, key: string, env: NodeJS.ProcessEnv): string | undefined {
  if (source.secretEnv !== undefined) {
    const value = env[source.secretEnv];
    if (value === undefined || value === '') throw new NotifyConfigError(`${key}.secretEnv: environment variable ${source.secretEnv} is not set`);
    return value;
  }
  if (source.secretFile === undefined) return undefined;
  try {
    return readFileSync(source.secretFile, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new NotifyConfigError(`${key}.secretFile: cannot read ${source.secretFile}: ${(error as Error).message}`);
  }
}

const kindOf = (receiver: Receiver) => (Object.keys(channelSchemas) as ChannelKind[]).find((kind) => receiver[kind] !== undefined) as ChannelKind;

function channelsOf(config: NotifyConfig, options: NotifyOptions): Map<string, Channel> {
  const env = options.env ?? process.env;
  const egress = { allowedHosts: config.allowedHosts, resolve: options.resolve };
  return new Map(config.receivers.map((receiver, index) => {
    const kind = kindOf(receiver);
    const secret = readSecret(receiver[kind] as { secretEnv?: string; secretFile?: string }, `notify.receivers.${index}.${kind}`, env);
    return [receiver.name, createChannel(receiver, secret, egress)];
  }));
}

/** The key links are signed with: the configured one, else one kept in the store so links outlive a restart. */
async function linkKey(store: Store, config: NotifyConfig, env: NodeJS.ProcessEnv): Promise<string> {
  const configured = readSecret({ secretEnv: config.linkSecretEnv, secretFile: config.linkSecretFile }, 'notify.link', env);
  if (configured !== undefined) return configured;
  const kept = await store.snapshots.get(NOTIFY_CONSUMER, LINK_KEY);
  if (kept !== undefined) return kept;
  const key = randomBytes(32).toString('base64url');
  await store.snapshots.put(NOTIFY_CONSUMER, LINK_KEY, key, Date.now());
  return key;
}

/** The labels of some of the incident's alerts (the first value of each name wins), for matchers on alert labels. */
async function alertLabels(tx: Transaction, incidentId: string): Promise<Labels> {
  const page = await tx.alerts.list({ incidentId, limit: ALERT_LABEL_SAMPLE, offset: 0 });
  return Object.assign({}, ...page.items.map((alert) => alert.labels).reverse()) as Labels;
}

async function writeQueued(tx: Transaction, queued: readonly { delivery: Delivery; target: Target }[]): Promise<void> {
  await tx.notifications.insert(queued.map((entry) => entry.delivery));
  for (const { target } of queued) await tx.notifications.putTarget(target);
}

export async function startNotify(store: Store, bus: Bus, logger: Logger, config: NotifyConfig, options: NotifyOptions): Promise<RunningNotify> {
  const channels = channelsOf(config, options);
  const key = await linkKey(store, config, options.env ?? process.env);
  const policies = new Map(config.escalations.map((policy) => [policy.name, policy]));
  const schedules = new Map(config.schedules.map((schedule) => [schedule.name, schedule]));
  const random = options.random ?? Math.random;
  const retry = { maxAttempts: config.maxAttempts, baseMs: config.retryBase };
  const busy = new Set<string>();
  const inFlight = new Set<Promise<void>>();

  const linksOf = (delivery: Delivery): Links => {
    if (config.publicUrl === undefined) return {};
    const base = config.publicUrl.replace(/\/$/, '');
    const link = (action: LinkClaims['action']) => `${base}/api/v1/notify/ack?token=${signLink({ incident: delivery.incidentId, action, to: delivery.address, expires: Date.now() + config.linkTtl }, key)}`;
    const active = delivery.event !== NotifyEvent.resolved;
    return {
      incident: `${base}/api/v1/incidents/${encodeURIComponent(delivery.incidentId)}`,
      ...(active && delivery.event !== NotifyEvent.acknowledged ? { acknowledge: link('acknowledge') } : {}),
      ...(active ? { resolve: link('resolve') } : {}),
    };
  };

  const handleChange = (change: IncidentChange) => store.transaction(async (tx) => {
    await tx.lock(`notify:${change.incident.id}`);
    if (!await tx.processed.mark(NOTIFY_CONSUMER, change.id, Date.now())) return;
    const event = eventOf(change);
    if (event === null) return;
    const now = Date.now();
    const { incident } = change;
    const targets = await tx.notifications.targets(incident.id);
    const waiting = new Map<string, Delivery>();
    for (const target of targets) {
      const pending = target.pendingUpdate === null ? undefined : await tx.notifications.get(target.pendingUpdate);
      if (pending?.status === DeliveryStatus.pending && pending.attempts === 0) waiting.set(pending.id, pending);
    }
    const routes = config.route === undefined || event === NotifyEvent.resolved || event === NotifyEvent.acknowledged
      ? [] : routeIncident(config.route, incidentLabelSets(incident, await alertLabels(tx, incident.id)));
    const plan = planChange({ change, targets, waitingUpdates: waiting, routes, now });
    await tx.notifications.insert(plan.deliveries);
    for (const delivery of plan.coalesced) await tx.notifications.update(delivery);
    for (const id of plan.superseded) {
      const superseded = waiting.get(id) as Delivery;
      await tx.notifications.update({ ...superseded, status: DeliveryStatus.superseded, updatedAt: now });
    }
    for (const target of plan.targets) await tx.notifications.putTarget(target);
    const escalation = await tx.notifications.escalation(incident.id);
    const policy = routes.find((route) => route.escalation !== undefined)?.escalation;
    if (event === NotifyEvent.acknowledged || event === NotifyEvent.resolved) {
      if (escalation !== undefined && escalation.nextAt !== null) await tx.notifications.putEscalation(stopEscalation(escalation));
    } else if (policy !== undefined && (escalation === undefined || (escalation.nextAt === null && event === NotifyEvent.reopened))) {
      await tx.notifications.putEscalation(startEscalation(incident.id, policy, policies.get(policy) as NonNullable<ReturnType<typeof policies.get>>, now));
    }
  });

  /** Queues a reminder for each target whose repeat interval passed. */
  const remindDue = async (now: number) => {
    for (const due of await store.notifications.targetsToRemind(now, BATCH_LIMIT)) {
      await store.transaction(async (tx) => {
        await tx.lock(`notify:${due.incidentId}`);
        const target = (await tx.notifications.targets(due.incidentId)).find((candidate) => candidate.address === due.address);
        const incident = await tx.incidents.get(due.incidentId);
        if (target === undefined || target.nextRepeatAt === null || target.nextRepeatAt > now) return;
        const reminder = incident === undefined ? null : remind(target, incident, now);
        if (reminder === null) await tx.notifications.putTarget({ ...target, nextRepeatAt: null });
        else await writeQueued(tx, [reminder]);
      });
    }
  };

  /** Notifies the steps of escalation policies that fell due with nobody acknowledging. */
  const escalateDue = async (now: number) => {
    for (const due of await store.notifications.escalationsDue(now, BATCH_LIMIT)) {
      await store.transaction(async (tx) => {
        await tx.lock(`notify:${due.incidentId}`);
        const state = await tx.notifications.escalation(due.incidentId);
        const policy = state === undefined ? undefined : policies.get(state.policy);
        const incident = await tx.incidents.get(due.incidentId);
        if (state === undefined || state.nextAt === null || state.nextAt > now) return;
        if (policy === undefined || incident === undefined || incident.status === 'acknowledged' || !['open', 'reopened'].includes(incident.status)) {
          await tx.notifications.putEscalation(stopEscalation(state));
          return;
        }
        const { steps, state: after } = dueSteps(policy, state, now);
        const targets = new Map((await tx.notifications.targets(incident.id)).map((target) => [target.address, target]));
        const settings = { groupKey: `escalation:${policy.name}`, groupInterval: 0, repeatInterval: 0 };
        const queued: { delivery: Delivery; target: Target }[] = [];
        const notify = (target: Target) => {
          const entry = enqueue(targets.get(target.address) ?? target, NotifyEvent.firing, incident, now, now);
          targets.set(target.address, entry.target);
          queued.push(entry);
        };
        for (const step of steps) {
          for (const receiver of step.receivers) notify(newTarget(incident.id, receiver, settings));
          const schedule = step.schedule === undefined ? undefined : schedules.get(step.schedule);
          const person = schedule === undefined ? undefined : onCallAt(schedule, now);
          if (schedule !== undefined && person !== undefined) notify(newTarget(incident.id, schedule.receiver, settings, person.user));
          else if (schedule !== undefined) logger.warn({ incident: incident.id, schedule: schedule.name }, 'nobody is on call to escalate to');
        }
        await writeQueued(tx, queued);
        await tx.notifications.putEscalation(after);
      });
    }
  };

  /** Writes what an attempt came to, and on the incident's timeline what was delivered or given up. */
  const record = (batch: readonly Delivery[], outcome: Awaited<ReturnType<Channel['send']>>, now: number) => store.transaction(async (tx) => {
    const { incidentId, address } = batch[0] as Delivery;
    await tx.lock(`notify:${incidentId}`);
    for (const delivery of batch) {
      const settled = settle(delivery, outcome, now, retry, random());
      await tx.notifications.update(settled);
      if (settled.status === DeliveryStatus.pending) continue;
      const how = settled.status === DeliveryStatus.delivered ? 'delivered' : `failed after ${settled.attempts} attempts: ${settled.lastError ?? ''}`;
      await tx.incidents.appendTimeline(delivery.incidentId, { time: now, kind: 'note', text: `notified ${delivery.address} of ${delivery.event}: ${how}`, ref: delivery.id });
    }
    if (outcome.ref !== undefined) {
      const target = (await tx.notifications.targets(incidentId)).find((candidate) => candidate.address === address);
      if (target !== undefined && target.externalRef !== outcome.ref) await tx.notifications.putTarget({ ...target, externalRef: outcome.ref });
    }
  });

  const deliver = async (batch: readonly Delivery[], now: number) => {
    const head = batch[0] as Delivery;
    const channel = channels.get(head.receiver);
    const ref = (await store.notifications.targets(head.incidentId)).find((target) => target.address === head.address)?.externalRef ?? null;
    const outcome = channel === undefined
      ? { ok: false as const, error: `no receiver named ${head.receiver} is configured any more`, retryable: false }
      : await channel.send(batch.map((delivery) => ({ delivery, links: linksOf(delivery) }) satisfies Rendered), ref);
    if (!outcome.ok) logger.warn({ receiver: head.receiver, deliveries: batch.map((delivery) => delivery.id), error: outcome.error }, 'a notification was not delivered');
    // Settled on the round's time, not the end of the send, so every round sees the same clock.
    await record(batch, outcome, now);
  };

  const sendDue = async (now: number) => {
    const pending = await store.notifications.pending(BATCH_LIMIT * 4);
    const batchesGroups = (receiver: string) => channels.get(receiver)?.batches ?? false;
    for (const batch of pickBatches(pending, batchesGroups, busy, now)) {
      const { address } = batch[0] as Delivery;
      busy.add(address);
      const sending = deliver(batch, now)
        .catch((error: unknown) => logger.warn({ err: error, receiver: address }, 'recording a notification attempt failed; it will be tried again'))
        .finally(() => {
          busy.delete(address);
          inFlight.delete(sending);
        });
      inFlight.add(sending);
    }
  };

  let ticking: Promise<void> | undefined;
  const tick = (now = Date.now()) => (ticking ??= (async () => {
    try {
      await remindDue(now);
      await escalateDue(now);
      await sendDue(now);
    } finally {
      ticking = undefined;
    }
  })());
  const runTick = () => void tick().catch((error: unknown) => logger.warn({ err: error }, 'a notification round failed; the next one tries again'));

  // Without a routing tree nothing is ever sent: the stage stays out of the way (no consumer, no timer).
  const subscription: Subscription = config.route === undefined ? { pending: 0, drained: () => Promise.resolve(), close: () => Promise.resolve() }
    : await bus.subscribe(Topic.incidents, NOTIFY_CONSUMER, async (delivery) => {
      await handleChange(delivery.payload);
      await delivery.ack();
      setImmediate(runTick);
    });
  const timer = config.route === undefined ? undefined : setInterval(runTick, config.tick);
  timer?.unref();
  const idle = async () => {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  };
  return {
    get pending() { return subscription.pending; },
    drained: () => subscription.drained(),
    close: () => subscription.close(),
    deliveries: (incidentId) => store.notifications.ofIncident(incidentId),
    onCall(name, at) {
      const schedule = schedules.get(name);
      return schedule === undefined ? undefined : onCallAt(schedule, at) ?? null;
    },
    async followLink(token) {
      const claims = verifyLink(token, key, Date.now());
      if ('problem' in claims) throw new LinkRefused(claims.problem);
      await options.act(claims.incident, { kind: claims.action }, `link:${claims.to}`);
      return claims;
    },
    tick,
    idle,
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      await ticking?.catch(() => undefined);
      await idle();
    },
  };
}

export class LinkRefused extends Error {}
