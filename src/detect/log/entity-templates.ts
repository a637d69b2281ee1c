/** One entity's templates: lookup by masked line, Drain-style buckets for new lines, and the bounded-memory rules. */
import { WILDCARD } from './mask.js';
import { mergeExamples } from './examples.js';
import { mergeRate } from './template-rate.js';
import type { MinerConfig } from './miner-config.js';
import { isDirectPlan, type ParamPlan } from './param-plan.js';
import { closest, constantCount, covers, newTemplate, refine, retext, type Template } from './template.js';
import { generalize, isValueToken } from './token-pattern.js';

/** Hashes are 32-bit; the Map keeps 30 of them, which V8 stores as small integers. */
const HASH_MASK = 0x3fffffff;
/** Share of an entity's templates evicted at once when it reaches its cap (the least recently matched). */
const EVICTED_SHARE = 0.1;

export type EntityLimits = Pick<MinerConfig, 'maxTemplates' | 'maxCachedLines' | 'similarity' | 'minVariants' | 'examples' | 'exampleChars'>;

export interface CacheEntry {
  /** The line key: the line's positions with values masked, joined by one space. */
  readonly key: string;
  /** The next entry whose key has the same hash. */
  next: CacheEntry | undefined;
  template: Template;
  /** The template's version when cached: a later change means the parameters need working out again. */
  version: number;
  plan: ParamPlan;
  /** The plan takes the masked values as they are. */
  direct: boolean;
}

/**
 * Lines group by token count only. Drain also splits by the first tokens, but a first token is often a
 * variable (a program or service name) and then splits one event into as many groups as it has values.
 */
function bucketKey(masked: readonly string[]): number {
  return masked.length;
}

export class EntityTemplates {
  readonly byId = new Map<string, Template>();
  /** Line keys by hash (kept to the small-integer range the Map stores without boxing), chained on collision. */
  private readonly cache = new Map<number, CacheEntry>();
  private cachedKeys = 0;
  private readonly buckets = new Map<number, Template[]>();
  /** Merged template id → the id that absorbed it (bounded like the templates, oldest dropped first). */
  readonly aliases = new Map<string, string>();
  /** The latest event-time minute of a timed line: template rates are read up to it. */
  latestMinute = -1;
  /** Words seen at one position of otherwise equal templates, by the template text with that position open. */
  private readonly variants = new Map<string, Set<string>>();

  constructor(private readonly limits: EntityLimits) {}

  /** The first cached line key with this hash (follow `next` for the others), if any. */
  cached(hash: number): CacheEntry | undefined {
    return this.cache.get(hash & HASH_MASK);
  }

  /** The live template of a cache entry (following merges). */
  static live(entry: CacheEntry): Template {
    let template = entry.template;
    while (template.mergedInto !== undefined) template = template.mergedInto;
    return template;
  }

  /** Remembers a line key's template and how to read its parameters, replacing what was known of the key. */
  remember(key: string, hash: number, template: Template, plan: ParamPlan): void {
    const slot = hash & HASH_MASK;
    let first = this.cache.get(slot);
    let entry = first;
    while (entry !== undefined && entry.key !== key) entry = entry.next;
    if (entry === undefined) {
      if (this.cachedKeys >= this.limits.maxCachedLines) {
        this.cache.clear();
        this.cachedKeys = 0;
        first = undefined;
      }
      this.cache.set(slot, { key, next: first, template, version: template.version, plan, direct: isDirectPlan(plan) });
      this.cachedKeys += 1;
      return;
    }
    entry.template = template;
    entry.version = template.version;
    entry.plan = plan;
    entry.direct = isDirectPlan(plan);
  }

  /** Finds the template for a masked line not in the cache, refining or creating one; `created` tells which. */
  assign(masked: string[], newId: () => string, seq: number): { template: Template; created: boolean } {
    const bucket = this.bucketOf(masked);
    let template = this.covering(bucket, masked) ?? this.widened(bucket, masked);
    let created = false;
    if (template === undefined) {
      template = newTemplate(newId(), masked.slice(), 0, seq);
      this.add(template, bucket);
      created = true;
    }
    return { template, created };
  }

  /** The id a template goes by now: merged templates resolve to the one that absorbed them. */
  resolve(id: string): string {
    let current = id;
    for (let hops = 0; hops < 64; hops += 1) {
      const next = this.aliases.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  /** The live templates `ids` name (following merges), or every template without `ids`. */
  chosen(ids: readonly string[] | undefined): Iterable<Template> {
    if (ids === undefined) return this.byId.values();
    const live = new Set(ids.map((id) => this.resolve(id)));
    return [...live].flatMap((id) => this.byId.get(id) ?? []);
  }

  /** A similar template widened to cover the line, or undefined when the line is a new template. */
  private widened(bucket: Template[], masked: readonly string[]): Template | undefined {
    const near = closest(bucket, masked);
    if (near === undefined) return undefined;
    if (near.score < this.limits.similarity) return undefined;
    if (near.differing === 1) return this.variant(bucket, near.template, near.position, masked);
    refine(near.template, masked);
    this.absorb(bucket, near.template);
    return near.template;
  }

  /**
   * One word differs: a value on either side (`<*>`, `[<*>]`) opens the position at once; a word is counted as a variant of
   * the position and opens it only at minVariants distinct words, merging the templates of the earlier ones.
   */
  private variant(bucket: Template[], template: Template, position: number, masked: readonly string[]): Template | undefined {
    const word = masked[position] ?? '';
    const current = template.tokens[position] ?? '';
    if (!isValueToken(word) && !isValueToken(current)) {
      const pattern = template.tokens.map((t, i) => (i === position ? WILDCARD : t)).join(' ');
      const seen = this.variants.get(pattern) ?? new Set([template.tokens[position] ?? '']);
      seen.add(word);
      if (seen.size < this.limits.minVariants) {
        if (this.variants.size >= this.limits.maxCachedLines) this.variants.clear();
        this.variants.set(pattern, seen);
        return undefined;
      }
      this.variants.delete(pattern);
    }
    template.tokens[position] = generalize(current, word);
    retext(template);
    this.absorb(bucket, template);
    return template;
  }

  /** Merges every other template the widened one now covers into it; their ids become aliases. */
  private absorb(bucket: Template[], into: Template): void {
    for (let i = bucket.length - 1; i >= 0; i -= 1) {
      const other = bucket[i];
      if (other === undefined || other === into || !covers(into.tokens, other.tokens)) continue;
      bucket.splice(i, 1);
      this.byId.delete(other.id);
      into.count += other.count;
      into.lastSeen = Math.max(into.lastSeen, other.lastSeen);
      mergeExamples(into.examples, other.examples, this.limits);
      mergeRate(into, other);
      other.mergedInto = into;
      this.setAlias(other.id, into.id);
    }
  }

  setAlias(from: string, to: string): void {
    if (this.aliases.size >= this.limits.maxTemplates) {
      const [oldest] = this.aliases.keys();
      if (oldest !== undefined) this.aliases.delete(oldest);
    }
    this.aliases.set(from, to);
  }

  /** Adds a restored or new template, evicting the least recently matched one when over the cap. */
  add(template: Template, bucket = this.bucketOf(template.tokens)): void {
    if (this.byId.size >= this.limits.maxTemplates) this.evictOldest(Math.max(1, Math.ceil(this.limits.maxTemplates * EVICTED_SHARE)));
    this.byId.set(template.id, template);
    bucket.push(template);
  }

  private bucketOf(tokens: readonly string[]): Template[] {
    const key = bucketKey(tokens);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) this.buckets.set(key, (bucket = []));
    return bucket;
  }

  /** The most specific template that already matches, so a repeated line never creates or widens one. */
  private covering(bucket: readonly Template[], masked: readonly string[]): Template | undefined {
    let best: Template | undefined;
    let bestConstants = -1;
    for (const template of bucket) {
      if (!covers(template.tokens, masked)) continue;
      const constants = constantCount(template.tokens);
      if (constants > bestConstants) [best, bestConstants] = [template, constants];
    }
    return best;
  }

  /**
   * Evicts the `count` least recently matched templates in one pass over the templates and the line
   * cache: evicting one at a time would rescan both for every new template of an entity at its cap.
   */
  private evictOldest(count: number): void {
    const evicted = new Set([...this.byId.values()].sort((a, b) => a.lastSeen - b.lastSeen).slice(0, count));
    for (const template of evicted) this.forgetTemplate(template);
    for (const [slot, first] of this.cache) {
      const kept: CacheEntry[] = [];
      for (let entry: CacheEntry | undefined = first; entry !== undefined; entry = entry.next) {
        if (evicted.has(EntityTemplates.live(entry))) this.cachedKeys -= 1;
        else kept.push(entry);
      }
      kept.forEach((entry, i) => (entry.next = kept[i + 1]));
      if (kept[0] === undefined) this.cache.delete(slot);
      else this.cache.set(slot, kept[0]);
    }
  }

  private forgetTemplate(template: Template): void {
    this.byId.delete(template.id);
    const key = bucketKey(template.tokens);
    const bucket = this.buckets.get(key) ?? [];
    const at = bucket.indexOf(template);
    if (at >= 0) bucket.splice(at, 1);
    // An empty bucket is dropped: kept, the bucket keys of evicted templates would grow without bound.
    if (bucket.length === 0) this.buckets.delete(key);
  }
}
