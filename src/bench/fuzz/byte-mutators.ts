/** Format-blind mutations of a byte string (flips, inserts, deletes, duplicates, truncation, splicing), each kept within a size bound. */
import type { Rng } from './prng.js';

export interface ByteContext {
  /** No mutation makes its output longer than this. */
  maxBytes: number;
  /** Other valid inputs of the protocol, for splicing. */
  others: readonly Uint8Array[];
  /** Tokens meaningful to the format (`{`, `<13>`, ...), inserted whole. */
  dictionary: readonly Uint8Array[];
}

type ByteMutator = (data: Uint8Array, rng: Rng, context: ByteContext) => Uint8Array;

/** Values that sit on boundaries decoders branch on: sign bits, varint continuation, ASCII delimiters. */
const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x0a, 0x0d, 0x20, 0x22, 0x5c, 0x7b, 0x5b, 0x3c, 0xc0, 0xed, 0xfe];

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/** A range [start, end) of `data`, at most `limit` long. */
function range(data: Uint8Array, rng: Rng, limit = data.length): [number, number] {
  const start = rng.int(data.length + 1);
  return [start, Math.min(data.length, start + rng.size(Math.max(1, limit)))];
}

const mutators: Record<string, ByteMutator> = {
  flip(data, rng) {
    const out = Uint8Array.from(data);
    for (let n = rng.size(8); n > 0 && out.length > 0; n--) {
      const at = rng.int(out.length);
      out[at] = (out[at] as number) ^ (1 << rng.int(8));
    }
    return out;
  },
  interesting(data, rng) {
    const out = Uint8Array.from(data);
    if (out.length > 0) out[rng.int(out.length)] = rng.pick(INTERESTING);
    return out;
  },
  insert(data, rng, context) {
    const at = rng.int(data.length + 1);
    const room = Math.max(1, context.maxBytes - data.length);
    return concat([data.subarray(0, at), rng.bytes(rng.size(Math.min(room, 1024))), data.subarray(at)]);
  },
  delete(data, rng) {
    const [start, end] = range(data, rng);
    return concat([data.subarray(0, start), data.subarray(end)]);
  },
  duplicate(data, rng, context) {
    const [start, end] = range(data, rng, 256);
    const piece = data.subarray(start, end);
    const times = rng.size(Math.max(1, Math.floor((context.maxBytes - data.length) / Math.max(1, piece.length))));
    return concat([data.subarray(0, end), ...Array.from({ length: times }, () => piece), data.subarray(end)]);
  },
  truncate(data, rng) {
    return data.subarray(0, rng.int(data.length + 1));
  },
  splice(data, rng, context) {
    const other = context.others.length > 0 ? rng.pick(context.others) : data;
    return concat([data.subarray(0, rng.int(data.length + 1)), other.subarray(rng.int(other.length + 1))]);
  },
  token(data, rng, context) {
    if (context.dictionary.length === 0) return data;
    const at = rng.int(data.length + 1);
    return concat([data.subarray(0, at), rng.pick(context.dictionary), data.subarray(at)]);
  },
};

const names = Object.keys(mutators);

/** Applies one to four byte mutations, naming each in `steps`; the result never exceeds `maxBytes`. */
export function mutateBytes(data: Uint8Array, rng: Rng, context: ByteContext, steps: string[]): Uint8Array {
  let out = data;
  for (let n = rng.size(4); n > 0; n--) {
    const name = rng.pick(names);
    out = (mutators[name] as ByteMutator)(out, rng, context);
    steps.push(`bytes:${name}`);
  }
  return out.length > context.maxBytes ? out.subarray(0, context.maxBytes) : out;
}
