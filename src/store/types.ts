/**
 * The store's ports: one asynchronous interface that SQLite and PostgreSQL both implement.
 * Every method may be called concurrently; `transaction` makes a group of calls atomic.
 */
import type { Alert, Anomaly, Entity, EntityRef, Event, Incident, TimelineEntry } from '../signals/index.js';
import type { MaintenanceWindow, Silence, SilenceState } from '../suppress/index.js';
import type { Delivery, Target } from '../notify/plan.js';
import type { EscalationState } from '../notify/escalation.js';

export const Role = {
  viewer: 'viewer',
  responder: 'responder',
  admin: 'admin',
  ingest: 'ingest',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  hash: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface AlertFilter {
  status?: Alert['status'];
  severity?: Alert['severity'][];
  entityId?: string;
  incidentId?: string;
  /** Only alerts held back from incidents (true) or only the others (false). */
  suppressed?: boolean;
  /** Alerts seen (lastSeen) at or after this time. */
  from?: number;
  /** Alert episodes active since a time at or before this one. */
  to?: number;
  /** Only each fingerprint's latest episode, not the earlier episodes of alerts that fired again. */
  latestOnly?: boolean;
  limit: number;
  offset: number;
}

export interface IncidentFilter {
  status?: Incident['status'];
  severity?: Incident['severity'][];
  entityId?: string;
  /** Only incidents whose title or id contains this text, case-insensitively. */
  text?: string;
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

export interface TokenRepository {
  insert(token: TokenRecord): Promise<void>;
  findByHash(hash: string): Promise<TokenRecord | undefined>;
  list(): Promise<TokenRecord[]>;
  revoke(id: string, at: number): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
  count(): Promise<number>;
}

export interface EventRepository {
  /** Stores the event; a second insert of the same id changes nothing. */
  insert(event: Event): Promise<void>;
  list(filter: { entityId?: string; kind?: Event['kind']; from?: number; to?: number; limit: number; offset: number }): Promise<Page<Event>>;
}

export interface EntityRepository {
  /** Records that the entity was seen at `time`, creating it on first sight. */
  observe(entity: EntityRef, time: number): Promise<void>;
  get(id: string): Promise<Entity | undefined>;
  list(limit: number, offset: number): Promise<Page<Entity>>;
  /** Deletes the entities last seen before `before`, a bounded batch per statement; returns how many. */
  prune(before: number): Promise<number>;
}

export interface AlertRepository {
  get(fingerprint: string): Promise<Alert | undefined>;
  put(alert: Alert): Promise<void>;
  list(filter: AlertFilter): Promise<Page<Alert>>;
  /** Moves every alert of incident `from` to incident `to`; returns how many. */
  reassign(from: string, to: string): Promise<number>;
}

/** What an incident holds that grouping looks it up by, besides its entities. */
export interface HeldKeys {
  kinds?: readonly string[];
  ruleGroups?: readonly string[];
  /** Log templates its alerts carried (the text of an incident's `templates` marks). */
  templates?: readonly string[];
}

export interface IncidentRepository {
  get(id: string): Promise<Incident | undefined>;
  put(incident: Incident): Promise<void>;
  list(filter: IncidentFilter): Promise<Page<Incident>>;
  /** Active incidents (open, acknowledged, reopened) of any of `entityIds` with activity at or after `since`, most recent first. */
  openSince(since: number, entityIds: readonly string[]): Promise<Incident[]>;
  /** Active incidents holding any of the kinds of alert, rule groups or log templates in `held`, with activity at or after `since`, most recent first. */
  openHolding(since: number, held: HeldKeys): Promise<Incident[]>;
  /** Active incidents with nothing firing since `before` or earlier, longest quiet first. */
  quietSince(before: number): Promise<Incident[]>;
  appendTimeline(incidentId: string, entry: TimelineEntry): Promise<void>;
  timeline(incidentId: string): Promise<TimelineEntry[]>;
}

/** Responders' word on two kinds of alert: merged (they belong together) or split (they do not). */
export type Verdict = 'merged' | 'split';

export interface CorrectionRepository {
  /** Records `verdict` for each pair of kinds (both ways), replacing what was said of the pair before. */
  record(pairs: readonly (readonly [string, string])[], verdict: Verdict, at: number, by: string): Promise<void>;
  /** The latest verdict on each kind responders judged against `kind`. */
  verdictsOf(kind: string): Promise<Map<string, Verdict>>;
}

/** A responder's word on whether an entity is the root cause of an incident, with what the incident was then (to judge later incidents alike). */
export interface RootCauseVerdict {
  incidentId: string;
  entityId: string;
  confirmed: boolean;
  /** The incident's entities and kinds of alert when the verdict was given. */
  incidentEntities: string[];
  incidentKinds: string[];
  decidedAt: number;
  decidedBy: string;
}

export interface RootCauseVerdictRepository {
  /** Records the verdict, replacing what was said of the same entity for the same incident. */
  record(verdict: RootCauseVerdict): Promise<void>;
  /** The latest verdicts (at most `limit`) on any of `entityIds`, latest first. */
  ofEntities(entityIds: readonly string[], limit: number): Promise<RootCauseVerdict[]>;
}

export interface ProcessedRepository {
  /** Marks `id` as applied by `consumer`; false when it already was (the caller then skips it). */
  mark(consumer: string, id: string, at: number): Promise<boolean>;
  prune(olderThan: number): Promise<number>;
}

export interface JournalEntry {
  seq: number;
  topic: string;
  key: string;
  messageId: string;
  payload: string;
  publishedAt: number;
}

export interface JournalRepository {
  append(topic: string, messages: { key: string; messageId: string; payload: string }[], at: number): Promise<number[]>;
  /** Messages of `topic` after `afterSeq` that `consumer` has not acknowledged, oldest first. */
  pending(topic: string, consumer: string, afterSeq: number, limit: number): Promise<JournalEntry[]>;
  ack(consumer: string, seq: number): Promise<void>;
  /** Deletes messages every listed consumer has acknowledged (every message when none is listed: nobody reads them); returns how many. */
  prune(topic: string, consumers: readonly string[]): Promise<number>;
}

export interface AnomalyRepository {
  /** Stores the anomaly; a second insert of the same id changes nothing. */
  insert(anomaly: Anomaly): Promise<void>;
  list(filter: { entityId?: string; detector?: string; from?: number; to?: number; limit: number; offset: number }): Promise<Page<Anomaly>>;
}

/** Opaque state a component checkpoints (detector state, log templates), by owner and key. */
export interface SnapshotRepository {
  put(owner: string, key: string, data: string, at: number): Promise<void>;
  get(owner: string, key: string): Promise<string | undefined>;
  /** Every snapshot of an owner, as key → data. */
  all(owner: string): Promise<Map<string, string>>;
  /** Deletes an owner's entries last written before `at` (what a checkpoint at `at` no longer holds); returns how many. */
  deleteBefore(owner: string, at: number): Promise<number>;
}

export interface SilenceRepository {
  /** Stores the silence, replacing the one with its id. */
  put(silence: Silence): Promise<void>;
  get(id: string): Promise<Silence | undefined>;
  /** Silences in `state` at wall time `at` (all when no state), latest start first. */
  list(filter: { state?: SilenceState; at: number; limit: number; offset: number }): Promise<Page<Silence>>;
  /** Silences that end after `since`: the active and pending ones, and those that expired since. */
  endingAfter(since: number): Promise<Silence[]>;
}

export interface MaintenanceWindowRepository {
  insert(window: MaintenanceWindow): Promise<void>;
  get(id: string): Promise<MaintenanceWindow | undefined>;
  /** Latest created first. */
  list(limit: number, offset: number): Promise<Page<MaintenanceWindow>>;
  /** Windows without an end, or ending after `since`. */
  endingAfter(since: number): Promise<MaintenanceWindow[]>;
  /** Deletes the window; false when there was none. */
  delete(id: string): Promise<boolean>;
}

/** The notification outbox: deliveries by key, the receivers told of each incident, and escalations in progress (docs/notify.md). */
export interface NotificationRepository {
  /** Writes the deliveries; one whose id is already there is left as it is (the key deduplicates). */
  insert(deliveries: readonly Delivery[]): Promise<void>;
  /** Writes a delivery's status, attempts, next due time, error and incident. */
  update(delivery: Delivery): Promise<void>;
  get(id: string): Promise<Delivery | undefined>;
  /** Pending deliveries, oldest first. */
  pending(limit: number): Promise<Delivery[]>;
  /** Every delivery of an incident, oldest first. */
  ofIncident(incidentId: string): Promise<Delivery[]>;
  targets(incidentId: string): Promise<Target[]>;
  putTarget(target: Target): Promise<void>;
  /** Targets whose reminder is due at `now`, earliest first. */
  targetsToRemind(now: number, limit: number): Promise<Target[]>;
  escalation(incidentId: string): Promise<EscalationState | undefined>;
  putEscalation(state: EscalationState): Promise<void>;
  /** Escalations with a step due at `now`, earliest first. */
  escalationsDue(now: number, limit: number): Promise<EscalationState[]>;
}

export interface Repositories {
  tokens: TokenRepository;
  events: EventRepository;
  entities: EntityRepository;
  alerts: AlertRepository;
  incidents: IncidentRepository;
  corrections: CorrectionRepository;
  rootCauseVerdicts: RootCauseVerdictRepository;
  processed: ProcessedRepository;
  journal: JournalRepository;
  anomalies: AnomalyRepository;
  snapshots: SnapshotRepository;
  silences: SilenceRepository;
  maintenanceWindows: MaintenanceWindowRepository;
  notifications: NotificationRepository;
}

export interface Transaction extends Repositories {
  /** Holds `key` until the transaction ends, so transactions on the same key run one at a time. */
  lock(key: string): Promise<void>;
}

export interface Store extends Repositories {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` atomically: all of its writes land, or none. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
