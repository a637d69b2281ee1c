import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ProgressStream } from './progress.js';
import { createProgress } from './progress.js';

/** A stream that keeps what is written, and a clock the test moves. */
function fakes(isTTY: boolean) {
  const written: string[] = [];
  const stream: ProgressStream = { isTTY, columns: 80, write: (text: string) => written.push(text) > 0 };
  const clock = { ms: 0, now: () => clock.ms };
  return { written, stream, clock };
}

describe('createProgress when stderr is not a terminal', () => {
  it('writes a plain line at every tenth of the work, not at every update', () => {
    const { written, stream, clock } = fakes(false);
    const progress = createProgress('nab', stream, clock);
    for (let done = 0; done < 58; done++) progress.update(done, 58, `file-${done}`);
    assert.deepEqual(written, [0, 6, 12, 18, 24, 29, 35, 41, 47, 53].map((done) => `nab: ${Math.round(done / 58 * 100)}% (${done}/58) file-${done}\n`));
  });

  it('writes a line every 10 s of slow work that stays within one tenth', () => {
    const { written, stream, clock } = fakes(false);
    const progress = createProgress('fuzz', stream, clock);
    for (let done = 0; done <= 50; done++) {
      progress.update(done, 1000);
      clock.ms += 1000;
    }
    assert.deepEqual(written, ['fuzz: 0% (0/1000)\n', 'fuzz: 1% (10/1000)\n', 'fuzz: 2% (20/1000)\n', 'fuzz: 3% (30/1000)\n', 'fuzz: 4% (40/1000)\n', 'fuzz: 5% (50/1000)\n']);
  });

  it('says once when it is done and how long it took', () => {
    const { written, stream, clock } = fakes(false);
    const progress = createProgress('ingest', stream, clock);
    clock.ms = 83_450;
    progress.finish();
    progress.finish();
    assert.deepEqual(written, ['ingest: done in 83.5 s\n']);
  });
});

describe('createProgress on a terminal', () => {
  it('redraws one bar in place, at most every 100 ms until the end, and clears it when done', () => {
    const { written, stream, clock } = fakes(true);
    const progress = createProgress('loghub', stream, clock);
    progress.update(1, 4, 'HDFS');
    progress.update(2, 4, 'Spark');
    clock.ms = 100;
    progress.update(2, 4, 'Spark');
    progress.update(4, 4);
    progress.finish();
    assert.equal(written.length, 4);
    assert.ok(written.every((text) => text.startsWith('\r') && text.length >= 79 && !text.includes('\n')), JSON.stringify(written));
    assert.match(written[0] ?? '', /^\rloghub █{8}░{22} {2}25% HDFS/);
    assert.match(written[1] ?? '', /^\rloghub █{15}░{15} {2}50% Spark/);
    assert.match(written[2] ?? '', /^\rloghub █{30} 100%/);
    assert.match(written[3] ?? '', /^\r *\r$/);
  });
});
