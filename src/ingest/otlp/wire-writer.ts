/**
 * A minimal protobuf wire-format writer over one growable buffer. A nested message is written in
 * place by a callback: one byte is reserved for its length and the content is shifted only when
 * the length needs more. Used for responses and synthetic request bodies; decoding never uses it.
 */

/** Writes a nested message's fields. */
export type WriteFields = (writer: WireWriter) => void;

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

  private rawVarint(value: number): void {
    this.room(10);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  /** A non-negative varint field (uint32/uint64 up to 2^53, enums, bools). */
  varint(field: number, value: number): this {
    this.tag(field, 0);
    this.rawVarint(value);
    return this;
  }

  /** A zigzag sint32 field. */
  sint32(field: number, value: number): this {
    return this.varint(field, value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** An int64 field (negative values take ten bytes, as two's complement). */
  int64(field: number, value: number): this {
    if (value >= 0) return this.varint(field, value);
    this.tag(field, 0);
    this.room(10);
    let v = BigInt.asUintN(64, BigInt(value));
    for (let i = 0; i < 10; i++) { this.buf[this.pos++] = Number(v & 0x7fn) | (i < 9 ? 0x80 : 0); v >>= 7n; }
    return this;
  }

  /** A fixed64 field; numbers must be integers (exact up to 2^53), bigints up to 2^64. */
  fixed64(field: number, value: number | bigint): this {
    this.tag(field, 1);
    this.room(8);
    if (typeof value === 'bigint') this.buf.writeBigUInt64LE(value, this.pos);
    else {
      this.buf.writeUInt32LE(value % 4294967296, this.pos);
      this.buf.writeUInt32LE(Math.floor(value / 4294967296), this.pos + 4);
    }
    this.pos += 8;
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, 1);
    this.room(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
    return this;
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
    this.tag(field, 2);
    const max = value.length * 3;
    this.room(max + 5);
    if (max < 0x80) {
      const start = ++this.pos;
      this.pos += this.buf.write(value, start, 'utf8');
      this.buf[start - 1] = this.pos - start;
      return this;
    }
    return this.bytesFrom(Buffer.from(value, 'utf8'));
  }

  private bytesFrom(value: Buffer): this {
    this.rawVarint(value.length);
    this.room(value.length);
    value.copy(this.buf, this.pos);
    this.pos += value.length;
    return this;
  }

  /** A nested message field, written in place by `write` (or copied from another writer). */
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
    const end = this.pos;
    this.pos = start - 1;
    this.rawVarint(length);
    this.pos = end;
    return this;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
