import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreByCategory } from './categories.js';
import { NAB_PROFILES } from './profiles.js';
import { scoreCorpus } from './scorer.js';

const MIN = 60_000;

/** A 400-row file with one window over rows 300..310 and the given scores. */
function file(category: string, scores: Record<number, number>) {
  const times = Float64Array.from({ length: 400 }, (_, i) => i * MIN);
  const s = new Float64Array(400);
  for (const [row, value] of Object.entries(scores)) s[Number(row)] = value;
  return { category, times, scores: s, windows: [[300 * MIN, 310 * MIN]] as [number, number][] };
}

void describe('scoreByCategory', () => {
  const files = [file('sharp', { 305: 0.9 }), file('faint', { 100: 0.8, 305: 0.5 })];
  const corpus = scoreCorpus(files, NAB_PROFILES);
  const split = scoreByCategory(
    files,
    NAB_PROFILES,
    corpus.best.map((p) => p.threshold),
  );

  void it('splits each profile score into category points that add up to it', () => {
    split.forEach((profile, i) => {
      const sum = profile.categories.reduce((total, category) => total + category.points, 0);
      assert.ok(Math.abs(sum - (corpus.best[i]?.normalized ?? NaN)) < 1e-9, `${profile.profile}: ${sum}`);
      assert.deepEqual(
        profile.categories.map((c) => [c.category, c.files, c.windows]),
        [
          ['sharp', 1, 1],
          ['faint', 1, 1],
        ],
      );
    });
  });

  void it('scores a held-out category at the threshold best on the others', () => {
    const standard = split[0]!;
    const faint = standard.categories[1]!;
    // The other category is best at 0.9, where the faint detection (0.5) is missed: nothing gained over detecting nothing.
    assert.equal(faint.heldOutPoints, 0);
    assert.ok(faint.points > 0, 'at the corpus threshold (0.5) the faint window is found');
    assert.ok(Math.abs(standard.heldOut - (standard.categories[0]!.heldOutPoints + faint.heldOutPoints)) < 1e-9);
  });
});
