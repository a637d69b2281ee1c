/**
 * The checkpoint format of the service graph: its edges in chunks of bounded count, least recently seen
 * first, written lazily one chunk at a time, then a header naming the clock and the chunks. Keys carry the
 * checkpoint's generation, so a checkpoint that fails half way never mixes with the last complete one.
 * Every edge read is validated; one that fails is skipped with the reason, and so is an unreadable chunk.
 */
import { z } from 'zod';
import type { RestoreResult } from '../detect/restore-report.js';
import { RestoreReport, parseEntry, schemaProblem } from '../detect/restore-report.js';
import { emptyHistogram } from '../detect/trace-red/latency-histogram.js';

export type SeenEdgeKind = 'call' | 'peer' | 'hierarchy';

/** Calls of an edge in one window of event time; latency is a histogram of their durations. */
export interface EdgeWindow {
  start: number;
  requests: number;
  errors: number;
  latency: Uint32Array;
}

/** An edge seen in calls or signals (static edges come from the config). */
export interface EdgeState {
  kind: SeenEdgeKind;
  from: string;
  to: string;
  firstSeen: number;
  lastSeen: number;
  /** The latest closed window and the open ones. */
  windows: EdgeWindow[];
}

export const HEADER_KEY = 'state';
export const CHECKPOINT_VERSION = 1;
/** Edges per chunk: about 200 KB of JSON at most. */
export const CHUNK_EDGES = 1000;

export const chunkKey = (generation: number, index: number) => `edges:${generation}:${index}`;

export interface CheckpointSource {
  /** Edge keys, least recently seen first, taken when the checkpoint starts. */
  keys: string[];
  /** The edge now, or undefined once dropped. */
  edge(key: string): EdgeState | undefined;
  clock: number | null;
}

const BUCKETS = emptyHistogram().length;

/** A histogram as [bucket, count] pairs of its non-empty buckets. */
function sparse(histogram: Uint32Array): [number, number][] {
  const pairs: [number, number][] = [];
  histogram.forEach((count, bucket) => {
    if (count > 0) pairs.push([bucket, count]);
  });
  return pairs;
}

function edgeJson(edge: EdgeState): string {
  const windows = edge.windows.map((window) => ({ start: window.start, requests: window.requests, errors: window.errors, latency: sparse(window.latency) }));
  return JSON.stringify({ kind: edge.kind, from: edge.from, to: edge.to, firstSeen: edge.firstSeen, lastSeen: edge.lastSeen, windows });
}

/** The checkpoint as key → JSON entries, each chunk built when the previous one has been taken; the header comes last. */
export function* checkpointEntries(source: CheckpointSource, generation: number, chunkEdges = CHUNK_EDGES): Generator<[string, string]> {
  let chunk: string[] = [];
  let chunks = 0;
  const chunkJson = () => `{"version":${CHECKPOINT_VERSION},"edges":[${chunk.join(',')}]}`;
  for (const key of source.keys) {
    const edge = source.edge(key);
    if (edge === undefined) continue;
    chunk.push(edgeJson(edge));
    if (chunk.length < chunkEdges) continue;
    yield [chunkKey(generation, chunks++), chunkJson()];
    chunk = [];
  }
  if (chunk.length > 0) yield [chunkKey(generation, chunks++), chunkJson()];
  const header: Header = { version: CHECKPOINT_VERSION, generation, clock: source.clock, chunks };
  yield [HEADER_KEY, JSON.stringify(header)];
}

const count = z.number().int().nonnegative();
const time = z.number().int();

const headerSchema = z.object({ version: z.literal(CHECKPOINT_VERSION), generation: count, clock: time.nullable(), chunks: count });
type Header = z.infer<typeof headerSchema>;
const chunkSchema = z.object({ version: z.literal(CHECKPOINT_VERSION), edges: z.array(z.unknown()) });

const windowSchema = z.object({
  start: time,
  requests: count,
  errors: count,
  latency: z.array(z.tuple([z.number().int().min(0).max(BUCKETS - 1), count])),
}).refine((window) => window.errors <= window.requests, 'more errors than requests')
  .refine((window) => window.latency.reduce((sum, [, n]) => sum + n, 0) === window.requests, 'latency counts do not add up to the requests')
  .transform((window) => {
    const latency = emptyHistogram();
    for (const [bucket, n] of window.latency) latency[bucket] = n;
    return { ...window, latency };
  });

const edgeSchema = z.object({
  kind: z.enum(['call', 'peer', 'hierarchy']),
  from: z.string().min(1),
  to: z.string().min(1),
  firstSeen: time,
  lastSeen: time,
  windows: z.array(windowSchema).max(4),
}).refine((edge) => edge.firstSeen <= edge.lastSeen, 'firstSeen is after lastSeen') satisfies z.ZodType<EdgeState>;

export interface ReadCheckpoint {
  generation: number;
  clock: number | null;
  /** Edges, least recently seen first. */
  edges: EdgeState[];
  /** Edges restored, and edges or chunks skipped with why. */
  result: RestoreResult;
}

/** What a checkpoint holds; empty when there is none or its header cannot be read. */
export function readCheckpoint(entries: ReadonlyMap<string, string>): ReadCheckpoint {
  const report = new RestoreReport();
  const empty = { generation: 0, clock: null, edges: [] };
  const headerText = entries.get(HEADER_KEY);
  if (headerText === undefined) return { ...empty, result: report.done() };
  const header = parseEntry(headerSchema, headerText);
  if ('problem' in header) {
    report.skip(HEADER_KEY, header.problem);
    return { ...empty, result: report.done() };
  }
  const { generation, clock, chunks } = header.value;
  const edges: EdgeState[] = [];
  for (let index = 0; index < chunks; index += 1) {
    const key = chunkKey(generation, index);
    for (const edge of readChunk(key, entries.get(key), report)) edges.push(edge);
  }
  return { generation, clock, edges, result: report.done() };
}

function readChunk(key: string, text: string | undefined, report: RestoreReport): EdgeState[] {
  const chunk = text === undefined ? { problem: 'missing (the checkpoint was written in part)' } : parseEntry(chunkSchema, text);
  if ('problem' in chunk) {
    report.skip(key, chunk.problem);
    return [];
  }
  const edges: EdgeState[] = [];
  chunk.value.edges.forEach((item, index) => {
    const edge = edgeSchema.safeParse(item);
    if (!edge.success) {
      report.skip(`${key}[${index}]`, schemaProblem(edge.error));
      return;
    }
    edges.push(edge.data);
    report.restoredOne();
  });
  return edges;
}
