import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextSurprise } from './context.js';
import { quantise } from './pattern.js';
import { emptyState, S, wordsOf } from './state.js';

/** Feeds values the way channelSurprises does (quantiser range first, then the context, then the last value moves on). */
function feeder(): (value: number) => number {
  const state = emptyState();
  const words = wordsOf(state);
  return (value) => {
    quantise(state, value, 8, 0);
    const surprise = contextSurprise(state, words, value);
    state[S.lastValue] = value;
    return surprise;
  };
}

/** A slow triangle wave: up 10 steps, down 10 steps. */
function triangle(i: number): number {
  const phase = i % 20;
  return phase < 10 ? phase : 20 - phase;
}

void describe('contextSurprise', () => {
  void it('says nothing once every context of a repeating series is known, and speaks at steps in a new order', () => {
    const feed = feeder();
    for (let i = 0; i < 2000; i++) feed(triangle(i));
    const settled = feed(triangle(2000));
    assert.ok(settled < 0.01, `settled at ${settled}`);
    // Up, down, up in single steps: this order never occurred on the triangle.
    const jolts = [triangle(2001) + 1, triangle(2001) - 1, triangle(2001) + 1, triangle(2001) - 1].map(feed);
    assert.ok(Math.max(...jolts) > 4, `surprises ${jolts.join(', ')}`);
  });

  void it('weighs a new context by how rare new contexts are on the series', () => {
    const calm = feeder();
    const restless = feeder();
    let x = 1;
    const noise = (): number => ((x = (x * 48271) % 2147483647) / 2147483647) * 10;
    for (let i = 0; i < 2000; i++) {
      calm(triangle(i));
      restless(noise());
    }
    // The same unseen jump on both: the calm series has not produced a new context for a long time.
    const calmJump = Math.max(calm(40), calm(-30), calm(40));
    const restlessJump = Math.max(restless(40), restless(-30), restless(40));
    assert.ok(calmJump > restlessJump, `calm ${calmJump}, restless ${restlessJump}`);
  });
});
