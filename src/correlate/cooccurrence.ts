/**
 * Co-occurrence opsight has learned: kinds of alert (kindOf) that fired together in settled incidents, or in
 * incidents that started within a short time of each other, link later even with no topology edge between them
 * (a database host's alert and an application's alert that always come together, with no span to show the call).
 * Counts of kinds and of pairs of kinds decay exponentially in event time, so what stopped happening fades; a
 * kind keeps its most recent partners only. A pair links only with learned support: together in at least
 * `minTogether` incidents and in at least `minShare` of the incidents of the rarer kind, so two unrelated faults
 * that once happened at the same time never do. Pure: the caller loads and stores the memories of kinds.
 */

export interface CooccurrenceConfig {
  /** Event time in which a learned count halves. */
  halfLifeMs: number;
  /** Incidents (decayed, rounded) two kinds must have been together in to link. */
  minTogether: number;
  /** Share of the rarer kind's incidents the two must have been together in to link. */
  minShare: number;
  /** Incidents that started at most this far apart count as together. */
  withinMs: number;
}

/** What is remembered of a kind: the incidents holding it, and the kinds it was together with. */
export interface KindMemory {
  seen: number;
  seenAt: number;
  partners: Record<string, { together: number; at: number }>;
}

/** Partners a kind keeps, the most recent: bounds the memory of a kind seen with everything. */
export const MAX_PARTNERS = 64;
/** An incident of more kinds than this (a storm) teaches how often its kinds occur, but no pairs. */
export const MAX_TEACHING_KINDS = 12;

/** What a settled incident teaches: the kinds it held, and the pairs of kinds that fired together in it or with it. */
export interface Lesson {
  kinds: readonly string[];
  pairs: readonly (readonly [string, string])[];
}

/** A kind learned to fire with another: how often together, of how many incidents of the rarer of the two. */
export interface LearnedPartner {
  kind: string;
  together: number;
  occurrences: number;
}

const decayed = (weight: number, from: number, to: number, halfLifeMs: number) => weight * 2 ** (-Math.max(0, to - from) / halfLifeMs);

const pairsWithin = (kinds: readonly string[]) => kinds.flatMap((a, i) => kinds.slice(i + 1).map((b) => [a, b] as const));

/**
 * The lesson of an incident that just settled, with the kinds of the settled incidents that started near it.
 * Those were taught their own pairs when they settled; the lesson adds the pairs across, once each.
 */
export function lessonOf(kinds: readonly string[], neighbours: readonly (readonly string[])[]): Lesson {
  if (kinds.length > MAX_TEACHING_KINDS) return { kinds, pairs: [] };
  const own = new Set(kinds);
  const pairs = new Map(pairsWithin([...own].sort()).map((pair) => [pair.join('\n'), pair]));
  for (const neighbour of neighbours.filter((held) => held.length <= MAX_TEACHING_KINDS)) {
    for (const other of neighbour.filter((kind) => !own.has(kind))) {
      for (const kind of own) {
        const pair = [kind, other].sort() as [string, string];
        pairs.set(pair.join('\n'), pair);
      }
    }
  }
  return { kinds: [...own], pairs: [...pairs.values()] };
}

const fresh = (at: number): KindMemory => ({ seen: 0, seenAt: at, partners: {} });

/** Keeps the MAX_PARTNERS most recent partners. */
function bounded(partners: KindMemory['partners']): KindMemory['partners'] {
  const entries = Object.entries(partners);
  if (entries.length <= MAX_PARTNERS) return partners;
  return Object.fromEntries(entries.sort(([, a], [, b]) => b.at - a.at).slice(0, MAX_PARTNERS));
}

/** The memories of the kinds a lesson touches, taught it at `at`: `memories` holds what was remembered of them. */
export function taught(memories: ReadonlyMap<string, KindMemory>, lesson: Lesson, at: number, halfLifeMs: number): Map<string, KindMemory> {
  const updated = new Map<string, KindMemory>();
  const memoryOf = (kind: string) => updated.get(kind) ?? memories.get(kind) ?? fresh(at);
  for (const kind of lesson.kinds) {
    const memory = memoryOf(kind);
    updated.set(kind, { ...memory, seen: decayed(memory.seen, memory.seenAt, at, halfLifeMs) + 1, seenAt: at });
  }
  for (const [a, b] of lesson.pairs) {
    for (const [kind, partner] of [[a, b], [b, a]] as const) {
      const memory = memoryOf(kind);
      const before = memory.partners[partner];
      const together = (before === undefined ? 0 : decayed(before.together, before.at, at, halfLifeMs)) + 1;
      updated.set(kind, { ...memory, partners: { ...memory.partners, [partner]: { together, at } } });
    }
  }
  return new Map([...updated].map(([kind, memory]) => [kind, { ...memory, partners: bounded(memory.partners) }]));
}

/**
 * The kinds learned to fire with `own`'s kind at `at`, strongest first: those together with it in at least
 * `minTogether` incidents and `minShare` of the rarer kind's. `others` holds the memories of its partners.
 */
export function learnedPartners(own: KindMemory | undefined, others: ReadonlyMap<string, KindMemory>, at: number, config: CooccurrenceConfig): LearnedPartner[] {
  if (own === undefined) return [];
  const ownSeen = decayed(own.seen, own.seenAt, at, config.halfLifeMs);
  const learned: (LearnedPartner & { share: number })[] = [];
  for (const [kind, pair] of Object.entries(own.partners)) {
    const other = others.get(kind);
    if (other === undefined) continue;
    const occurrences = Math.min(ownSeen, decayed(other.seen, other.seenAt, at, config.halfLifeMs));
    // Crossing pairs of incidents near each other may count a pair more often than the rarer kind occurred.
    const together = Math.min(decayed(pair.together, pair.at, at, config.halfLifeMs), occurrences);
    const share = occurrences === 0 ? 0 : together / occurrences;
    if (Math.round(together) >= config.minTogether && share >= config.minShare) learned.push({ kind, together, occurrences, share });
  }
  return learned.sort((a, b) => b.share - a.share || b.together - a.together).map(({ share: _share, ...partner }) => partner);
}

/** The kinds in a memory worth loading to judge its partners: those together with it often enough. */
export function supportedPartners(own: KindMemory | undefined, at: number, config: Pick<CooccurrenceConfig, 'halfLifeMs' | 'minTogether'>): string[] {
  if (own === undefined) return [];
  return Object.entries(own.partners)
    .filter(([, pair]) => Math.round(decayed(pair.together, pair.at, at, config.halfLifeMs)) >= config.minTogether)
    .map(([kind]) => kind);
}
