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
