/**
 * The wire reader and writer against protobufjs, a reference implementation: random messages of
 * every wire type opsight reads (64-bit boundaries, negative int64, packed and unpacked repeated
 * fields, nesting, multi-byte UTF-8) are encoded by one and decoded by the other, both ways, and
 * every truncation of them that cuts a field must fail.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { WireError, WireReader, readRepeated } from './reader.js';
import { WireWriter } from './writer.js';

const SCHEMA = `
syntax = "proto3";
message Everything {
  int32 i32 = 1;
  int64 i64 = 2;
  uint32 u32 = 3;
  uint64 u64 = 4;
  sint32 s32 = 5;
  bool flag = 6;
  fixed64 f64 = 7;
  sfixed64 sf64 = 8;
  double d = 9;
  string s = 10;
  bytes b = 11;
  Everything child = 12;
  repeated uint64 packed_u64 = 13;
  repeated fixed64 packed_f64 = 14;
  repeated double packed_d = 15;
  repeated int64 packed_i64 = 16;
  repeated uint64 unpacked_u64 = 17 [packed = false];
  repeated fixed64 unpacked_f64 = 18 [packed = false];
  repeated double unpacked_d = 19 [packed = false];
  repeated string names = 20;
  fixed32 f32 = 21;
  float fl = 22;
}
message Known {
  int64 i64 = 2;
  string s = 10;
  Known child = 12;
}`;

// resolveAll applies proto3's defaults (packed repeated numbers) and the field options.
const root = protobuf.parse(SCHEMA).root.resolveAll();
const EverythingType = root.lookupType('Everything');
const KnownType = root.lookupType('Known');
const TO_OBJECT = { longs: String, bytes: Array } as const;

/** A message as test input: 64-bit integers as bigints, so every value is exact. */
interface Everything {
  i32?: number; i64?: bigint; u32?: number; u64?: bigint; s32?: number; flag?: boolean; f64?: bigint; sf64?: bigint; d?: number;
  s?: string; b?: number[]; child?: Everything;
  packedU64?: bigint[]; packedF64?: bigint[]; packedD?: number[]; packedI64?: bigint[];
  unpackedU64?: bigint[]; unpackedF64?: bigint[]; unpackedD?: number[]; names?: string[];
  /** Written by protobufjs only: fields the reader here does not know, to be skipped (wire types i32). */
  f32?: number; fl?: number;
}

const U64 = [0n, 1n, 127n, 128n, 16383n, 16384n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n,
  2n ** 56n - 1n, 2n ** 56n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 2n, 2n ** 64n - 1n];
const I64 = [0n, 1n, -1n, -2n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 32n, -(2n ** 32n), 2n ** 53n - 1n, -(2n ** 53n - 1n), 2n ** 53n + 1n, -(2n ** 53n + 1n),
  2n ** 63n - 1n, -(2n ** 63n)];
const I32 = [0, 1, -1, 127, 128, 2 ** 31 - 1, -(2 ** 31)];
const U32 = [0, 1, 127, 128, 2 ** 31, 2 ** 32 - 1];
const DOUBLES = [0, -0, 1.5, -3.25, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, 2 ** 53 + 2];
const TEXTS = ['', 'up', 'é', 'Zürich — 東京', '🙂', 'x'.repeat(127), 'é'.repeat(64), 'label_value_'.repeat(30)];

/** A small deterministic generator (xorshift32), so a failure can be replayed. */
function generator(seed: number) {
  let state = seed;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const int = (below: number): number => Math.floor(next() * below);
  const pick = <T>(values: readonly T[]): T => values[int(values.length)] as T;
  const chance = (p: number): boolean => next() < p;
  const random64 = (): bigint => (BigInt(int(2 ** 32)) << 32n) | BigInt(int(2 ** 32));
  const u64 = (): bigint => (chance(0.6) ? pick(U64) : random64());
  const i64 = (): bigint => (chance(0.6) ? pick(I64) : BigInt.asIntN(64, random64()));
  const list = <T>(one: () => T): T[] => Array.from({ length: int(5) }, one);
  const message = (depth: number): Everything => {
    const m: Everything = {};
    if (chance(0.5)) m.i32 = chance(0.7) ? pick(I32) : int(2 ** 32) - 2 ** 31;
    if (chance(0.5)) m.i64 = i64();
    if (chance(0.5)) m.u32 = chance(0.7) ? pick(U32) : int(2 ** 32);
    if (chance(0.5)) m.u64 = u64();
    if (chance(0.5)) m.s32 = chance(0.7) ? pick(I32) : int(2 ** 32) - 2 ** 31;
    if (chance(0.3)) m.flag = chance(0.5);
    if (chance(0.5)) m.f64 = u64();
    if (chance(0.5)) m.sf64 = i64();
    if (chance(0.5)) m.d = chance(0.7) ? pick(DOUBLES) : (next() - 0.5) * 1e6;
    if (chance(0.5)) m.s = pick(TEXTS);
    if (chance(0.3)) m.b = Array.from({ length: pick([0, 1, 8, 16, 200]) }, () => int(256));
    if (depth < 3 && chance(0.4)) m.child = message(depth + 1);
    if (chance(0.4)) m.packedU64 = list(u64);
    if (chance(0.4)) m.packedF64 = list(u64);
    if (chance(0.4)) m.packedD = list(() => pick(DOUBLES));
    if (chance(0.4)) m.packedI64 = list(i64);
    if (chance(0.4)) m.unpackedU64 = list(u64);
    if (chance(0.4)) m.unpackedF64 = list(u64);
    if (chance(0.4)) m.unpackedD = list(() => pick(DOUBLES));
    if (chance(0.4)) m.names = list(() => pick(TEXTS));
    if (chance(0.3)) m.f32 = int(2 ** 32);
    if (chance(0.3)) m.fl = pick([0, 1.5, -2.25]);
    return m;
  };
  return { message };
}

const MESSAGES = Array.from({ length: 300 }, (_, i) => generator(i + 1).message(0));

// --- The message as protobufjs's toObject({ longs: String, bytes: Array }) shows it ---------------

type Plain = Record<string, unknown>;

/** Keys and values as protobufjs's toObject gives them: longs as decimal strings, repeated fields only when not empty. */
function asPlain(m: Everything, withUnknown: boolean): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(m)) {
    if (!withUnknown && (key === 'f32' || key === 'fl')) continue;
    if (key === 'child') out[key] = asPlain(value as Everything, withUnknown);
    else if (typeof value === 'bigint') out[key] = value.toString();
    else if (Array.isArray(value) && key !== 'b') {
      if (value.length > 0) out[key] = value.map((v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    } else out[key] = value;
  }
  return out;
}

function encodeWithProtobufjs(m: Everything): Uint8Array {
  return EverythingType.encode(EverythingType.fromObject(asPlain(m, true))).finish();
}

function decodeWithProtobufjs(bytes: Uint8Array, type = EverythingType): Plain {
  return type.toObject(type.decode(bytes), TO_OBJECT);
}

// --- The same message through our reader and writer -------------------------------------------

const NUMBER_LISTS = new Set(['packedU64', 'unpackedU64', 'packedF64', 'unpackedF64', 'packedI64']);

/** What our reader gives for a message: 64-bit values as numbers (int64 as an exact string past 2^53). */
function expectedOfOurs(plain: Plain): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(plain)) {
    if (key === 'f32' || key === 'fl') continue;
    if (key === 'child') out[key] = expectedOfOurs(value as Plain);
    else if (key === 'i64') out[key] = Number.isSafeInteger(Number(value)) ? Number(value) : value;
    else if (key === 'u64' || key === 'f64' || key === 'sf64') out[key] = Number(value);
    else if (NUMBER_LISTS.has(key)) out[key] = (value as string[]).map(Number);
    else out[key] = value;
  }
  return out;
}

const push = (out: Plain, key: string, value: unknown): void => {
  ((out[key] ??= []) as unknown[]).push(value);
};

/** Our reader over Everything; fields it does not know (21, 22) are skipped. */
function readEverything(r: WireReader, end: number): Plain {
  const out: Plain = {};
  while (r.pos < end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: out.i32 = r.uint32() | 0; break;
      case 2: out.i64 = r.int64Exact(); break;
      case 3: out.u32 = r.uint32(); break;
      case 4: out.u64 = r.uint64(); break;
      case 5: out.s32 = r.sint32(); break;
      case 6: out.flag = r.uint32() !== 0; break;
      case 7: out.f64 = r.fixed64(); break;
      case 8: out.sf64 = r.sfixed64(); break;
      case 9: out.d = r.double(); break;
      case 10: out.s = r.string('s'); break;
      case 11: out.b = [...r.bytes()]; break;
      case 12: {
        const childEnd = r.lengthEnd();
        out.child = readEverything(r, childEnd);
        r.endMessage(childEnd, 'child');
        break;
      }
      case 13: case 17: readRepeated(r, wire, (out[tag >>> 3 === 13 ? 'packedU64' : 'unpackedU64'] ??= []) as number[], () => r.uint64()); break;
      case 14: case 18: readRepeated(r, wire, (out[tag >>> 3 === 14 ? 'packedF64' : 'unpackedF64'] ??= []) as number[], () => r.fixed64()); break;
      case 15: case 19: readRepeated(r, wire, (out[tag >>> 3 === 15 ? 'packedD' : 'unpackedD'] ??= []) as number[], () => r.double()); break;
      case 16: readRepeated(r, wire, (out.packedI64 ??= []) as number[], () => r.int64()); break;
      case 20: push(out, 'names', r.string('names')); break;
      default: r.skip(wire);
    }
  }
  return out;
}

/** Our reader over Known: everything else in an Everything is an unknown field to skip. */
function readKnown(r: WireReader, end: number): Plain {
  const out: Plain = {};
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 16) out.i64 = r.int64Exact();
    else if (tag === 82) out.s = r.string('s');
    else if (tag === 98) {
      const childEnd = r.lengthEnd();
      out.child = readKnown(r, childEnd);
      r.endMessage(childEnd, 'child');
    } else r.skip(tag & 7);
  }
  return out;
}

const decodeWithOurs = (bytes: Uint8Array, read = readEverything): Plain => {
  const r = new WireReader(bytes);
  return read(r, r.end);
};

/** Our writer over Everything, packed fields packed and the rest one field per value. */
function writeEverything(w: WireWriter, m: Everything): void {
  if (m.i32 !== undefined) w.varint(1, m.i32);
  if (m.i64 !== undefined) w.varint(2, m.i64);
  if (m.u32 !== undefined) w.varint(3, m.u32);
  if (m.u64 !== undefined) w.varint(4, m.u64);
  if (m.s32 !== undefined) w.sint32(5, m.s32);
  if (m.flag !== undefined) w.varint(6, m.flag ? 1 : 0);
  if (m.f64 !== undefined) w.fixed64(7, m.f64);
  if (m.sf64 !== undefined) w.fixed64(8, m.sf64);
  if (m.d !== undefined) w.double(9, m.d);
  if (m.s !== undefined) w.string(10, m.s);
  if (m.b !== undefined) w.bytes(11, Uint8Array.from(m.b));
  const { child } = m;
  if (child !== undefined) w.message(12, (inner) => writeEverything(inner, child));
  w.packed(13, m.packedU64 ?? [], (p, v) => p.rawVarint(v)).packed(14, m.packedF64 ?? [], (p, v) => p.rawFixed64(v));
  w.packed(15, m.packedD ?? [], (p, v) => p.rawDouble(v)).packed(16, m.packedI64 ?? [], (p, v) => p.rawVarint(v));
  for (const v of m.unpackedU64 ?? []) w.varint(17, v);
  for (const v of m.unpackedF64 ?? []) w.fixed64(18, v);
  for (const v of m.unpackedD ?? []) w.double(19, v);
  for (const v of m.names ?? []) w.string(20, v);
}

function encodeWithOurs(m: Everything): Buffer {
  const w = new WireWriter();
  writeEverything(w, m);
  return w.finish();
}

/** The message without the fields writeEverything does not write. */
function withoutUnknown(m: Everything): Everything {
  const written: Everything = { ...m };
  delete written.f32;
  delete written.fl;
  if (m.child !== undefined) written.child = withoutUnknown(m.child);
  return written;
}

/** Only what Known has of a message. */
function knownOf(plain: Plain): Plain {
  const out: Plain = {};
  if ('i64' in plain) out.i64 = plain.i64;
  if ('s' in plain) out.s = plain.s;
  if (plain.child !== undefined) out.child = knownOf(plain.child as Plain);
  return out;
}

describe('wire reader and writer against protobufjs', () => {
  it('reads what protobufjs writes: every scalar type, 64-bit boundaries, packed and unpacked, unknown fields skipped', () => {
    for (const [index, m] of MESSAGES.entries()) {
      const bytes = encodeWithProtobufjs(m);
      assert.deepEqual(decodeWithOurs(bytes), expectedOfOurs(asPlain(m, false)), `message ${index}`);
    }
  });

  it('writes what protobufjs reads back exactly', () => {
    for (const [index, m] of MESSAGES.entries()) {
      assert.deepEqual(decodeWithProtobufjs(encodeWithOurs(m)), asPlain(m, false), `message ${index}`);
    }
  });

  it('writes the bytes protobufjs writes, packed fields included', () => {
    // protobufjs writes fields in field-number order, as writeEverything does.
    for (const [index, m] of MESSAGES.entries()) {
      const written = withoutUnknown(m);
      assert.deepEqual(encodeWithOurs(written), Buffer.from(encodeWithProtobufjs(written)), `message ${index}`);
    }
  });

  it('skips what a narrower schema does not know, as protobufjs does', () => {
    for (const [index, m] of MESSAGES.entries()) {
      const bytes = encodeWithProtobufjs(m);
      const theirs = decodeWithProtobufjs(bytes, KnownType);
      assert.deepEqual(decodeWithOurs(bytes, readKnown), knownOf(expectedOfOurs(theirs)), `message ${index}`);
    }
  });

  it('fails with a WireError on every truncation, and reads each whole-field prefix as protobufjs does', () => {
    for (const [index, m] of MESSAGES.slice(0, 60).entries()) {
      const bytes = encodeWithProtobufjs(m);
      // Where the top-level fields end, found by protobufjs's own reader.
      const boundaries = new Set([0]);
      for (const reader = protobuf.Reader.create(bytes); reader.pos < reader.len; boundaries.add(reader.pos)) reader.skipType(reader.uint32() & 7);
      for (let length = 0; length < bytes.length; length++) {
        const prefix = bytes.subarray(0, length);
        if (boundaries.has(length)) assert.deepEqual(decodeWithOurs(prefix), expectedOfOurs(decodeWithProtobufjs(prefix)), `message ${index}, ${length} bytes`);
        else assert.throws(() => decodeWithOurs(prefix), WireError, `message ${index}, ${length} bytes`);
      }
    }
  });
});
