/**
 * The application of the alerts and correlate stages: an event from the bus through the alerts stage (dedup,
 * life cycle) into incident grouping, applied to the store in the caller's transaction, with the incident
 * changes it makes. Each event is applied once: a redelivered event finds its id marked and changes nothing.
 */
import type { Alert, Event, Incident, IncidentChange } from '../signals/index.js';
import { IncidentChangeKind as ChangeKind, entityRefOf, isActive } from '../signals/index.js';
import { applyAlertEvent, fingerprintOf, type DedupResult } from '../alerts/index.js';
import type { Transaction, Verdict } from '../store/index.js';
import { groupAlert, kindOf, resolveIfQuiet, type GroupingResult, type Hints } from './grouping.js';
import { ruleGroupOf, type CompiledRule } from './rules.js';
import { labelEntities, routesFrom, type Relatives, type Route } from './evidence.js';
import { changeOf } from './changes.js';
import { writeMerge } from './merging.js';
import type { CooccurrenceConfig } from './cooccurrence.js';
import { learnFromResolved, learnedPartnersOf } from './learning.js';
import { templateOf, type SimilarityConfig } from './similarity.js';

export { changeOf };

export const ALERTS_CONSUMER = 'alerts';

export interface PipelineConfig {
  /** Grouping window of the correlate stage, in ms. */
  incidentWindowMs: number;
  /** How long after an incident started an alert of an entity one edge away still joins it, in ms. @default incidentWindowMs */
  relatedWindowMs?: number;
  /** How long an incident with nothing firing stays active before it resolves, in ms (0: at once). */
  resolveAfterMs: number;
  /** How long after an incident resolved an alert of it that fires again reopens it, in ms (0: never). */
  reopenWindowMs: number;
  /** Grouping rules, compiled; the first that matches an alert groups it. */
  rules?: readonly CompiledRule[];
  /** The entities one edge away from an entity in the topology (none without one). */
  related?(entityId: string): Relatives;
  /** Learned co-occurrence of kinds of alert (none learned or used without it). */
  cooccurrence?: CooccurrenceConfig;
  /** Alerts linked by the same log template or a similar title (neither without it). */
  similarity?: SimilarityConfig;
  /** Noise controls: may hold the alert back from incidents (stored with the reason) by the transition it returns for grouping. */
  suppress?(tx: Transaction, result: DedupResult): Promise<DedupResult>;
}

export type Applied =
  | { duplicate: true; changes: [] }
  | { duplicate: false; kind: Event['kind']; transition: string; changes: IncidentChange[] };

/** The grouping windows and life cycle of the pipeline's config, as grouping takes them. */
export function groupingConfigOf(config: PipelineConfig) {
  return {
    windowMs: config.incidentWindowMs, resolveAfterMs: config.resolveAfterMs, reopenWindowMs: config.reopenWindowMs,
    ...(config.relatedWindowMs !== undefined ? { relatedWindowMs: config.relatedWindowMs } : {}),
    ...(config.similarity !== undefined ? { similarity: config.similarity } : {}),
  };
}

const byId = (incidents: readonly Incident[]) => [...new Map(incidents.map((incident) => [incident.id, incident])).values()];

/** The active incidents a firing alert could join, and what decides among them besides entities: its rule group, responders' verdicts on its kind, the kinds it was learned to fire with (unless responders split them), its log template. */
async function candidatesFor(tx: Transaction, alert: Alert, routes: readonly Route[], config: PipelineConfig): Promise<{ open: Incident[]; hints: Hints }> {
  const since = alert.activeSince - config.incidentWindowMs;
  const ruleGroup = ruleGroupOf(alert, config.rules ?? []);
  const verdicts: Map<string, Verdict> = await tx.corrections.verdictsOf(kindOf(alert));
  const merged = [...verdicts].filter(([, verdict]) => verdict === 'merged').map(([kind]) => kind);
  const learned = config.cooccurrence === undefined ? [] : (await learnedPartnersOf(tx, kindOf(alert), alert.activeSince, config.cooccurrence)).filter(({ kind }) => verdicts.get(kind) !== 'split');
  const template = config.similarity === undefined ? undefined : templateOf(alert);
  const open = byId([
    ...(ruleGroup === undefined ? [] : await tx.incidents.openHolding(alert.activeSince - ruleGroup.windowMs, { ruleGroups: [ruleGroup.key] })),
    ...await tx.incidents.openSince(since, routes.map((route) => route.entityId)),
    ...await tx.incidents.openHolding(since, { kinds: [...merged, ...learned.map(({ kind }) => kind)], templates: template === undefined ? [] : [template] }),
  ]);
  return { open, hints: { ruleGroup, verdicts, learned } };
}

/** A resolved incident is a settled grouping: it teaches learned co-occurrence. */
export async function settled(tx: Transaction, incident: Incident, config: Pick<PipelineConfig, 'cooccurrence'>): Promise<void> {
  if (config.cooccurrence !== undefined) await learnFromResolved(tx, incident, config.cooccurrence);
}

/** Writes what grouping decided: the alert, its incident and timeline, and the incidents the alert's evidence merged into it. */
async function writeGrouped(tx: Transaction, grouped: GroupingResult, event: Event, config: PipelineConfig): Promise<IncidentChange[]> {
  await tx.alerts.put(grouped.alert);
  const { incident, absorbed } = grouped;
  if (incident === undefined) return [];
  await tx.incidents.put(incident);
  if (grouped.change === ChangeKind.resolved) await settled(tx, incident, config);
  for (const entry of grouped.timeline) await tx.incidents.appendTimeline(incident.id, entry);
  if (absorbed !== undefined) {
    const actor = { by: 'correlation', at: grouped.alert.activeSince };
    return (await writeMerge(tx, incident, absorbed.incidents, actor, event.id, absorbed.because)).changes.map((change) => ({ ...change, alertFingerprint: grouped.alert.fingerprint }));
  }
  return grouped.change === undefined ? [] : [changeOf(grouped.change, event.id, incident, grouped.alert.fingerprint, event.time)];
}

/** The routes from a firing alert's entities (its own and its labels') through the topology; none for another transition. */
function routesOf(alert: Alert, transition: string, config: PipelineConfig): Route[] {
  if (transition !== 'firing') return [];
  return routesFrom([alert.entityId, ...labelEntities(alert)], (entityId) => config.related?.(entityId) ?? []);
}

/**
 * A flapping alert opens and reopens no incident, but an episode of it that starts while the incident of its
 * earlier one is still active stays there, still marked flapping: that incident shows the whole problem, and
 * nobody is paged anew.
 */
async function keptWhileActive(tx: Transaction, lifecycle: DedupResult, screened: DedupResult): Promise<{ screened: DedupResult; previous: Incident | undefined }> {
  const earlier = lifecycle.alert.incidentId;
  const held = lifecycle.transition === 'firing' && screened.transition === 'stale' && screened.alert.suppressed?.kind === 'flapping';
  if (!held || earlier === null) {
    return { screened, previous: screened.alert.incidentId !== null ? await tx.incidents.get(screened.alert.incidentId) : undefined };
  }
  const previous = await tx.incidents.get(earlier);
  if (previous === undefined || !isActive(previous)) return { screened, previous: undefined };
  return { screened: { alert: { ...screened.alert, incidentId: earlier }, transition: 'firing' }, previous };
}

async function applyAlert(tx: Transaction, event: Event, config: PipelineConfig): Promise<{ transition: string; changes: IncidentChange[] }> {
  const current = await tx.alerts.get(fingerprintOf(event));
  const lifecycle = applyAlertEvent(current, event);
  const { screened: { alert, transition }, previous } = await keptWhileActive(tx, lifecycle, (await config.suppress?.(tx, lifecycle)) ?? lifecycle);
  const routes = routesOf(alert, transition, config);
  const { open, hints } = transition === 'firing' ? await candidatesFor(tx, alert, routes, config) : { open: [], hints: {} };
  const grouped = groupAlert(alert, transition, previous, open, groupingConfigOf(config), routes, hints);
  return { transition: lifecycle.transition, changes: await writeGrouped(tx, grouped, event, config) };
}

/** A change (deploy, config) lands on the timeline of every open incident of its entity, as context. */
async function applyChange(tx: Transaction, event: Event, config: PipelineConfig): Promise<IncidentChange[]> {
  const open: Incident[] = await tx.incidents.openSince(event.time - config.incidentWindowMs, [event.entityId]);
  for (const incident of open) {
    await tx.incidents.appendTimeline(incident.id, { time: event.time, kind: 'change', text: event.title, ref: event.id });
  }
  return open.map((incident) => changeOf(ChangeKind.context, event.id, incident, null, event.time));
}

/**
 * Resolves the incidents whose quiet period ended by `now` (event time), each at the end of its quiet period. Run
 * before every event with its time, and by the stage's clock when sources go silent, so a replay at full speed
 * resolves what live did.
 */
export async function resolveQuiet(tx: Transaction, now: number, config: Pick<PipelineConfig, 'resolveAfterMs' | 'cooccurrence'>): Promise<IncidentChange[]> {
  const changes: IncidentChange[] = [];
  for (const quiet of await tx.incidents.quietSince(now - config.resolveAfterMs)) {
    const resolved = resolveIfQuiet(quiet, now, config);
    if (resolved === undefined) continue;
    await tx.incidents.put(resolved.incident);
    await settled(tx, resolved.incident, config);
    await tx.incidents.appendTimeline(resolved.incident.id, resolved.entry);
    changes.push(changeOf(ChangeKind.resolved, `quiet@${resolved.entry.time}`, resolved.incident, null, resolved.entry.time));
  }
  return changes;
}

/** Applies one event inside `tx`; the caller publishes the changes with the commit, then acknowledges the bus message. */
export async function applyEvent(tx: Transaction, event: Event, config: PipelineConfig, now: number): Promise<Applied> {
  // Grouping reads and writes incidents across entities, so one event at a time takes part in it.
  await tx.lock('correlate');
  if (!(await tx.processed.mark(ALERTS_CONSUMER, event.id, now))) return { duplicate: true, changes: [] };
  await tx.events.insert(event);
  await tx.entities.observe(entityRefOf(event.entityId), event.time);
  const resolved = await resolveQuiet(tx, event.time, config);
  if (event.kind === 'alert') {
    const applied = await applyAlert(tx, event, config);
    return { duplicate: false, kind: event.kind, transition: applied.transition, changes: [...resolved, ...applied.changes] };
  }
  const changes = event.kind === 'change' ? await applyChange(tx, event, config) : [];
  return { duplicate: false, kind: event.kind, transition: 'none', changes: [...resolved, ...changes] };
}
