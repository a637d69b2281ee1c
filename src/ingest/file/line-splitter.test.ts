import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitLines } from './line-splitter.js';

describe('splitLines', () => {
  it('returns complete lines and leaves a partial last line unconsumed', () => {
    const split = splitLines(Buffer.from('one\ntwo\r\nthr'), 100, false);
    assert.deepEqual(split.lines.map((line) => line.text), ['one', 'two']);
    assert.deepEqual(split.lines.map((line) => line.end), [4, 9]);
    assert.equal(split.consumed, 9);
    assert.equal(split.skipping, false);
  });

  it('keeps empty lines as empty records', () => {
    assert.deepEqual(splitLines(Buffer.from('a\n\nb\n'), 100, false).lines.map((line) => line.text), ['a', '', 'b']);
  });

  it('decodes a multi-byte character split across two reads once the line is complete', () => {
    const bytes = Buffer.from('prix: 10€ — ok\n');
    const cut = bytes.indexOf(0xe2) + 1;
    const first = splitLines(bytes.subarray(0, cut), 100, false);
    assert.deepEqual(first.lines, []);
    assert.equal(first.consumed, 0);
    const second = splitLines(bytes, 100, false);
    assert.equal(second.lines[0]?.text, 'prix: 10€ — ok');
    assert.equal(second.lines[0]?.invalidUtf8, false);
  });

  it('cuts an over-long complete line at the limit, on a character boundary', () => {
    const split = splitLines(Buffer.from(`${'é'.repeat(10)}\nnext\n`), 5, false);
    assert.equal(split.lines[0]?.text, 'éé');
    assert.equal(split.lines[0]?.truncated, true);
    assert.equal(split.lines[1]?.text, 'next');
  });

  it('emits the start of an over-long unterminated line and skips the rest up to its newline', () => {
    const first = splitLines(Buffer.from('x'.repeat(20)), 8, false);
    assert.deepEqual(first.lines.map((line) => [line.text, line.truncated]), [['xxxxxxxx', true]]);
    assert.equal(first.consumed, 20);
    assert.equal(first.skipping, true);
    const more = splitLines(Buffer.from('xxxx'), 8, true);
    assert.deepEqual(more, { lines: [], consumed: 4, skipping: true });
    const end = splitLines(Buffer.from('xx\nafter\n'), 8, true);
    assert.deepEqual(end.lines.map((line) => line.text), ['after']);
    assert.equal(end.skipping, false);
  });

  it('marks invalid UTF-8 and replaces the bad bytes', () => {
    const line = splitLines(Buffer.from([0x61, 0xff, 0x62, 0x0a]), 100, false).lines[0];
    assert.equal(line?.text, 'a\uFFFDb');
    assert.equal(line?.invalidUtf8, true);
  });
});
