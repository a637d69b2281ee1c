/**
 * A protobuf wire-format reader over one Buffer: varints, fixed-width numbers, length-delimited
 * fields. Every read is bounds-checked and every failure is a WireError naming the byte offset,
 * so a truncated or corrupt body is reported, never half-decoded. Strings must be valid UTF-8.
 */
import { isUtf8 } from 'node:buffer';

export class WireError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'WireError';
  }
}

/** Wire types from the protobuf encoding spec. */
export const WireType = { varint: 0, i64: 1, len: 2, sgroup: 3, egroup: 4, i32: 5 } as const;

const TWO_32 = 4294967296;

/**
 * Buffer's own slice decoders: what `toString(encoding, start, end)` calls after its argument
 * checks. Calling them directly matters at millions of short strings per second; bounds are
 * already checked by lengthEnd.
 */
interface SliceDecoders {
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
}

export class WireReader {
  pos = 0;
  /** High 32 bits of the last varint read (the low bits are its return value). */
  private hi = 0;

  private readonly slices: SliceDecoders;

  constructor(readonly buf: Buffer) {
    this.slices = buf as unknown as SliceDecoders;
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.buf.length) throw new WireError('truncated: the body ends inside a field', this.pos);
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new WireError('truncated: the body ends inside a varint', this.pos);
    return this.buf[this.pos++] as number;
  }

  /** The low 32 bits of a varint of up to 10 bytes, unsigned; the high bits go to `hi`. */
  varint(): number {
    let lo = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.byte();
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) { this.hi = 0; return lo >>> 0; }
    }
    let b = this.byte();
    lo |= (b & 0x7f) << 28;
    let hi = (b & 0x7f) >> 4;
    if (b < 0x80) { this.hi = hi; return lo >>> 0; }
    for (let shift = 3; shift < 32; shift += 7) {
      b = this.byte();
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) { this.hi = hi >>> 0; return lo >>> 0; }
    }
    throw new WireError('corrupt: a varint is longer than 10 bytes', this.pos);
  }

  /** A signed int32 (zigzag, as sint32). */
  sint32(): number {
    const n = this.varint();
    return (n >>> 1) ^ -(n & 1);
  }

  /** An int64 varint: a number when exact, else its decimal string. */
  int64(): number | string {
    const lo = this.varint();
    const hi = this.hi;
    if (hi < 0x200000) return hi * TWO_32 + lo;
    const value = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }

  /** A uint64 varint as a number (counts: exact up to 2^53). */
  uint64(): number {
    const lo = this.varint();
    return this.hi * TWO_32 + lo;
  }

  fixed32(): number {
    this.need(4);
    const value = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  /** A fixed64 as a number (counts: exact up to 2^53). */
  fixed64(): number {
    this.need(8);
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    return hi * TWO_32 + lo;
  }

  /** A fixed64 of Unix nanoseconds as whole milliseconds, exactly (2^32 = 4294·10^6 + 967296). */
  fixed64Ms(): number {
    this.need(8);
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    return hi * 4294 + Math.floor((hi * 967296 + lo) / 1e6);
  }

  /** An sfixed64 as a number (metric values: doubles downstream anyway). */
  sfixed64(): number {
    this.need(8);
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readInt32LE(this.pos + 4);
    this.pos += 8;
    return hi * TWO_32 + lo;
  }

  double(): number {
    this.need(8);
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Reads a length prefix and returns where the field ends. */
  lengthEnd(): number {
    const length = this.varint();
    if (this.hi !== 0 || this.pos + length > this.buf.length) {
      throw new WireError('truncated: a length-delimited field runs past the end of the body', this.pos);
    }
    return this.pos + length;
  }

  /** A string field; `what` names it in the error when it is not valid UTF-8. */
  string(what: string): string {
    const end = this.lengthEnd();
    const start = this.pos;
    const text = this.slices.utf8Slice(start, end);
    this.pos = end;
    // utf8 decoding replaces bad sequences with U+FFFD; only then is the (rarer) full check needed.
    if (text.includes('\uFFFD') && !isUtf8(this.buf.subarray(start, end))) throw new WireError(`invalid UTF-8 in ${what}`, start);
    return text;
  }

  /** A bytes field as lowercase hex (trace and span ids). */
  hex(): string {
    const end = this.lengthEnd();
    const text = this.slices.hexSlice(this.pos, end);
    this.pos = end;
    return text;
  }

  bytes(): Uint8Array {
    const end = this.lengthEnd();
    const copy = Uint8Array.prototype.slice.call(this.buf, this.pos, end);
    this.pos = end;
    return copy;
  }

  /** Skips a field of an unused number; groups (deprecated) are refused. */
  skip(wireType: number): void {
    if (wireType === WireType.varint) this.varint();
    else if (wireType === WireType.i64) { this.need(8); this.pos += 8; }
    else if (wireType === WireType.len) this.pos = this.lengthEnd();
    else if (wireType === WireType.i32) { this.need(4); this.pos += 4; }
    else throw new WireError(`corrupt: unsupported wire type ${wireType}`, this.pos);
  }

  /** Checks that a nested message ended exactly where its length said. */
  endMessage(end: number, what: string): void {
    if (this.pos !== end) throw new WireError(`corrupt: ${what} overruns its length`, this.pos);
  }
}

/** Reads a packed or unpacked repeated numeric field into `into`. */
export function readRepeated(reader: WireReader, wireType: number, into: number[], one: () => number): void {
  if (wireType !== WireType.len) { into.push(one()); return; }
  const end = reader.lengthEnd();
  while (reader.pos < end) into.push(one());
  reader.endMessage(end, 'a packed field');
}
