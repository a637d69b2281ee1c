import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireError, WireReader, readRepeated } from './reader.js';
import { WireWriter } from './writer.js';

const reader = (bytes: number[] | Buffer) => new WireReader(Buffer.from(bytes));
const TEN_BYTE_MINUS_ONE = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];

describe('WireReader', () => {
  it('reads varints of 1 to 10 bytes', () => {
    assert.equal(reader([0x96, 0x01]).uint32(), 150);
    assert.equal(reader([0xff, 0xff, 0xff, 0xff, 0x0f]).uint32(), 0xffffffff);
    assert.equal(reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).uint64(), 2 ** 63);
    assert.equal(reader(TEN_BYTE_MINUS_ONE).uint32(), 0xffffffff, 'uint32 keeps the low 32 bits');
  });

  it('reads int64: negative values, and values past 2^53 exactly as strings when asked', () => {
    const r = new WireReader(new WireWriter().varint(1, -5).varint(2, 2 ** 52).finish());
    r.tag();
    assert.equal(r.int64(), -5);
    r.tag();
    assert.equal(r.int64(), 2 ** 52);
    assert.equal(reader(TEN_BYTE_MINUS_ONE).int64(), -1);
    assert.equal(reader(TEN_BYTE_MINUS_ONE).int64Exact(), -1);
    const past53 = [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10];
    assert.equal(reader(past53).int64Exact(), '9007199254740993');
    assert.equal(reader(past53).int64(), 9007199254740992);
  });

  it('turns fixed64 nanoseconds into exact whole milliseconds', () => {
    const r = new WireReader(new WireWriter().fixed64(1, 1_767_225_600_123_999_999n).finish());
    r.tag();
    assert.equal(r.fixed64Ms(), 1_767_225_600_123);
  });

  it('reads sint32 (zigzag)', () => {
    const r = new WireReader(new WireWriter().sint32(1, -3).sint32(2, 3).finish());
    r.tag();
    assert.equal(r.sint32(), -3);
    r.tag();
    assert.equal(r.sint32(), 3);
  });

  it('reads repeated numbers packed and unpacked', () => {
    const values: number[] = [];
    const packed = reader([0x03, 0x01, 0x02, 0x03]);
    readRepeated(packed, 2, values, () => packed.uint32());
    const single = reader([0x04]);
    readRepeated(single, 0, values, () => single.uint32());
    assert.deepEqual(values, [1, 2, 3, 4]);
    const overrun = reader([0x02, 0x01, 0x96, 0x01]);
    assert.throws(() => readRepeated(overrun, 2, [], () => overrun.uint32()), /a packed field overruns its length/);
  });

  it('tells the 8 bytes at the cursor apart without moving', () => {
    const r = reader([0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f]);
    assert.equal(r.fixed64Is(0x7ff00000, 2), true);
    assert.equal(r.fixed64Is(0x7ff00000, 1), false);
    assert.ok(Number.isNaN(r.double()));
  });

  it('reads only inside its window', () => {
    const bytes = Buffer.from([0x08, 0x01, 0x08, 0x02, 0x08, 0x03]);
    const r = new WireReader(bytes, 2, 4);
    assert.equal(r.tag(), 8);
    assert.equal(r.uint32(), 2);
    assert.equal(r.pos, r.end);
    assert.throws(() => new WireReader(Buffer.from([0x08, 0x96, 0x01]), 1, 2).uint32(), /truncated: the body ends inside a varint at byte 2/);
    assert.throws(() => new WireReader(Buffer.from([0x03, 0x61, 0x62, 0x63]), 0, 3).string('x'), /runs past the end of the body at byte 1/);
  });

  it('reads a plain Uint8Array as well as a Buffer', () => {
    const r = new WireReader(Uint8Array.from([0x0a, 0x02, 0x68, 0x69]));
    r.tag();
    assert.equal(r.string('s'), 'hi');
  });

  it('reads interned text: ASCII, UTF-8, and bad sequences as U+FFFD', () => {
    for (let i = 0; i < 2; i++) {
      const ascii = new WireReader(Buffer.from('job'));
      assert.equal(ascii.internedText(ascii.end), 'job');
    }
    const utf8 = new WireReader(Buffer.from('Zürich'));
    assert.equal(utf8.internedText(utf8.end), 'Zürich');
    const bad = new WireReader(Buffer.from([0x61, 0xc3, 0x28]));
    assert.equal(bad.internedText(bad.end), 'a\uFFFD(');
  });

  it('refuses field 0 and keys past 32 bits', () => {
    assert.throws(() => reader([0x00]).tag(), (error: unknown) => error instanceof WireError && /invalid field tag 0 at byte 0/.test(error.message));
    assert.throws(() => reader([0x80, 0x80, 0x80, 0x80, 0x10]).tag(), /invalid field tag 4294967296/);
  });

  it('fails with the byte offset on truncation, overlong varints and groups', () => {
    assert.throws(() => reader([0x96]).uint32(), (error: unknown) => error instanceof WireError && /truncated.* at byte 1/.test(error.message));
    assert.throws(() => reader([0x05, 0x61]).string('x'), /truncated: a length-delimited field runs past the end of the body at byte 1/);
    assert.throws(() => reader(Array<number>(11).fill(0xff)).uint64(), /longer than 10 bytes/);
    assert.throws(() => reader([...TEN_BYTE_MINUS_ONE.slice(0, 9), 0x02]).uint64(), /over 64 bits at byte 9/);
    assert.throws(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).lengthEnd(), /longer than 10 bytes/);
    assert.throws(() => reader([0x80, 0x80, 0x80, 0x80, 0x10]).lengthEnd(), /runs past the end/, 'a length past 32 bits');
    assert.throws(() => reader([0x01]).skip(3), /unsupported wire type 3/);
    assert.throws(() => reader([0x01, 0x02]).double(), /truncated/);
    assert.throws(() => reader([0x01, 0x02]).skip(5), /truncated/);
  });

  it('refuses invalid UTF-8 but accepts a real U+FFFD', () => {
    assert.throws(() => reader([0x02, 0xc3, 0x28]).string('Span.name'), /invalid UTF-8 in Span.name at byte 1/);
    assert.equal(reader(Buffer.concat([Buffer.from([3]), Buffer.from('\uFFFD')])).string('x'), '\uFFFD');
  });

  it('checks that a nested message ends where its length says', () => {
    const r = reader([0x08, 0x01]);
    r.tag();
    r.uint32();
    assert.throws(() => r.endMessage(1, 'Status'), /corrupt: Status overruns its length at byte 2/);
  });
});

describe('WireWriter', () => {
  it('writes nested messages whose length takes more than one byte, in place', () => {
    const inner = 'x'.repeat(300);
    const bytes = new WireWriter().message(1, (m) => m.string(1, inner).message(2, (n) => n.varint(1, 7))).string(2, 'end').finish();
    const r = new WireReader(bytes);
    assert.equal(r.tag(), 10);
    const end = r.lengthEnd();
    assert.equal(r.tag(), 10);
    assert.equal(r.string('inner'), inner);
    assert.equal(r.tag(), 18);
    assert.equal(r.lengthEnd(), end);
    assert.deepEqual([r.tag(), r.uint32()], [8, 7]);
    assert.equal(r.tag(), 18);
    assert.equal(r.string('end'), 'end');
  });

  it('writes packed fields, and nothing for an empty one', () => {
    assert.deepEqual([...new WireWriter().packed(4, [1, 300], (w, v) => w.rawVarint(v)).finish()], [0x22, 0x03, 0x01, 0xac, 0x02]);
    assert.equal(new WireWriter().packed(4, [], (w, v: number) => w.rawVarint(v)).finish().length, 0);
  });

  it('writes varints of negative numbers and bigints as 64-bit two\'s complement', () => {
    assert.deepEqual([...new WireWriter().rawVarint(-1).finish()], TEN_BYTE_MINUS_ONE);
    assert.deepEqual([...new WireWriter().rawVarint(-1n).finish()], TEN_BYTE_MINUS_ONE);
    assert.deepEqual([...new WireWriter().rawVarint(2n ** 64n - 1n).finish()], TEN_BYTE_MINUS_ONE);
    assert.deepEqual([...new WireWriter().rawVarint(2 ** 53).finish()], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
  });

  it('grows past its first buffer without losing bytes', () => {
    const w = new WireWriter();
    for (let i = 0; i < 1000; i++) w.message(1, (m) => m.varint(1, i));
    const r = new WireReader(w.finish());
    for (let i = 0; i < 1000; i++) {
      assert.equal(r.tag(), 10);
      r.lengthEnd();
      assert.deepEqual([r.tag(), r.uint32()], [8, i]);
    }
    assert.equal(r.pos, r.end);
  });
});
