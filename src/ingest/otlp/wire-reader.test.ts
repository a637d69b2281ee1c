import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireError, WireReader, readRepeated } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

const reader = (bytes: number[] | Buffer) => new WireReader(Buffer.from(bytes));

describe('WireReader', () => {
  it('reads varints of 1 to 10 bytes', () => {
    assert.equal(reader([0x96, 0x01]).varint(), 150);
    assert.equal(reader([0xff, 0xff, 0xff, 0xff, 0x0f]).varint(), 0xffffffff);
    assert.equal(reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).uint64(), 2 ** 63);
  });

  it('reads int64: negative values, and values past 2^53 as exact strings', () => {
    const w = new WireWriter().int64(1, -5).int64(2, 2 ** 52);
    const r = new WireReader(w.finish());
    r.varint();
    assert.equal(r.int64(), -5);
    r.varint();
    assert.equal(r.int64(), 2 ** 52);
    const big = reader([0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
    assert.equal(big.int64(), '9007199254740993');
  });

  it('turns fixed64 nanoseconds into exact whole milliseconds', () => {
    const ns = 1_767_225_600_123_999_999n;
    const r = new WireReader(new WireWriter().fixed64(1, ns).finish());
    r.varint();
    assert.equal(r.fixed64Ms(), 1_767_225_600_123);
  });

  it('reads sint32 (zigzag)', () => {
    const r = new WireReader(new WireWriter().sint32(1, -3).sint32(2, 3).finish());
    r.varint();
    assert.equal(r.sint32(), -3);
    r.varint();
    assert.equal(r.sint32(), 3);
  });

  it('reads repeated numbers packed and unpacked', () => {
    const values: number[] = [];
    const packed = reader([0x03, 0x01, 0x02, 0x03]);
    readRepeated(packed, 2, values, () => packed.varint());
    const single = reader([0x04]);
    readRepeated(single, 0, values, () => single.varint());
    assert.deepEqual(values, [1, 2, 3, 4]);
  });

  it('fails with the byte offset on truncation, overlong varints and groups', () => {
    assert.throws(() => reader([0x96]).varint(), (error: unknown) => error instanceof WireError && /truncated.* at byte 1/.test(error.message));
    assert.throws(() => reader([0x05, 0x61]).string('x'), /truncated: a length-delimited field runs past the end of the body at byte 1/);
    assert.throws(() => reader(Array<number>(11).fill(0xff)).varint(), /longer than 10 bytes/);
    assert.throws(() => reader([0x01]).skip(3), /unsupported wire type 3/);
    assert.throws(() => reader([0x01, 0x02]).double(), /truncated/);
  });

  it('refuses invalid UTF-8 but accepts a real U+FFFD', () => {
    assert.throws(() => reader([0x02, 0xc3, 0x28]).string('Span.name'), /invalid UTF-8 in Span.name at byte 1/);
    assert.equal(reader(Buffer.concat([Buffer.from([3]), Buffer.from('\uFFFD')])).string('x'), '\uFFFD');
  });
});
