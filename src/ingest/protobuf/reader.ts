/**
 * The protobuf wire-format reader every protobuf decoder of opsight uses (OTLP, Prometheus remote
 * write): varints, fixed-width numbers and length-delimited fields over a window of one buffer.
 * Every read is bounds-checked against the window and every failure is a WireError naming the
 * byte offset, so a truncated or corrupt body is reported, never half-decoded. Each byte is read
 * a bounded number of times, so decoding is linear in the input.
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
  readonly buf: Buffer;
  pos: number;
  /** High 32 bits of the last varint or fixed64 read (the low bits are what `varint64` or `fixed64Halves` returned). */
  private hi = 0;
  private readonly slices: SliceDecoders;
  /** Fixed-width reads: DataView's are compiled inline, Buffer's readXxxLE are not. */
  private readonly view: DataView;

  /** Reads `bytes[start, end)`; a Uint8Array is viewed as a Buffer, not copied. */
  constructor(bytes: Uint8Array, start = 0, readonly end = bytes.length) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.slices = this.buf as unknown as SliceDecoders;
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  private truncated(what: string, at: number): never {
    throw new WireError(`truncated: the body ends inside ${what}`, at);
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.end) this.truncated('a field', this.pos);
  }

  /**
   * A varint of up to 10 bytes (64 bits): returns its low 32 bits, unsigned, and leaves the high
   * 32 bits in `hi`. One-byte varints (most tags and lengths) take the first branch.
   */
  private varint64(): number {
    const { buf, end } = this;
    let pos = this.pos;
    let byte = pos < end ? (buf[pos++] as number) : this.truncated('a varint', pos);
    if (byte < 0x80) {
      this.pos = pos;
      this.hi = 0;
      return byte;
    }
    let lo = byte & 0x7f;
    for (let shift = 7; shift < 28; shift += 7) {
      byte = pos < end ? (buf[pos++] as number) : this.truncated('a varint', pos);
      lo |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = pos;
        this.hi = 0;
        return lo;
      }
    }
    // The fifth byte holds bits 28-34: the last four of the low word, the first three of the high.
    byte = pos < end ? (buf[pos++] as number) : this.truncated('a varint', pos);
    lo = (lo | ((byte & 0x7f) << 28)) >>> 0;
    let hi = (byte & 0x7f) >> 4;
    for (let shift = 3; byte >= 0x80; shift += 7) {
      byte = pos < end ? (buf[pos++] as number) : this.truncated('a varint', pos);
      // The tenth byte holds bit 63 alone: anything more is a longer varint or a value past 64 bits.
      if (shift === 31 && byte > 1) throw new WireError('corrupt: a varint is longer than 10 bytes or over 64 bits', pos - 1);
      hi |= (byte & 0x7f) << shift;
    }
    this.pos = pos;
    this.hi = hi >>> 0;
    return lo;
  }

  /** A field key (field number << 3 | wire type); field 0 and keys past 32 bits are refused. */
  tag(): number {
    const at = this.pos;
    const tag = this.varint64();
    if (tag < 8 || this.hi !== 0) throw new WireError(`corrupt: invalid field tag ${this.hi * TWO_32 + tag}`, at);
    return tag;
  }

  /** A uint32, enum or bool varint: the low 32 bits, unsigned (a longer value is truncated, as protobuf does). */
  uint32(): number {
    return this.varint64();
  }

  /** A zigzag sint32. */
  sint32(): number {
    const n = this.varint64();
    return (n >>> 1) ^ -(n & 1);
  }

  /** A uint64 varint as a number (exact up to 2^53, rounded to the nearest double past it). */
  uint64(): number {
    const lo = this.varint64();
    return this.hi * TWO_32 + lo;
  }

  /** An int64 varint as a number, negative values included (exact within ±2^53, rounded past it). */
  int64(): number {
    const lo = this.varint64();
    return (this.hi | 0) * TWO_32 + lo;
  }

  /** An int64 varint: a number when exact, else its decimal string. */
  int64Exact(): number | string {
    const lo = this.varint64();
    const hi = this.hi;
    if (hi < 0x200000) return hi * TWO_32 + lo;
    const value = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }

  /** Reads 8 bytes as two little-endian halves: returns the low 32 bits and leaves the high ones in `hi`. */
  private fixed64Halves(signedHigh: boolean): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    this.hi = signedHigh ? this.view.getInt32(this.pos + 4, true) : this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return lo;
  }

  /** A fixed64 as a number (exact up to 2^53). */
  fixed64(): number {
    const lo = this.fixed64Halves(false);
    return this.hi * TWO_32 + lo;
  }

  /** A fixed64 of Unix nanoseconds as whole milliseconds, exactly (2^32 = 4294·10^6 + 967296). */
  fixed64Ms(): number {
    const lo = this.fixed64Halves(false);
    return this.hi * 4294 + Math.floor((this.hi * 967296 + lo) / 1e6);
  }

  /** Whether the 8 bytes at the cursor are exactly `high:low`, read as two little-endian halves (to tell NaN payloads apart); does not move. */
  fixed64Is(high: number, low: number): boolean {
    this.need(8);
    return this.view.getUint32(this.pos, true) === low && this.view.getUint32(this.pos + 4, true) === high;
  }

  /** An sfixed64 as a number (exact within ±2^53). */
  sfixed64(): number {
    const lo = this.fixed64Halves(true);
    return this.hi * TWO_32 + lo;
  }

  double(): number {
    this.need(8);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** Reads a length prefix and returns where the field ends, checked against the window. */
  lengthEnd(): number {
    const length = this.varint64();
    if (this.hi !== 0 || this.pos + length > this.end) {
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

  /**
   * The text from the cursor to `end` (a `lengthEnd()`, so the length can be checked first), for
   * short strings that repeat in every request (label names and values): ASCII comes from an
   * interning table, so the hot path allocates nothing. Bad UTF-8 sequences become U+FFFD.
   */
  internedText(end: number): string {
    const text = asciiOrUtf8(this.buf, this.pos, end);
    this.pos = end;
    return text;
  }

  /** A bytes field as lowercase hex (trace and span ids). */
  hex(): string {
    const end = this.lengthEnd();
    const text = this.slices.hexSlice(this.pos, end);
    this.pos = end;
    return text;
  }

  /** A bytes field, copied out of the body. */
  bytes(): Uint8Array {
    const end = this.lengthEnd();
    const copy = Uint8Array.prototype.slice.call(this.buf, this.pos, end);
    this.pos = end;
    return copy;
  }

  /** Skips a field of an unused number, so newer senders' extra fields do no harm; groups (deprecated) are refused. */
  skip(wireType: number): void {
    if (wireType === WireType.varint) this.varint64();
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

const utf8 = new TextDecoder('utf-8');

// An interning table returns the string already built for the same ASCII bytes. A slot holds its last string.
const TABLE_BITS = 16;
const table: (string | undefined)[] = new Array<string | undefined>(1 << TABLE_BITS).fill(undefined);
const MAX_INTERNED = 64;

function asciiOrUtf8(buf: Buffer, start: number, end: number): string {
  const length = end - start;
  if (length > MAX_INTERNED) return utf8.decode(buf.subarray(start, end));
  let hash = 2166136261 ^ length;
  let high = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i] as number;
    high |= byte;
    hash = Math.imul(hash ^ byte, 16777619);
  }
  if (high >= 0x80) return utf8.decode(buf.subarray(start, end));
  const slot = hash >>> (32 - TABLE_BITS);
  const cached = table[slot];
  if (cached !== undefined && cached.length === length && sameAscii(cached, buf, start)) return cached;
  const text = String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  table[slot] = text;
  return text;
}

function sameAscii(text: string, buf: Buffer, start: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}
