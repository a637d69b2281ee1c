/**
 * Structural JSON mutations: a seed is parsed, one node is replaced (deep nesting, huge arrays and
 * strings, wrong types, odd unicode and numbers, duplicate or unknown keys) and it is written back
 * with a serializer that also emits text JSON.stringify cannot (duplicate keys, 1e400, lone surrogates).
 */
import type { Rng } from './prng.js';

/** JSON text emitted verbatim by `toJson`. */
export class RawJson {
  constructor(readonly text: string) {}
}

type Json = unknown;
type Path = (string | number)[];

/** A mutation of one node; `budget` is how many bytes it may add. */
export interface JsonMutation {
  name: string;
  applies(node: Json): boolean;
  apply(node: Json, rng: Rng, budget: number): Json;
}

export function toJson(value: Json): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') return objectText(Object.entries(value));
  return JSON.stringify(value) ?? 'null';
}

function objectText(entries: readonly [string, Json][]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${toJson(value)}`).join(',')}}`;
}

const isObject = (node: Json): node is Record<string, Json> => node !== null && typeof node === 'object' && !Array.isArray(node) && !(node instanceof RawJson);
const always = (): boolean => true;

/** Values of every JSON type, and texts that are legal JSON but hostile to parsers and validators. */
const TYPED: readonly Json[] = [0, -1, 1.5, true, false, null, '', 'x', {}, [], [1, 'a'], { a: 1 }];
const NUMBERS = ['1e400', '-1e400', '1e-400', '-0', '123456789012345678901234567890', '9007199254740993', '0e0', '1E+2', '-9223372036854775809'];
const UNICODE = ['\\ud800', '\\udfff\\ud800', '\\u0000', '\u202eevil', 'a\u0301\u0301\u0301', '\ufeffbom', '\u{1F600}', '\\uffff', '\uff21', '\u0085\u2028\u2029'];
/** A fresh copy: a shared constant placed in the tree could be mutated later, or end up inside itself. */
function typed(rng: Rng, keep: (value: Json) => boolean = always): Json {
  return structuredClone(rng.pick(TYPED.filter(keep)));
}

const KEYS = ['__proto__', 'constructor', 'prototype', '', 'toString', 'hasOwnProperty', '\u0000', 'a'.repeat(1000)];

function deepNesting(node: Json, rng: Rng, budget: number): Json {
  const [open, close] = rng.pick([['[', ']'], ['{"a":', '}']] as const);
  const depth = rng.size(Math.max(1, Math.floor(budget / (open.length + close.length))));
  return new RawJson(`${open.repeat(depth)}${toJson(node)}${close.repeat(depth)}`);
}

function hugeArray(node: Json, rng: Rng, budget: number): Json {
  const item = rng.pick(['0', 'null', '{}', '""', '[]', toJson(node)]);
  const count = rng.size(Math.max(1, Math.floor(budget / (item.length + 1))));
  return new RawJson(`[${Array.from({ length: count }, () => item).join(',')}]`);
}

function hugeString(_node: Json, rng: Rng, budget: number): Json {
  const unit = rng.pick(['A', 'é', '€', '\u{1F600}', '\\u0000', '\\"', '\\\\', ' ']);
  return new RawJson(`"${unit.repeat(rng.size(Math.max(1, Math.floor(budget / Buffer.byteLength(unit)))))}"`);
}

function withExtraKey(node: Record<string, Json>, key: string, value: Json): RawJson {
  const entries = Object.entries(node);
  return new RawJson(`${objectText(entries).slice(0, -1)}${entries.length > 0 ? ',' : ''}${JSON.stringify(key)}:${toJson(value)}}`);
}

const mutations: readonly JsonMutation[] = [
  { name: 'deep-nesting', applies: always, apply: deepNesting },
  { name: 'huge-array', applies: always, apply: hugeArray },
  { name: 'huge-string', applies: always, apply: hugeString },
  { name: 'wrong-type', applies: always, apply: (node, rng) => typed(rng, (value) => typeof value !== typeof node) },
  { name: 'unicode', applies: always, apply: (_node, rng) => new RawJson(`"${rng.pick(UNICODE)}"`) },
  { name: 'odd-number', applies: always, apply: (_node, rng) => new RawJson(rng.pick(NUMBERS)) },
  { name: 'number-as-string', applies: (node) => typeof node === 'number', apply: (node) => String(node) },
  { name: 'string-as-number', applies: (node) => typeof node === 'string', apply: (node) => Number(node) || 1 },
  { name: 'duplicate-key', applies: (node) => isObject(node) && Object.keys(node).length > 0,
    apply: (node, rng) => withExtraKey(node as Record<string, Json>, rng.pick(Object.keys(node as object)), typed(rng)) },
  { name: 'unknown-key', applies: isObject, apply: (node, rng) => withExtraKey(node as Record<string, Json>, rng.pick(KEYS), typed(rng)) },
  { name: 'drop-key', applies: (node) => isObject(node) && Object.keys(node).length > 0, apply: (node, rng) => {
    const drop = rng.pick(Object.keys(node as object));
    return Object.fromEntries(Object.entries(node as object).filter(([key]) => key !== drop));
  } },
];

function paths(node: Json, at: Path, out: Path[]): Path[] {
  out.push(at);
  if (Array.isArray(node)) node.forEach((child, i) => paths(child, [...at, i], out));
  else if (isObject(node)) for (const [key, child] of Object.entries(node)) paths(child, [...at, key], out);
  return out;
}

function getAt(root: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string | number, Json>)[key] : undefined), root);
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1] as string | number] = value;
  return root;
}

/** A node and a mutation that applies to it; the `extra` (protocol-specific) ones get a fixed share, however rare their nodes are. */
function pickMutation(root: Json, rng: Rng, extra: readonly JsonMutation[], all: readonly JsonMutation[]): [Path, JsonMutation] {
  const candidates = paths(root, [], []);
  if (extra.length > 0 && rng.chance(0.15)) {
    const mutation = rng.pick(extra);
    const fitting = candidates.filter((path) => mutation.applies(getAt(root, path)));
    if (fitting.length > 0) return [rng.pick(fitting), mutation];
  }
  const path = rng.pick(candidates);
  const node = getAt(root, path);
  return [path, rng.pick(all.filter((m) => m.applies(node)))];
}

/** Replaces one to three random nodes of `seed` (valid JSON) using the generic and the `extra` mutations. */
export function mutateJson(seed: Uint8Array, rng: Rng, maxBytes: number, steps: string[], extra: readonly JsonMutation[] = []): Uint8Array {
  let root = JSON.parse(Buffer.from(seed).toString('utf8')) as Json;
  const all = [...mutations, ...extra];
  for (let n = rng.size(3); n > 0; n--) {
    const [path, mutation] = pickMutation(root, rng, extra, all);
    const node = getAt(root, path);
    const budget = Math.max(1, maxBytes - Buffer.byteLength(toJson(root)));
    root = setAt(root, path, mutation.apply(node, rng, budget));
    steps.push(`json:${mutation.name}@${path.join('.') || '$'}`);
  }
  return Buffer.from(toJson(root), 'utf8');
}
