/** Tests of the one-pass line scanner: it masks every token as maskToken does, hashes and compares its key exactly, and stays bounded on bad input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashKey, matchesKey } from './line-key.js';
import { LineScan } from './line-scan.js';
import { maskToken } from './mask.js';
import { lineValues, maskLine } from './mask-line.js';

function scanned(line: string, maxLineChars = 8192, maxTokens = 128): LineScan {
  const scan = new LineScan();
  scan.scan(line, maxLineChars, maxTokens);
  return scan;
}

/** A line masked token by token with maskToken, the reference the scanner's single pass must equal. */
function reference(line: string): { masked: string[]; values: string[] } {
  const values: string[] = [];
  // Tokens as the tokenizer cuts them: every control character and space separates.
  const spaced = Array.from(line, (ch) => (ch.charCodeAt(0) <= 32 || ch.charCodeAt(0) === 127 ? ' ' : ch)).join('');
  const masked = spaced.split(' ').filter((t) => t !== '').map((t) => maskToken(t, values));
  return { masked, values };
}

/** Deterministic junk: tokens drawn from the characters the masker treats specially. */
function junkLines(count: number): string[] {
  let seed = 42;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const alphabet = 'aAfFxXtru019./\\:-_=,;()[]{}"\'|<>@#~&+ \t\u00e9\ufffd';
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
}

const lines = [
  'Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6',
  '10.251.30.85:50010:Got exception while serving blk_-2918118818249673980 to /10.251.90.64:',
  'session opened for user root by (uid=0) delay=00:00:01, enabled=true size=4,app=1',
  'GET https://example.com/a?b=1 "C:\\Windows\\x.dll" \\\\srv\\share 00:11:43:e3:ba:c3 node-246 host-12.example.com',
  'req-38101a0b-2096-447d-96ea-a692162415ae 0x7fed806eb5d 3.2GB 250ms HTTP/1.1 2016/9/27 20:30:31.455 port 22. ssh2 jk2_init()',
  'NaN None, null true FALSE undefined [pid=12] id=a1b2; x=(1) a=1&b=2 (41C) v6.1.7601',
  '',
  '   \t  ',
  '1 2 3 4 5 6',
];

describe('LineScan', () => {
  it('masks each token as maskToken does, in one pass over the line', () => {
    for (const line of [...lines, ...junkLines(3000)]) {
      const scan = scanned(line);
      const { masked, values } = reference(line);
      // Size units join their number in the scanner only: these lines and the junk have none.
      assert.deepEqual(maskLine(scan).masked, masked, line);
      assert.deepEqual(lineValues(scan), values, line);
    }
  });

  it('hashes the key as the string it stands for, and confirms it character for character', () => {
    for (const line of [...lines, ...junkLines(500)]) {
      const scan = scanned(line);
      const key = maskLine(scan).masked.join(' ');
      assert.equal(scan.hash, hashKey(key), line);
      assert.ok(matchesKey(scan, key), line);
      assert.ok(!matchesKey(scan, `${key} `) && !matchesKey(scan, `${key}x`) && (key === '' || !matchesKey(scan, key.slice(1))), line);
      if (key.includes('<*>')) assert.ok(!matchesKey(scan, key.replace('<*>', '<+>')), line);
    }
  });

  it('gives lines that differ only in values and spacing the same key', () => {
    const a = scanned('took 250ms  for  job 7 at 10.0.0.1:80');
    const b = scanned('took 3s for job 12\tat 192.168.1.1:8080');
    assert.equal(a.hash, b.hash);
    assert.ok(matchesKey(b, maskLine(a).masked.join(' ')));
  });

  it('joins a size unit to the number before it as one value', () => {
    const scan = scanned('stored (estimated size 384.0 B, free 317.5 KB) total 2 GiB.');
    assert.deepEqual(maskLine(scan).masked, ['stored', '(estimated', 'size', '<*>,', 'free', '<*>)', 'total', '<*>.']);
    assert.deepEqual(lineValues(scan), ['384.0 B', '317.5 KB', '2 GiB']);
    assert.equal(scan.hash, hashKey(maskLine(scan).masked.join(' ')));
  });

  describe('bad input', () => {
    it('reads only maxLineChars of a 1 MB line, and marks it not to be cached', () => {
      const scan = scanned(`${'9'.repeat(1_000_000)} tail`);
      assert.equal(scan.complete, false);
      assert.deepEqual(maskLine(scan).masked, ['<*>']);
      assert.equal(lineValues(scan)[0]?.length, 8192);
      assert.ok(scan.starts.length <= 8192 && scan.values.data.length <= 2 * 8192);
    });

    it('keeps past maxTokens the rest of the line as one value, whitespace made single spaces', () => {
      const scan = scanned('a b c d  e\tf g', 8192, 4);
      assert.equal(scan.complete, false);
      assert.deepEqual(maskLine(scan).masked, ['a', 'b', 'c', '<*>']);
      assert.deepEqual(lineValues(scan), ['d e f g']);
    });

    it('bounds memory on a line of a million short tokens', () => {
      const scan = scanned('1 '.repeat(500_000));
      assert.equal(scan.tokens, 128);
      assert.ok(scan.starts.length <= 1024);
    });

    it('treats control characters as separators and U+FFFD as a character of no class', () => {
      const scan = scanned('a\u0000b\u0007c \ufffd\ufffd 12\u007f\ufffd7 x\ufffdy');
      assert.deepEqual(maskLine(scan).masked, ['a', 'b', 'c', '\ufffd\ufffd', '<*>', '<*>', 'x\ufffdy']);
    });
  });
});
