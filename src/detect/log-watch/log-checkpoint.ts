/**
 * The checkpoint format of log intelligence: entity by entity in chunks of bounded size (an entity too large
 * for one chunk is split into parts), written lazily one chunk at a time, then a header naming the chunks of
 * that checkpoint. Version 3 holds templates (with their example lines and recent rates, absent from checkpoints
 * written before they were kept), aliases, firing alerts and anomaly baselines. Every entry read is
 * validated, and one that fails is skipped with the reason; version 2 (no baselines) and the older single-entry
 * format (`miner`, a whole miner in one row) are read as far as they go.
 */
import { z } from 'zod';
import { labelsSchema, severitySchema } from '../../signals/index.js';
import type { LogBaselineSnapshot, LogErrorSnapshot, LogRateSnapshot, LogWindowsSnapshot, MinerCounters, MinerEntitySnapshot } from '../log/index.js';
import { RATE_MINUTES } from '../log/index.js';
import type { RestoreResult } from '../restore-report.js';
import { RestoreReport, parseEntry } from '../restore-report.js';
import type { OpenAlert } from './finding-alerts.js';

/** Characters of one chunk entry (one stored row) beyond which the next item starts a new chunk. */
export const CHUNK_CHARS = 256 * 1024;
export const HEADER_KEY = 'state';
/** The key of the format before chunks: one miner snapshot of every entity. */
export const LEGACY_KEY = 'miner';
/** The version written: 2 had no anomaly baselines. */
export const CHECKPOINT_VERSION = 3;

/** One entity, or a part of one: the parts of an entity, in order, add up to it. */
export interface EntityPart extends MinerEntitySnapshot {
  /** Its firing log alerts. */
  alerts: OpenAlert[];
  /** Its anomaly windows, in one of its parts; none before its first line has been observed (or in version 2). */
  windows: LogWindowsSnapshot[];
  /** Its template rates and the open window's error lines, for the anomaly baselines. */
  rates: LogRateSnapshot[];
  errorTemplates: LogErrorSnapshot[];
}

/** What a checkpoint is taken from; entities are read one at a time, when their chunk is written. */
export interface CheckpointSource {
  /** Entity ids, least recently seen first (restoring in this order restores the recency). */
  entityIds(): string[];
  /** The entity's state now, or undefined once forgotten. */
  entity(entityId: string): EntityPart | undefined;
  /** Read last, after every entity, so template ids in the chunks are all below `nextId`. */
  counters(): MinerCounters;
}

export interface ReadCheckpoint {
  generation: number;
  counters: MinerCounters;
  /** Whole entities, least recently seen first (the parts of one joined). */
  entities: EntityPart[];
  /** Chunks read, and chunks missing or unreadable (their entities start cold) with why. */
  result: RestoreResult;
}

/** A chunk's key: its checkpoint's generation first, so a checkpoint never overwrites the rows of the last complete one. */
export const chunkKey = (generation: number, index: number) => `chunk:${generation}:${index}`;

/** The lists of an entity part, in the order written. */
const KINDS = ['windows', 'aliases', 'alerts', 'templates', 'rates', 'errorTemplates'] as const;
type Kind = (typeof KINDS)[number];
type PartText = { entityId: string } & Record<Kind, string[]>;

/** Each item of an entity as [list, JSON text]: serialised once, so a chunk's size is known exactly as it fills. */
function* itemsOf(entity: EntityPart): Generator<[Kind, string]> {
  for (const kind of KINDS) for (const item of entity[kind]) yield [kind, JSON.stringify(item)];
}

function partJson(part: PartText): string {
  return `{"entityId":${JSON.stringify(part.entityId)},${KINDS.map((kind) => `"${kind}":[${part[kind].join(',')}]`).join(',')}}`;
}

const isEmpty = (part: PartText) => KINDS.every((kind) => part[kind].length === 0);
const chunkJson = (parts: readonly PartText[]) => `{"version":${CHECKPOINT_VERSION},"entities":[${parts.filter((part) => !isEmpty(part)).map(partJson).join(',')}]}`;
const newPart = (entityId: string): PartText => ({ entityId, windows: [], aliases: [], alerts: [], templates: [], rates: [], errorTemplates: [] });
/** Characters of the JSON around a chunk's parts, and around a part's items (with its comma, without its entity id). */
const CHUNK_FRAME = chunkJson([]).length;
const PART_FRAME = partJson(newPart('')).length - 2 + 1;

/**
 * The checkpoint as key → JSON entries, produced lazily: each chunk is built when the previous one has been
 * taken, so the caller can write it and yield the event loop between chunks. The header comes last.
 */
export function* checkpointEntries(source: CheckpointSource, generation: number, chunkChars = CHUNK_CHARS): Generator<[string, string]> {
  let chunk: PartText[] = [];
  let chars = CHUNK_FRAME;
  let items = 0;
  let index = 0;
  for (const entityId of source.entityIds()) {
    const entity = source.entity(entityId);
    if (entity === undefined) continue;
    const frame = PART_FRAME + JSON.stringify(entityId).length;
    let part = newPart(entityId);
    chunk.push(part);
    chars += frame;
    for (const [kind, text] of itemsOf(entity)) {
      if (items > 0 && chars + text.length + 1 > chunkChars) {
        yield [chunkKey(generation, index++), chunkJson(chunk)];
        part = newPart(entityId);
        chunk = [part];
        chars = CHUNK_FRAME + frame;
        items = 0;
      }
      part[kind].push(text);
      chars += text.length + 1;
      items += 1;
    }
  }
  if (items > 0) yield [chunkKey(generation, index++), chunkJson(chunk)];
  const header: Header = { version: CHECKPOINT_VERSION, generation, chunks: index, ...source.counters() };
  yield [HEADER_KEY, JSON.stringify(header)];
}

const count = z.number().int().nonnegative();
const counterFields = { nextId: z.number().int().min(1), seq: count };

const headerSchema = z.object({ version: z.literal([2, CHECKPOINT_VERSION]), generation: count, chunks: count, ...counterFields });
type Header = z.infer<typeof headerSchema>;

/** A template's example lines: absent from checkpoints written before they were kept, read as none. */
/** A template's rate as [minute, lines] pairs: absent from checkpoints written before rates were kept, read as none. */
const templateRateSchema = z.array(z.tuple([z.number().int().nonnegative(), count])).max(RATE_MINUTES).default([]);
const templateSchema = z.object({ id: z.string(), tokens: z.array(z.string()), count, lastSeen: z.number().int(), examples: z.array(z.string()).default([]), rate: templateRateSchema }) satisfies z.ZodType<MinerEntitySnapshot['templates'][number]>;
const aliasSchema = z.tuple([z.string(), z.string()]);
const openAlertSchema = z.object({
  finding: z.object({ key: z.string(), alertname: z.string(), entityId: z.string(), title: z.string(), labels: labelsSchema, annotations: labelsSchema, severity: severitySchema }),
  since: z.number(),
  lastSeen: z.number(),
}) satisfies z.ZodType<OpenAlert>;
const windowsSchema = z.object({
  firstSeen: z.number(), windowStart: z.number(), windowsClosed: count, errorBaseline: z.number().nonnegative(), errors: count, rates: count,
}) satisfies z.ZodType<LogWindowsSnapshot>;
const rateSchema = z.object({
  templateId: z.string(), template: z.string(), baseline: z.number().nonnegative(), at: count, count, examples: z.array(z.string()),
}) satisfies z.ZodType<LogRateSnapshot>;
const errorTemplateSchema = z.object({ templateId: z.string(), template: z.string(), count, example: z.string() }) satisfies z.ZodType<LogErrorSnapshot>;

const partSchema = z.object({
  entityId: z.string().min(1),
  templates: z.array(templateSchema),
  aliases: z.array(aliasSchema),
  alerts: z.array(openAlertSchema),
  // Version 3 lists: absent from version 2, whose entities warm their baselines up again.
  windows: z.array(windowsSchema).max(1).default([]),
  rates: z.array(rateSchema).default([]),
  errorTemplates: z.array(errorTemplateSchema).default([]),
}) satisfies z.ZodType<EntityPart>;
const chunkSchema = z.object({ version: z.literal([2, CHECKPOINT_VERSION]), entities: z.array(partSchema) });

const legacySchema = z.object({
  version: z.literal(1),
  ...counterFields,
  entities: z.array(z.object({ entityId: z.string().min(1), templates: z.array(templateSchema), aliases: z.array(aliasSchema) })),
});

/** Joins the consecutive parts of each entity (one split over chunks), so every entity is restored whole. */
function joinParts(parts: readonly EntityPart[]): EntityPart[] {
  const entities: EntityPart[] = [];
  for (const part of parts) {
    const last = entities.at(-1);
    if (last === undefined || last.entityId !== part.entityId) {
      entities.push(part);
      continue;
    }
    for (const kind of KINDS) for (const item of part[kind]) (last[kind] as unknown[]).push(item);
  }
  return entities;
}

function readChunks(entries: ReadonlyMap<string, string>, header: Header): ReadCheckpoint {
  const report = new RestoreReport();
  const parts: EntityPart[] = [];
  for (let index = 0; index < header.chunks; index += 1) {
    const key = chunkKey(header.generation, index);
    const text = entries.get(key);
    const read = text === undefined ? { problem: 'missing (the checkpoint was written in part)' } : parseEntry(chunkSchema, text);
    if ('problem' in read) {
      report.skip(key, read.problem);
      continue;
    }
    for (const part of read.value.entities) parts.push(part);
    report.restoredOne();
  }
  return { generation: header.generation, counters: { nextId: header.nextId, seq: header.seq }, entities: joinParts(parts), result: report.done() };
}

/** The older format: one row of every entity, without alerts, baselines or recency (taken as each entity's latest template). */
function readLegacy(text: string): ReadCheckpoint {
  const read = parseEntry(legacySchema, text);
  if ('problem' in read) return unreadable(LEGACY_KEY, read.problem);
  const latest = (entity: MinerEntitySnapshot) => Math.max(-1, ...entity.templates.map((t) => t.lastSeen));
  const entities = read.value.entities
    .map((entity) => ({ ...entity, templates: [...entity.templates].sort((a, b) => a.lastSeen - b.lastSeen), alerts: [], windows: [], rates: [], errorTemplates: [] }))
    .sort((a, b) => latest(a) - latest(b));
  return { generation: 0, counters: { nextId: read.value.nextId, seq: read.value.seq }, entities, result: { restored: 1, skipped: 0, problems: [] } };
}

/** A checkpoint whose header (or single entry) cannot be read: nothing is restored. */
function unreadable(key: string, problem: string): ReadCheckpoint {
  const report = new RestoreReport();
  report.skip(key, problem);
  return { generation: 0, counters: { nextId: 1, seq: 0 }, entities: [], result: report.done() };
}

/** What a checkpoint holds, from any format; undefined when there is none. */
export function readCheckpoint(entries: ReadonlyMap<string, string>): ReadCheckpoint | undefined {
  const headerText = entries.get(HEADER_KEY);
  if (headerText !== undefined) {
    const header = parseEntry(headerSchema, headerText);
    return 'problem' in header ? unreadable(HEADER_KEY, header.problem) : readChunks(entries, header.value);
  }
  const legacy = entries.get(LEGACY_KEY);
  return legacy === undefined ? undefined : readLegacy(legacy);
}

/**
 * The entity's anomaly baselines when whole and consistent; undefined (the entity warms up again) when a chunk
 * with some of its rates was lost, or none were written: calling the lost templates new would be false alerts.
 */
export function baselinesOf(entity: EntityPart): LogBaselineSnapshot | undefined {
  const [windows] = entity.windows;
  if (windows === undefined || windows.rates !== entity.rates.length) return undefined;
  if (entity.rates.some((rate) => rate.at > windows.windowsClosed)) return undefined;
  return { entityId: entity.entityId, windows, rates: entity.rates, errorTemplates: entity.errorTemplates };
}
