/**
 * Field-level protobuf mutations on a schema-less parse of a valid seed: wrong wire types, huge or
 * off-by-one length prefixes, a field repeated many times, extreme varints, unknown fields, deep
 * group and message nesting, and (for OTLP) an AnyValue nested thousands of levels deep.
 */
import type { Rng } from './prng.js';
import type { NestStep, WireField } from './proto-wire.js';
import { lenField, nest, parseMessage, tagOf, varint, writeField, writeMessage } from './proto-wire.js';

interface Slot {
  siblings: WireField[];
  index: number;
}

type ProtoMutation = (slot: Slot, rng: Rng, budget: number) => void;

const HUGE_LENGTHS = [0x7fffffffn, 0xffffffffn, 0x100000000n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];
const EXTREME_VARINTS = [Uint8Array.of(0), varint(-1n), varint(2n ** 63n), varint(2n ** 64n - 1n), Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), Uint8Array.of(0x80, 0x00)];

function slots(fields: WireField[], out: Slot[] = []): Slot[] {
  fields.forEach((field, index) => {
    out.push({ siblings: fields, index });
    if (field.children !== undefined) slots(field.children, out);
  });
  return out;
}

const at = (slot: Slot): WireField => slot.siblings[slot.index] as WireField;
const contentOf = (field: WireField): Uint8Array => (field.children === undefined ? field.value : writeMessage(field.children));

function valueFor(wire: number, rng: Rng): Uint8Array {
  if (wire === 0) return rng.pick(EXTREME_VARINTS);
  if (wire === 1) return rng.bytes(8);
  if (wire === 5) return rng.bytes(4);
  return Buffer.concat([varint(rng.int(8)), rng.bytes(rng.int(8))]);
}

/** An AnyValue `depth` levels deep, each level an array_value or a kvlist_value, around a string. */
export function deepAnyValue(depth: number, rng: Rng): Uint8Array {
  const steps: NestStep[] = [];
  for (let level = 0; level < depth; level++) {
    if (rng.chance(0.5)) steps.push({ field: 1 }, { field: 5 });
    else steps.push({ field: 2, before: lenField(1, Buffer.from('k')) }, { field: 1 }, { field: 6 });
  }
  return nest(lenField(1, Buffer.from('leaf')), steps);
}

const mutations: Record<string, ProtoMutation> = {
  'wrong-wire-type': (slot, rng) => {
    const field = at(slot);
    const wire = rng.pick([0, 1, 2, 5, 3, 4, 6, 7].filter((w) => w !== field.wire));
    slot.siblings[slot.index] = { field: field.field, wire, tag: tagOf(field.field, wire), value: new Uint8Array(0), raw: Buffer.concat([tagOf(field.field, wire), valueFor(wire, rng)]) };
  },
  'huge-length': (slot, rng) => {
    const field = at(slot);
    field.raw = Buffer.concat([tagOf(field.field, 2), varint(rng.pick(HUGE_LENGTHS)), contentOf(field)]);
  },
  'off-by-one-length': (slot, rng) => {
    const field = at(slot);
    const content = contentOf(field);
    field.raw = Buffer.concat([tagOf(field.field, 2), varint(Math.max(0, content.length + (rng.chance(0.5) ? 1 : -1))), content]);
  },
  'repeat-field': (slot, rng, budget) => {
    const bytes = writeField(at(slot));
    const times = rng.size(Math.max(1, Math.floor(budget / Math.max(1, bytes.length))));
    // One field holding every copy: later mutations and size checks stay cheap however many copies there are.
    at(slot).raw = Buffer.alloc((times + 1) * bytes.length, bytes);
  },
  'drop-field': (slot) => {
    slot.siblings.splice(slot.index, 1);
  },
  'extreme-varint': (slot, rng) => {
    const field = at(slot);
    field.raw = Buffer.concat([tagOf(field.field, 0), rng.pick(EXTREME_VARINTS)]);
  },
  'unknown-field': (slot, rng) => {
    const field = rng.pick([16, 99, 1000, 536870911, at(slot).field + 1]);
    const wire = rng.pick([0, 1, 2, 5]);
    slot.siblings.splice(slot.index, 0, { field, wire, tag: tagOf(field, wire), value: new Uint8Array(0), raw: Buffer.concat([tagOf(field, wire), valueFor(wire, rng)]) });
  },
  'deep-groups': (slot, rng, budget) => {
    const field = at(slot).field;
    const tag = tagOf(field, 3);
    at(slot).raw = Buffer.alloc(rng.size(Math.max(1, Math.floor(budget / tag.length))) * tag.length, tag);
  },
  'deep-messages': (slot, rng, budget) => {
    const field = at(slot);
    const depth = rng.size(Math.max(1, Math.floor(budget / 4)));
    field.raw = nest(writeField(field), Array.from({ length: depth }, () => ({ field: field.field })));
  },
};

const names = Object.keys(mutations);

/** How a target's seeds place AnyValues: the path (field numbers, first occurrence) to the message that gets a deep one as a KeyValue attribute. */
export interface AnyValueHost {
  path: readonly number[];
  attributesField: number;
}

function hostOf(fields: WireField[], path: readonly number[]): WireField[] | undefined {
  let current: WireField[] | undefined = fields;
  for (const number of path) current = current?.find((f) => f.field === number)?.children;
  return current;
}

function addDeepAnyValue(fields: WireField[], host: AnyValueHost, rng: Rng, budget: number): boolean {
  const target = hostOf(fields, host.path);
  if (target === undefined) return false;
  const value = deepAnyValue(rng.size(Math.max(1, Math.floor(budget / 9))), rng);
  const raw = lenField(host.attributesField, Buffer.concat([lenField(1, Buffer.from('deep')), lenField(2, value)]));
  target.push({ field: host.attributesField, wire: 2, tag: tagOf(host.attributesField, 2), value: new Uint8Array(0), raw });
  return true;
}

/** Applies one to three field mutations to `seed` (a valid message); bytes are returned unparsed when the seed does not parse. */
export function mutateProto(seed: Uint8Array, rng: Rng, maxBytes: number, steps: string[], host?: AnyValueHost): Uint8Array {
  const fields = parseMessage(seed);
  if (fields === undefined || fields.length === 0) return seed;
  for (let n = rng.size(3); n > 0; n--) {
    const budget = Math.max(1, maxBytes - writeMessage(fields).length);
    if (host !== undefined && rng.chance(0.15) && addDeepAnyValue(fields, host, rng, budget)) {
      steps.push('proto:deep-any-value');
      continue;
    }
    const all = slots(fields);
    if (all.length === 0) break;
    const slot = rng.pick(all);
    const name = rng.pick(names);
    steps.push(`proto:${name}@${at(slot).field}`);
    (mutations[name] as ProtoMutation)(slot, rng, budget);
  }
  return writeMessage(fields);
}
