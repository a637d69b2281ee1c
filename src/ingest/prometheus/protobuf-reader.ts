/**
 * A minimal reader of the protobuf wire format (varints, fixed64, length-delimited fields) over one
 * byte array, bounds-checked: reading past the end throws a DecodeProblem instead of returning junk.
 */

/** Wire types of the protobuf encoding. */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** What is wrong with the bytes, and where (byte offset). */
export class DecodeProblem extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'DecodeProblem';
  }
}

const TWO_32 = 4294967296;

export class ProtoReader {
  private readonly view: DataView;
  pos: number;

  constructor(readonly buf: Uint8Array, start = 0, readonly end = buf.length) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
  }

  /** An unsigned varint as a number (exact up to 2^53; int64 negatives come back below zero). */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let byte = pos < this.end ? (buf[pos++] as number) : this.truncated();
    if (byte < 0x80) {
      this.pos = pos;
      return byte;
    }
    let low = byte & 0x7f;
    for (let shift = 7; shift < 28; shift += 7) {
      byte = pos < this.end ? (buf[pos++] as number) : this.truncated();
      low |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = pos;
        return low;
      }
    }
    // Past 28 bits the value no longer fits a 32-bit int: carry on in floating point.
    let value = low >>> 0;
    let scale = 268435456;
    for (let i = 4; i < 9; i++) {
      byte = pos < this.end ? (buf[pos++] as number) : this.truncated();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.pos = pos;
        return value;
      }
      scale *= 128;
    }
    return this.negativeVarint(pos);
  }

  /** A ten-byte varint: an int64 below zero (two's complement), decoded exactly with BigInt; rare. */
  private negativeVarint(pos: number): number {
    const last = pos < this.end ? (this.buf[pos] as number) : this.truncated();
    if (last > 1) throw new DecodeProblem('varint longer than 10 bytes or over 64 bits', pos);
    let big = 0n;
    for (let i = 9; i >= 0; i--) big = (big << 7n) | BigInt((this.buf[this.pos + i] as number) & 0x7f);
    this.pos = pos + 1;
    return Number(BigInt.asIntN(64, big));
  }

  /** Reads a field key; returns field number * 8 + wire type, the raw tag. */
  tag(): number {
    const tag = this.varint();
    if (tag < 8 || tag >= TWO_32) throw new DecodeProblem(`invalid field key ${tag}`, this.pos);
    return tag;
  }

  /** A little-endian IEEE double. */
  double(): number {
    if (this.pos + 8 > this.end) this.truncated();
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** Whether the 8 bytes at the cursor hold exactly `high:low` (to tell NaN payloads apart). */
  fixed64Is(high: number, low: number): boolean {
    if (this.pos + 8 > this.end) this.truncated();
    return this.view.getUint32(this.pos, true) === low && this.view.getUint32(this.pos + 4, true) === high;
  }

  /** Reads a length prefix and returns where the delimited bytes end, checked against our end. */
  delimited(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (length < 0 || end > this.end) throw new DecodeProblem(`length ${length} runs past the end of the message`, this.pos);
    return end;
  }

  /** UTF-8 text of the delimited field at the cursor. */
  string(): string {
    return this.textTo(this.delimited());
  }

  /** UTF-8 text from the cursor to `end`, the end `delimited()` returned (so its length can be checked first). */
  textTo(end: number): string {
    const text = asciiOrUtf8(this.buf, this.pos, end);
    this.pos = end;
    return text;
  }

  /** Skips a field of an unknown number, so newer senders' extra fields do no harm. */
  skip(wireType: number): void {
    if (wireType === WireType.varint) this.varint();
    else if (wireType === WireType.fixed64) this.advance(8);
    else if (wireType === WireType.bytes) this.pos = this.delimited();
    else if (wireType === WireType.fixed32) this.advance(4);
    else throw new DecodeProblem(`unsupported wire type ${wireType}`, this.pos);
  }

  private advance(bytes: number): void {
    if (this.pos + bytes > this.end) this.truncated();
    this.pos += bytes;
  }

  private truncated(): never {
    throw new DecodeProblem('message is truncated', this.pos);
  }
}

const utf8 = new TextDecoder('utf-8');

// Label names and values repeat in every request: an interning table returns the string already
// built for the same ASCII bytes, so the hot path allocates nothing. A slot holds its last string.
const TABLE_BITS = 16;
const table: (string | undefined)[] = new Array<string | undefined>(1 << TABLE_BITS).fill(undefined);
const MAX_INTERNED = 64;

function asciiOrUtf8(buf: Uint8Array, start: number, end: number): string {
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
  const slot = (hash >>> (32 - TABLE_BITS));
  const cached = table[slot];
  if (cached !== undefined && cached.length === length && sameAscii(cached, buf, start)) return cached;
  const text = String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  table[slot] = text;
  return text;
}

function sameAscii(text: string, buf: Uint8Array, start: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}
