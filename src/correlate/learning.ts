/**
 * The store side of learned co-occurrence (cooccurrence.ts): the memory of each kind of alert is a snapshot of
 * its own, taught when an incident resolves (a settled grouping) and read when an alert of the kind fires. An
 * incident teaches once, even if it reopens and resolves again. What nothing taught for many half-lives is forgotten.
 */
import type { Incident } from '../signals/index.js';
import type { Transaction } from '../store/index.js';
import { learnedPartners, lessonOf, supportedPartners, taught, type CooccurrenceConfig, type KindMemory, type LearnedPartner } from './cooccurrence.js';

const MEMORY_OWNER = 'correlate.cooccurrence';
const TAUGHT_OWNER = 'correlate.cooccurrence.taught';
/** A count decayed this many half-lives is below one in a thousand: the memory goes. */
const FORGET_AFTER_HALF_LIVES = 10;
/** Settled incidents near one that resolves that are read to teach it: bounds the work in a storm. */
const MAX_NEIGHBOURS = 50;

async function memoriesOf(tx: Transaction, kinds: readonly string[]): Promise<Map<string, KindMemory>> {
  const memories = new Map<string, KindMemory>();
  for (const kind of new Set(kinds)) {
    const data = await tx.snapshots.get(MEMORY_OWNER, kind);
    if (data !== undefined) memories.set(kind, JSON.parse(data) as KindMemory);
  }
  return memories;
}

/** The kinds of the resolved incidents that started within `withinMs` of `incident`, other than it. */
async function neighbourKinds(tx: Transaction, incident: Incident, withinMs: number): Promise<string[][]> {
  const near = await tx.incidents.list({ status: 'resolved', from: incident.startedAt - withinMs, to: incident.startedAt + withinMs, limit: MAX_NEIGHBOURS, offset: 0 });
  return near.items
    .filter((other) => other.id !== incident.id && Math.abs(other.startedAt - incident.startedAt) <= withinMs)
    .map((other) => other.kinds ?? []);
}

/** Teaches the memory what an incident that just resolved (at its `resolvedAt`) held, once per incident. */
export async function learnFromResolved(tx: Transaction, incident: Incident, config: CooccurrenceConfig): Promise<void> {
  const at = incident.resolvedAt ?? incident.lastActivityAt;
  if ((incident.kinds ?? []).length === 0 || (await tx.snapshots.get(TAUGHT_OWNER, incident.id)) !== undefined) return;
  const lesson = lessonOf(incident.kinds ?? [], await neighbourKinds(tx, incident, config.withinMs));
  const touched = [...lesson.kinds, ...lesson.pairs.flat()];
  for (const [kind, memory] of taught(await memoriesOf(tx, touched), lesson, at, config.halfLifeMs)) {
    await tx.snapshots.put(MEMORY_OWNER, kind, JSON.stringify(memory), at);
  }
  await tx.snapshots.put(TAUGHT_OWNER, incident.id, '1', at);
  const forgetBefore = at - FORGET_AFTER_HALF_LIVES * config.halfLifeMs;
  await tx.snapshots.deleteBefore(MEMORY_OWNER, forgetBefore);
  await tx.snapshots.deleteBefore(TAUGHT_OWNER, forgetBefore);
}

/** The kinds learned to fire with `kind` by event time `at`, strongest first. */
export async function learnedPartnersOf(tx: Transaction, kind: string, at: number, config: CooccurrenceConfig): Promise<LearnedPartner[]> {
  const own = (await memoriesOf(tx, [kind])).get(kind);
  return learnedPartners(own, await memoriesOf(tx, supportedPartners(own, at, config)), at, config);
}
