import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder } from './framing.js';

function collector() {
  const frames: string[] = [];
  const problems: string[] = [];
  return {
    frames, problems,
    frame: (bytes: Buffer) => frames.push(bytes.toString()),
    oversize: (detail: string) => problems.push(`oversize: ${detail}`),
    truncated: (detail: string) => problems.push(`truncated: ${detail}`),
  };
}

function decode(chunks: (string | Buffer)[], maxBytes = 1024) {
  const decoder = new FrameDecoder(maxBytes);
  const sink = collector();
  for (const chunk of chunks) decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, sink);
  decoder.end(sink);
  return sink;
}

describe('FrameDecoder', () => {
  it('splits LF-framed messages and drops CR before LF', () => {
    assert.deepEqual(decode(['<13>a\n<13>b\r\n<13>c\n']).frames, ['<13>a', '<13>b', '<13>c']);
  });

  it('reads octet-counted frames, including messages that contain LF', () => {
    assert.deepEqual(decode(['5 <13>a11 <13>b\nline2']).frames, ['<13>a', '<13>b\nline2']);
  });

  it('detects the framing per frame when a sender mixes them', () => {
    assert.deepEqual(decode(['<13>lf\n6 <13>oc<13>lf2\n']).frames, ['<13>lf', '<13>oc', '<13>lf2']);
  });

  it('joins frames split across reads at every byte', () => {
    const stream = '11 <13>counted<13>line one\n9 <13>é中\n';
    for (let cut = 1; cut < stream.length; cut++) {
      const bytes = Buffer.from(stream);
      const at = Math.min(cut, bytes.length - 1);
      assert.deepEqual(decode([bytes.subarray(0, at), bytes.subarray(at)]).frames, ['<13>counted', '<13>line one', '<13>é中\n'.trimEnd()], `cut at ${at}`);
    }
  });

  it('ends a final line without LF at close, and reports a cut-off counted frame', () => {
    assert.deepEqual(decode(['<13>last']).frames, ['<13>last']);
    const cut = decode(['20 <13>short']);
    assert.deepEqual(cut.frames, []);
    assert.match(cut.problems[0] ?? '', /truncated: .*20-byte/);
  });

  it('skips an oversize counted frame and stays in sync for the next one', () => {
    const big = 'x'.repeat(2000);
    const sink = decode([`2000 ${big.slice(0, 700)}`, big.slice(700), '5 <13>n'], 1024);
    assert.deepEqual(sink.frames, ['<13>n']);
    assert.match(sink.problems[0] ?? '', /oversize: .*2000 bytes/);
  });

  it('skips an oversize LF line without buffering it and keeps reading after the newline', () => {
    const sink = decode(['<13>' + 'y'.repeat(1500), 'y'.repeat(5000), 'end\n<13>next\n'], 1024);
    assert.deepEqual(sink.frames, ['<13>next']);
    assert.equal(sink.problems.length, 1);
  });

  it('ignores blank lines and NUL separators between frames', () => {
    assert.deepEqual(decode(['\n\n<13>a\n\0\0<13>b\n']).frames, ['<13>a', '<13>b']);
  });

  it('treats a digit run that is not a count as an LF-framed line', () => {
    assert.deepEqual(decode(['123abc\n']).frames, ['123abc']);
  });
});

describe('FrameDecoder memory bound', () => {
  const maxBytes = 1024;
  /** A length header is at most 10 digits and a space. */
  const bound = maxBytes + 11;

  function pushAll(decoder: FrameDecoder, chunks: Buffer[], sink: ReturnType<typeof collector>): void {
    for (const chunk of chunks) {
      decoder.push(chunk, sink);
      assert.ok(decoder.bufferedBytes <= bound, `${decoder.bufferedBytes} bytes held`);
    }
  }

  it('holds no more than maxBytes of an LF line that never ends', () => {
    const decoder = new FrameDecoder(maxBytes);
    const sink = collector();
    pushAll(decoder, Array.from({ length: 200 }, () => Buffer.alloc(4096, 0x79)), sink);
    assert.equal(decoder.inFrame, true);
    assert.equal(sink.problems.length, 1);
    decoder.push(Buffer.from('\n<13>after\n'), sink);
    assert.deepEqual(sink.frames, ['<13>after']);
  });

  it('holds nothing of a frame that announces a huge length, and skips it', () => {
    const decoder = new FrameDecoder(maxBytes);
    const sink = collector();
    pushAll(decoder, [Buffer.from('9999999999 '), ...Array.from({ length: 100 }, () => Buffer.alloc(4096, 0x7a))], sink);
    assert.equal(decoder.bufferedBytes, 0);
    assert.equal(decoder.inFrame, true);
    assert.match(sink.problems[0] ?? '', /oversize: .*9999999999 bytes/);
  });

  it('holds at most one counted frame of maxBytes while it arrives byte by byte', () => {
    const decoder = new FrameDecoder(maxBytes);
    const sink = collector();
    const frame = Buffer.from(`${maxBytes} <13>${'w'.repeat(maxBytes - 4)}`);
    pushAll(decoder, Array.from(frame, (byte) => Buffer.from([byte])), sink);
    assert.equal(sink.frames.length, 1);
    assert.equal(decoder.inFrame, false);
  });

  it('counts ended frames, so a frame timer knows when a new one begins', () => {
    const decoder = new FrameDecoder(maxBytes);
    const sink = collector();
    decoder.push(Buffer.from('<13>a\n<13>b'), sink);
    assert.deepEqual([decoder.framesEnded, decoder.inFrame], [1, true]);
    decoder.push(Buffer.from('\n'), sink);
    assert.deepEqual([decoder.framesEnded, decoder.inFrame], [2, false]);
  });
});
