/**
 * Streaming, online log template miner: each line gets a template id as it arrives; templates widen as lines
 * arrive and keep their id; state is per entity, bounded within each (the caller bounds how many entities, with
 * forget()), and snapshots entity by entity to plain JSON-safe data. Pure: no I/O.
 */
import { EntityTemplates, type CacheEntry } from './entity-templates.js';
import { addExample, boundedExamples, isSampled } from './examples.js';
import { matchesKey as matchesKey_ } from './line-key.js';
import { LineScan } from './line-scan.js';
import { lineValues as lineValues_, maskLine } from './mask-line.js';
import { applyPlan as applyPlan_, planParams } from './param-plan.js';
import { newTemplate, type Template } from './template.js';
import { RATE_BUCKET_MS, RATE_MINUTES, MinuteClock, countLine, countLines, rateEntries, rateUntil, type RateEntry } from './template-rate.js';
import { minerConfig, type MinerConfig, type MinerOptions } from './miner-config.js';

// Local copies of the imports called for every line: V8 reads an imported binding from its module cell at each use.
const matchesKey = matchesKey_;
const lineValues = lineValues_;
const applyPlan = applyPlan_;

export interface MinedLine {
  templateId: string;
  /** The template text at the time of this line (it may widen later). */
  template: string;
  /** The line's variable parts, in order, one per `<*>` of the template. */
  params: string[];
  /** Whether this line created the template. */
  created: boolean;
}

export interface TemplateInfo {
  entityId: string;
  id: string;
  template: string;
  count: number;
  /** The first line seen and the most recent distinct ones, at most `examples`, each at most `exampleChars` characters. */
  examples: string[];
  /** Lines per event-time minute over the entity's last 60 minutes of timed lines, oldest first (zeros before any). */
  rate: number[];
  /** Epoch ms of the first minute of `rate`; null while the entity has had no timed line. */
  rateFrom: number | null;
}

/** Plain, JSON-serialisable state of one entity's templates (or a part of them: restoring parts in order adds them up). */
export interface MinerEntitySnapshot {
  entityId: string;
  /** Least recently matched first. */
  templates: { id: string; tokens: string[]; count: number; lastSeen: number; examples: string[]; rate: RateEntry[] }[];
  /** Pairs of merged template id and the id that absorbed it. */
  aliases: [string, string][];
}

/** The miner's counters: restored with its entities, new template ids continue after the restored ones. */
export interface MinerCounters {
  nextId: number;
  seq: number;
}

/** The cache entry of a scanned line's key: the hash finds candidates, the key text confirms one. */
function cachedEntry(entity: EntityTemplates, hash: number, scan: LineScan): CacheEntry | undefined {
  let entry = entity.cached(hash);
  while (entry !== undefined && !matchesKey(scan, entry.key)) entry = entry.next;
  return entry;
}

export class TemplateMiner {
  private readonly entities = new Map<string, EntityTemplates>();
  private readonly config: Readonly<MinerConfig>;
  private nextId = 1;
  private seq = 0;
  private readonly newId = () => `T${(this.nextId++).toString(36)}`;
  /** Scratch memory for the line being mined, reused by every call. */
  private readonly scan = new LineScan();
  private readonly clock = new MinuteClock();

  constructor(options: MinerOptions = {}) {
    this.config = minerConfig(options);
  }

  /** Assigns the line to a template of its entity, refining or creating one as needed; a line with its event `time` (ms) counts toward its template's rate. */
  add(line: string, entityId = '', time?: number): MinedLine {
    this.seq += 1;
    const scan = this.scan;
    scan.scan(line, this.config.maxLineChars, this.config.maxTokens);
    const entity = this.entity(entityId);
    const minute = this.clock.minuteOf(time);
    if (minute > entity.latestMinute) entity.latestMinute = minute;
    const entry = scan.complete ? cachedEntry(entity, scan.hash, scan) : undefined;
    if (entry !== undefined && entry.version === entry.template.version && entry.template.mergedInto === undefined) {
      const values = lineValues(scan);
      return this.hit(entry.template, line, entry.direct ? values : applyPlan(entry.plan, values, scan), false, minute);
    }
    return this.slow(entity, line, entry === undefined ? undefined : EntityTemplates.live(entry), minute);
  }

  private hit(template: Template, line: string, params: string[], created: boolean, minute: number): MinedLine {
    template.count += 1;
    template.lastSeen = this.seq;
    if (minute >= 0) countLine(template, minute);
    if (isSampled(template.count)) addExample(template.examples, line, this.config);
    return { templateId: template.id, template: template.text, params, created };
  }

  /** A new line key, a template changed since, or a line past the limits (never cached): the masked line as strings. */
  private slow(entity: EntityTemplates, line: string, known: Template | undefined, minute: number): MinedLine {
    const scan = this.scan;
    const { masked, pieces, perToken } = maskLine(scan);
    let template = known;
    let created = false;
    if (template === undefined) ({ template, created } = entity.assign(masked, this.newId, this.seq));
    const plan = planParams(template.tokens, perToken);
    if (scan.complete) entity.remember(masked.join(' '), scan.hash, template, plan);
    return this.hit(template, line, applyPlan(plan, pieces, scan), created, minute);
  }

  /**
   * Every template with its count and example lines, per entity, for display; with `ids`, only the templates
   * those ids go by now (an id merged into another template names the one that absorbed it).
   */
  templates(entityId?: string, ids?: readonly string[]): TemplateInfo[] {
    const out: TemplateInfo[] = [];
    for (const [id, entity] of this.entities) {
      if (entityId !== undefined && id !== entityId) continue;
      const last = entity.latestMinute;
      const rateFrom = last < 0 ? null : (last - RATE_MINUTES + 1) * RATE_BUCKET_MS;
      for (const t of entity.chosen(ids)) {
        out.push({ entityId: id, id: t.id, template: t.text, count: t.count, examples: t.examples.slice(), rate: rateUntil(t, last), rateFrom });
      }
    }
    return out;
  }

  /** The id a template goes by now (a template merged into another resolves to it). */
  resolve(templateId: string, entityId = ''): string {
    return this.entities.get(entityId)?.resolve(templateId) ?? templateId;
  }

  /** The current text of a template (following merges), or undefined once evicted. */
  templateOf(templateId: string, entityId = ''): string | undefined {
    const entity = this.entities.get(entityId);
    return entity?.byId.get(entity.resolve(templateId))?.text;
  }

  /** Drops everything learned of an entity (it is no longer tracked). */
  forget(entityId: string): void {
    this.entities.delete(entityId);
  }

  counters(): MinerCounters {
    return { nextId: this.nextId, seq: this.seq };
  }

  /** Continues the counters from restored ones, never going back (ids stay unique). */
  restoreCounters(counters: MinerCounters): void {
    this.nextId = Math.max(this.nextId, counters.nextId);
    this.seq = Math.max(this.seq, counters.seq);
  }

  /** A copy of one entity's templates, least recently matched first, or undefined when it has none. */
  snapshotEntity(entityId: string): MinerEntitySnapshot | undefined {
    const entity = this.entities.get(entityId);
    if (entity === undefined) return undefined;
    const templates = [...entity.byId.values()].sort((a, b) => a.lastSeen - b.lastSeen)
      .map((t) => ({ id: t.id, tokens: t.tokens.slice(), count: t.count, lastSeen: t.lastSeen, examples: t.examples.slice(), rate: rateEntries(t) }));
    return { entityId, templates, aliases: [...entity.aliases] };
  }

  /** Adds the templates and aliases of snapshotEntity() (or of a part of it) to that entity. */
  restoreEntity({ entityId, templates, aliases }: MinerEntitySnapshot): void {
    const entity = this.entity(entityId);
    for (const [from, to] of aliases) entity.setAlias(from, to);
    for (const t of templates) {
      const template = newTemplate(t.id, t.tokens, t.count, t.lastSeen, boundedExamples(t.examples, this.config));
      for (const [minute, lines] of t.rate) countLines(template, minute, lines);
      entity.latestMinute = Math.max(entity.latestMinute, template.minuteEnd);
      entity.add(template);
    }
  }

  private entity(entityId: string): EntityTemplates {
    let entity = this.entities.get(entityId);
    if (entity === undefined) this.entities.set(entityId, (entity = new EntityTemplates(this.config)));
    return entity;
  }
}
