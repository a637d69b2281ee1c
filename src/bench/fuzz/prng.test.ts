import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, inputRng } from './prng.js';

const draw = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.next());

describe('fuzz PRNG', () => {
  it('gives the same sequence for the same (seed, protocol, index)', () => {
    assert.deepEqual(draw(inputRng(7, 'events', 3), 20), draw(inputRng(7, 'events', 3), 20));
  });

  it('gives different sequences when the seed, protocol or index differ', () => {
    const base = draw(inputRng(7, 'events', 3), 5);
    assert.notDeepEqual(draw(inputRng(8, 'events', 3), 5), base);
    assert.notDeepEqual(draw(inputRng(7, 'grafana', 3), 5), base);
    assert.notDeepEqual(draw(inputRng(7, 'events', 4), 5), base);
  });

  it('keeps int, size and next within their ranges', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 10_000; i++) {
      const f = rng.next();
      assert.ok(f >= 0 && f < 1);
      const n = rng.int(7);
      assert.ok(Number.isInteger(n) && n >= 0 && n < 7);
      const size = rng.size(65_536);
      assert.ok(Number.isInteger(size) && size >= 1 && size <= 65_536);
    }
  });

  it('draws small and huge sizes alike (log-uniform)', () => {
    const rng = new Rng(2);
    const sizes = Array.from({ length: 2000 }, () => rng.size(65_536));
    assert.ok(sizes.filter((s) => s < 16).length > 300);
    assert.ok(sizes.filter((s) => s > 4096).length > 300);
  });
});
