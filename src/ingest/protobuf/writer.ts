/**
 * The protobuf wire-format writer of opsight, over one growable buffer: response bodies, and the
 * request bodies load generators and tests send (OTLP, Prometheus remote write). A nested message
 * is written in place by a callback: one byte is reserved for its length and the content is
 * shifted only when the length needs more. Decoding never uses it.
 */

/** Writes a nested message's fields. */
export type WriteFields = (writer: WireWriter) => void;

const TWO_32 = 4294967296;

const varintSize = (value: number): number => (value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5);

export class WireWriter {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  /**
   * A varint without a tag (for packed fields and hand-built bodies). Negative values and bigints
   * are written as 64-bit two's complement, the int64 encoding: ten bytes when negative.
   */
  rawVarint(value: number | bigint): this {
    this.room(10);
    this.putVarint(value);
    return this;
  }

  /** Writes a varint at the cursor, the room for it already made. */
  private putVarint(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) {
      let v = value;
      for (; v >= 0x80; v = Math.floor(v / 128)) this.buf[this.pos++] = (v % 128) | 0x80;
      this.buf[this.pos++] = v;
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    for (; v >= 0x80n; v >>= 7n) this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
    this.buf[this.pos++] = Number(v);
  }

  /** A fixed64 without a tag; numbers must be non-negative integers (exact up to 2^53), bigints any 64 bits. */
  rawFixed64(value: number | bigint): this {
    this.room(8);
    if (typeof value === 'bigint') this.buf.writeBigUInt64LE(BigInt.asUintN(64, value), this.pos);
    else {
      this.buf.writeUInt32LE(value % TWO_32, this.pos);
      this.buf.writeUInt32LE(Math.floor(value / TWO_32), this.pos + 4);
    }
    this.pos += 8;
    return this;
  }

  /** A little-endian double without a tag. */
  rawDouble(value: number): this {
    this.room(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
    return this;
  }

  /** A varint field: uint32, uint64, int64 (negatives take ten bytes), enum or bool. */
  varint(field: number, value: number | bigint): this {
    this.tag(field, 0);
    return this.rawVarint(value);
  }

  /** A zigzag sint32 field. */
  sint32(field: number, value: number): this {
    return this.varint(field, value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** A fixed64 field (see rawFixed64). */
  fixed64(field: number, value: number | bigint): this {
    this.tag(field, 1);
    return this.rawFixed64(value);
  }

  double(field: number, value: number): this {
    this.tag(field, 1);
    return this.rawDouble(value);
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.rawVarint(value.length);
    this.room(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
    return this;
  }

  string(field: number, value: string): this {
    const max = value.length * 3;
    if (max >= 0x80) return this.bytes(field, Buffer.from(value, 'utf8'));
    // At most 127 bytes of UTF-8: the length takes one byte, written once the text is.
    this.tag(field, 2);
    this.room(max + 1);
    const start = ++this.pos;
    this.pos += this.buf.write(value, start, 'utf8');
    this.buf[start - 1] = this.pos - start;
    return this;
  }

  /** A nested message, written in place by `write`, or copied from another writer. */
  message(field: number, write: WriteFields | WireWriter): this {
    if (write instanceof WireWriter) return this.bytes(field, write.finish());
    this.tag(field, 2);
    this.room(1);
    const start = ++this.pos;
    write(this);
    const length = this.pos - start;
    const extra = varintSize(length) - 1;
    if (extra > 0) {
      this.room(extra);
      this.buf.copyWithin(start + extra, start, this.pos);
      this.pos += extra;
    }
    // Into the bytes reserved above: growing the buffer here would copy only what is before the cursor.
    const end = this.pos;
    this.pos = start - 1;
    this.putVarint(length);
    this.pos = end;
    return this;
  }

  /** A packed repeated field of numbers (proto3's default encoding for them); nothing when `values` is empty. */
  packed<T>(field: number, values: readonly T[], writeOne: (writer: WireWriter, value: T) => void): this {
    if (values.length === 0) return this;
    return this.message(field, (packed) => { for (const value of values) writeOne(packed, value); });
  }

  /** The bytes written so far (a view, valid until the next write). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
