import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy } from './scores.js';

describe('accuracy', () => {
  it('gives AC@k and Avg@5 as computed by hand', () => {
    const scores = accuracy([
      { truth: 'a', ranking: ['a', 'b', 'c'] },
      { truth: 'b', ranking: ['a', 'b', 'c'] },
      { truth: 'e', ranking: ['a', 'b', 'c', 'd', 'e', 'f'] },
      { truth: 'z', ranking: ['a'] },
    ]);
    assert.deepEqual(scores.acAt, [0.25, 0.5, 0.5, 0.5, 0.75]);
    assert.equal(scores.avgAt5, 0.5);
    assert.equal(scores.cases, 4);
  });

  it('scores no cases as zero', () => {
    assert.deepEqual(accuracy([]), { cases: 0, acAt: [0, 0, 0, 0, 0], avgAt5: 0 });
  });
});
