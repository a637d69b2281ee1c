/**
 * The checkpoint format of log intelligence: entity by entity in chunks of bounded size (an entity too large
 * for one chunk is split into parts), written lazily one chunk at a time, then a header naming the chunks of
 * that checkpoint. Reading also takes the older single-entry format (`miner`, a whole miner in one row).
 */
import type { MinerCounters, MinerEntitySnapshot } from '../log/index.js';
import type { OpenAlert } from './finding-alerts.js';

/** Characters of one chunk entry (one stored row) beyond which the next item starts a new chunk. */
export const CHUNK_CHARS = 256 * 1024;
export const HEADER_KEY = 'state';
/** The key of the format before chunks: one miner snapshot of every entity. */
export const LEGACY_KEY = 'miner';

/** One entity, or a part of one: restoring the parts in order adds them up. */
export interface EntityPart extends MinerEntitySnapshot {
  /** Its firing log alerts. */
  alerts: OpenAlert[];
}

interface Header extends MinerCounters {
  version: 2;
  generation: number;
  chunks: number;
}

interface LegacySnapshot extends MinerCounters {
  version: 1;
  entities: MinerEntitySnapshot[];
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
  parts: EntityPart[];
  /** Chunks missing or unreadable (their entities start cold). */
  skipped: number;
  /** Chunks read. */
  restored: number;
}

/** A chunk's key: its checkpoint's generation first, so a checkpoint never overwrites the rows of the last complete one. */
export const chunkKey = (generation: number, index: number) => `chunk:${generation}:${index}`;

type Kind = 'templates' | 'aliases' | 'alerts';
interface PartText { entityId: string; templates: string[]; aliases: string[]; alerts: string[] }

/** Each item of an entity as [list, JSON text]: serialised once, so a chunk's size is known exactly as it fills. */
function* itemsOf(entity: EntityPart): Generator<[Kind, string]> {
  for (const alias of entity.aliases) yield ['aliases', JSON.stringify(alias)];
  for (const alert of entity.alerts) yield ['alerts', JSON.stringify(alert)];
  for (const template of entity.templates) yield ['templates', JSON.stringify(template)];
}

function partJson(part: PartText): string {
  return `{"entityId":${JSON.stringify(part.entityId)},"templates":[${part.templates.join(',')}],"aliases":[${part.aliases.join(',')}],"alerts":[${part.alerts.join(',')}]}`;
}

const isEmpty = (part: PartText) => part.templates.length + part.aliases.length + part.alerts.length === 0;
const chunkJson = (parts: readonly PartText[]) => `{"version":2,"entities":[${parts.filter((part) => !isEmpty(part)).map(partJson).join(',')}]}`;
const newPart = (entityId: string): PartText => ({ entityId, templates: [], aliases: [], alerts: [] });
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
  const header: Header = { version: 2, generation, chunks: index, ...source.counters() };
  yield [HEADER_KEY, JSON.stringify(header)];
}

function readChunks(entries: ReadonlyMap<string, string>, header: Header): ReadCheckpoint {
  const read: ReadCheckpoint = { generation: header.generation, counters: { nextId: header.nextId, seq: header.seq }, parts: [], skipped: 0, restored: 0 };
  for (let index = 0; index < header.chunks; index += 1) {
    try {
      const chunk = JSON.parse(entries.get(chunkKey(header.generation, index)) ?? '') as { entities: EntityPart[] };
      read.parts.push(...chunk.entities);
      read.restored += 1;
    } catch {
      read.skipped += 1;
    }
  }
  return read;
}

/** The older format: one row of every entity, without alerts or recency (taken as each entity's latest template). */
function readLegacy(text: string): ReadCheckpoint {
  const legacy = JSON.parse(text) as LegacySnapshot;
  if (legacy.version !== 1) throw new Error(`unknown miner snapshot version ${String(legacy.version)}`);
  const latest = (entity: MinerEntitySnapshot) => Math.max(-1, ...entity.templates.map((t) => t.lastSeen));
  const parts = legacy.entities
    .map((entity) => ({ ...entity, templates: [...entity.templates].sort((a, b) => a.lastSeen - b.lastSeen), alerts: [] }))
    .sort((a, b) => latest(a) - latest(b));
  return { generation: 0, counters: { nextId: legacy.nextId, seq: legacy.seq }, parts, skipped: 0, restored: 1 };
}

/** What a checkpoint holds, from either format; undefined when there is none. Throws on an unreadable header. */
export function readCheckpoint(entries: ReadonlyMap<string, string>): ReadCheckpoint | undefined {
  const header = entries.get(HEADER_KEY);
  if (header !== undefined) return readChunks(entries, JSON.parse(header) as Header);
  const legacy = entries.get(LEGACY_KEY);
  return legacy === undefined ? undefined : readLegacy(legacy);
}
