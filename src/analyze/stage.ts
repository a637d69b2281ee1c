/**
 * The analyze stage behind the bus: for each incident that opened or grew, a few seconds of event time later (a
 * storm of joins costs one ranking), it gathers the evidence of the incident's neighbourhood in the topology (the
 * anomalies the detectors stored, change events, the calls the topology joined in the last minutes), ranks the
 * likely root causes with responders' verdicts weighed in, and writes them with the top cause's impact on the
 * incident, publishing an `analyzed` change through the same outbox as the correlate stage.
 *
 * Everything runs on event time: the stage's clock is the latest time of a call or an incident change seen (the
 * wall clock adds only when they stop, as in the correlate stage), and a ranking due at `t` reads evidence up to
 * `t` alone, so a replay at full speed ranks as live did. Calls are held in memory only (the recent minutes and the
 * windows of incidents a later change may rank again): after a restart, the hop evidence of the minutes before it
 * is gone.
 */
import type { Logger } from 'pino';
import type { Bus, Subscription } from '../bus/types.js';
import { Topic } from '../bus/topics.js';
import type { Incident, IncidentChange, Anomaly as StoredAnomaly, Event } from '../signals/index.js';
import { IncidentChangeKind, memberEntities } from '../signals/index.js';
import type { Store, Transaction } from '../store/index.js';
import type { RunningTopology } from '../topology/stage.js';
import { EventClock } from '../correlate/clock.js';
import { changeOf } from '../correlate/pipeline.js';
import { incidentCommitter } from '../correlate/stage.js';
import { analyzeIncident, type Analysis } from './analysis.js';
import { CallHistory } from './call-history.js';
import { scopeOf } from './neighbourhood.js';
import { AnalysisSchedule } from './schedule.js';

export const ANALYZE_CONSUMER = 'analyze';

/** Changes after which an incident is ranked (again): it opened, grew, came back, or a responder judged a cause. */
const RANKED_AFTER: ReadonlySet<IncidentChange['kind']> = new Set([
  IncidentChangeKind.opened, IncidentChangeKind.alertJoined, IncidentChangeKind.alertRefired, IncidentChangeKind.reopened,
  IncidentChangeKind.merged, IncidentChangeKind.split, IncidentChangeKind.context, IncidentChangeKind.rootCause,
]);

export interface AnalysisStageOptions {
  /** How long after a change an incident is ranked, in ms of event time. @default 5000 */
  debounceMs?: number;
  /** How long after an incident's start its symptoms count, in ms. @default 300000 */
  windowMs?: number;
  /** How long before the start calls form the baseline of hop times, in ms. @default 600000 */
  baselineMs?: number;
  /** How long before the start symptoms count (a cause's onset precedes the first alert by a sample or two), in ms. @default 120000 */
  leadMs?: number;
  /** How long before the start a change event counts, in ms. @default 3600000 */
  changeWindowMs?: number;
  /** Edges followed from the incident's entities to find candidates. @default 2 */
  depth?: number;
  /** Most incidents waiting for a ranking. @default 1000 */
  maxPending?: number;
  /** How long after it resolved an incident may reopen (`correlate.reopenWindow`): its calls are held that long. @default 3600000 */
  reopenWindowMs?: number;
  /** Most calls held for hop evidence. @default 200000 */
  maxCalls?: number;
}

export interface RunningAnalysis extends Subscription {
  /** Rankings skipped because too many incidents were waiting. */
  readonly dropped: number;
}

/** Most stored anomalies read per entity, change events and verdicts per ranking: bounds the work of one. */
const ANOMALIES_PER_ENTITY = 200;
const CHANGES_PER_RANKING = 500;
const VERDICTS_PER_RANKING = 200;
/** How often the wall clock is looked at when no data comes (a live incident is still ranked). */
const WALL_TICK_MS = 1000;

const sameAnalysis = (incident: Incident, analysis: Analysis) =>
  JSON.stringify(incident.rootCauses) === JSON.stringify(analysis.rootCauses) && JSON.stringify(incident.impact ?? null) === JSON.stringify(analysis.impact);

/** Writes the analysis on the incident as it is now (the correlate stage may have written it since it was read), and its change. */
async function writeAnalysis(tx: Transaction, incidentId: string, analysis: Analysis, cause: string, time: number): Promise<IncidentChange[]> {
  await tx.lock('correlate');
  const current = await tx.incidents.get(incidentId);
  if (current === undefined || sameAnalysis(current, analysis)) return [];
  const top = analysis.rootCauses[0];
  // The likely root cause is one of the incident's entities, where its evidence sits, even if nothing alerted there:
  // a responder (and a route to its owners) finds the incident by it. It replaces the cause added before.
  const members = memberEntities(current);
  const entities = top === undefined || members.includes(top.entityId) ? members : [...members, top.entityId];
  const written: Incident = { ...current, entities, rootCauses: analysis.rootCauses, impact: analysis.impact };
  await tx.incidents.put(written);
  if (top !== undefined && top.entityId !== current.rootCauses[0]?.entityId) {
    await tx.incidents.appendTimeline(incidentId, { time, kind: 'note', text: `likely root cause: ${top.entityId} (${top.evidence[0] ?? top.signal})`, ref: top.entityId });
  }
  return [changeOf(IncidentChangeKind.analyzed, cause, written, null, time)];
}

export async function startAnalysis(store: Store, bus: Bus, topology: RunningTopology | undefined, logger: Logger, options: AnalysisStageOptions = {}): Promise<RunningAnalysis> {
  const windowMs = options.windowMs ?? 5 * 60_000;
  const baselineMs = options.baselineMs ?? 10 * 60_000;
  const leadMs = options.leadMs ?? 2 * 60_000;
  const changeWindowMs = options.changeWindowMs ?? 60 * 60_000;
  const reopenWindowMs = options.reopenWindowMs ?? 60 * 60_000;
  const clock = new EventClock();
  const calls = new CallHistory({ retainMs: baselineMs + windowMs + 20 * 60_000, ...(options.maxCalls !== undefined ? { maxCalls: options.maxCalls } : {}) });
  const schedule = new AnalysisSchedule({ debounceMs: options.debounceMs ?? 5000, windowMs, maxPending: options.maxPending ?? 1000 });
  const committing = incidentCommitter(store, bus);

  async function gather(incident: Incident, end: number) {
    const start = incident.startedAt;
    const scope = scopeOf(memberEntities(incident), topology?.graph.neighbourhood() ?? { asOf: null, nodes: [], edges: [] }, { depth: options.depth ?? 2 });
    const anomalies: StoredAnomaly[] = [];
    for (const entityId of scope.entities) {
      anomalies.push(...(await store.anomalies.list({ entityId, from: start - leadMs, to: end, limit: ANOMALIES_PER_ENTITY, offset: 0 })).items);
    }
    const changes: Event[] = (await store.events.list({ kind: 'change', from: start - changeWindowMs, to: end, limit: CHANGES_PER_RANKING, offset: 0 })).items;
    const verdicts = await store.rootCauseVerdicts.ofEntities([...scope.entities], VERDICTS_PER_RANKING);
    return { scope, anomalies, changes, verdicts, calls: calls.between(start - baselineMs, end) };
  }

  async function rank(incidentId: string, due: number): Promise<void> {
    const incident = await store.incidents.get(incidentId);
    if (incident === undefined || incident.status === 'merged') return;
    const end = schedule.evidenceEnd(incident.startedAt, due);
    const evidence = await gather(incident, end);
    const analysis = analyzeIncident({
      incident: { id: incident.id, entities: incident.entities, kinds: incident.kinds ?? [], startedAt: incident.startedAt },
      scope: evidence.scope.entities, edges: evidence.scope.edges, anomalies: evidence.anomalies, changes: evidence.changes, calls: evidence.calls, verdicts: evidence.verdicts,
    }, { leadMs });
    logger.debug({ incident: incident.id, startedAt: incident.startedAt, due, end, ...calls.describe(), callsGathered: evidence.calls.length, anomalies: evidence.anomalies.length, top: analysis.rootCauses.slice(0, 3).map((c) => `${c.entityId}:${c.score}:${c.signal}`) }, 'ranked incident');
    await committing(async (tx) => ({ result: undefined, changes: await writeAnalysis(tx, incidentId, analysis, `analysis@${due}`, due) }));
    schedule.ranked(incidentId, incident.startedAt, end);
  }

  /** Rankings run one at a time; `running` is the current pass over what is due. */
  let running: Promise<void> | undefined;
  const runDue = async () => {
    for (let due = schedule.takeDue(clock.now(Date.now())); due.length > 0; due = schedule.takeDue(clock.now(Date.now()))) {
      for (const { id, due: at } of due) {
        await rank(id, at).catch((error: unknown) => logger.error({ err: error, incident: id }, 'root cause analysis failed'));
      }
    }
  };
  const kick = () => {
    if (running === undefined && schedule.hasDue(clock.now(Date.now()))) running = runDue().finally(() => { running = undefined; });
  };

  /** A later alert ranks an incident again long after its window, while it is active or may reopen: its calls stay that long. */
  const keepCallsOf = (incident: Incident, time: number) => {
    if (incident.status === 'merged') calls.unpin(incident.id);
    else calls.pin(incident.id, incident.startedAt - baselineMs, incident.startedAt + windowMs, incident.status === 'resolved' ? time + reopenWindowMs : Infinity);
  };
  topology?.onCalls((joined) => {
    if (joined.length === 0) return;
    calls.add(joined);
    clock.observe(calls.latest ?? 0, Date.now());
    kick();
  });
  const subscription = await bus.subscribe(Topic.incidents, ANALYZE_CONSUMER, async (delivery) => {
    const change = delivery.payload;
    clock.observe(change.time, Date.now());
    keepCallsOf(change.incident, change.time);
    if (RANKED_AFTER.has(change.kind) && change.incident.status !== 'merged') schedule.changed(change.incident.id, change.time);
    await delivery.ack();
    kick();
  });
  const tick = setInterval(kick, WALL_TICK_MS);
  tick.unref();

  return {
    get pending() { return subscription.pending + schedule.size; },
    get dropped() { return schedule.dropped; },
    async drained() {
      await subscription.drained();
      for (kick(); running !== undefined; kick()) await running;
    },
    async close() {
      clearInterval(tick);
      await subscription.close();
      while (running !== undefined) await running;
    },
  };
}
