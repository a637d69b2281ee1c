/** Tests of the example lines a template keeps: the first and the most recent distinct ones, bounded in number and length. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAMPLE_EVERY, addExample, boundedExamples, exampleText } from './examples.js';
import { TemplateMiner } from './template-miner.js';

const examplesOf = (miner: TemplateMiner, entityId = '') => miner.templates(entityId).map((t) => t.examples);

describe('template examples', () => {
  it('keeps the first line and the two most recent distinct ones', () => {
    const miner = new TemplateMiner();
    for (let i = 1; i <= 6; i += 1) miner.add(`user ${i} logged in from 10.0.0.${i}`);
    miner.add('user 6 logged in from 10.0.0.6');
    assert.deepEqual(examplesOf(miner), [['user 1 logged in from 10.0.0.1', 'user 5 logged in from 10.0.0.5', 'user 6 logged in from 10.0.0.6']]);
  });

  it('keeps one copy of a repeated line', () => {
    const miner = new TemplateMiner();
    for (let i = 0; i < 5; i += 1) miner.add('connection reset by peer');
    assert.deepEqual(examplesOf(miner), [['connection reset by peer']]);
  });

  it('cuts a long line to exampleChars characters ending in an ellipsis, whatever its length', () => {
    const miner = new TemplateMiner({ exampleChars: 40 });
    miner.add(`payload ${'x'.repeat(1_000_000)}`);
    const [[example]] = examplesOf(miner) as [[string]];
    assert.equal(example.length, 40);
    assert.equal(example, `payload ${'x'.repeat(31)}…`);
  });

  it('never cuts inside a surrogate pair', () => {
    const text = exampleText(`${'a'.repeat(18)}😀 tail of the line`, 20);
    assert.equal(text, `${'a'.repeat(18)}…`);
    assert.ok(text.length <= 20);
  });

  it('holds to the configured number, and keeps none at 0', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `job ${i} done`);
    const one = new TemplateMiner({ examples: 1 });
    const none = new TemplateMiner({ examples: 0 });
    for (const line of lines) {
      one.add(line);
      none.add(line);
    }
    assert.deepEqual(examplesOf(one), [['job 0 done']]);
    assert.deepEqual(examplesOf(none), [[]]);
  });

  it('samples a template\'s lines less often as its count doubles, one in SAMPLE_EVERY at most', () => {
    const examplesAfter = (count: number) => {
      const miner = new TemplateMiner();
      for (let i = 1; i <= count; i += 1) miner.add(`request ${i} served`);
      return examplesOf(miner)[0];
    };
    assert.deepEqual(examplesAfter(9), ['request 1 served', 'request 7 served', 'request 8 served'], 'every line of the first 8, then one in 2');
    assert.deepEqual(examplesAfter(70), ['request 1 served', 'request 56 served', 'request 64 served'], 'one in 8 from the 32nd line');
    const many = SAMPLE_EVERY * 6 + 5;
    assert.deepEqual(examplesAfter(many), ['request 1 served', `request ${SAMPLE_EVERY * 5} served`, `request ${SAMPLE_EVERY * 6} served`]);
  });

  it('keeps the examples of templates that merge, within the bound', () => {
    const miner = new TemplateMiner();
    for (const user of ['webmaster', 'test', 'admin', 'oracle', 'guest']) miner.add(`Invalid user ${user} from 10.0.0.1`);
    const [examples] = examplesOf(miner) as [string[]];
    assert.equal(miner.templates().length, 1);
    assert.equal(examples.length, 3);
    assert.equal(examples[0], 'Invalid user webmaster from 10.0.0.1');
  });

  it('survives a snapshot and restore, held to the limits of the restoring miner', () => {
    const miner = new TemplateMiner();
    for (let i = 0; i < 4; i += 1) miner.add(`disk ${i} is ${'very '.repeat(20)}full`, 'host:a');
    const snapshot = JSON.parse(JSON.stringify(miner.snapshotEntity('host:a'))) as Parameters<TemplateMiner['restoreEntity']>[0];
    const same = new TemplateMiner();
    same.restoreEntity(snapshot);
    assert.deepEqual(examplesOf(same, 'host:a'), examplesOf(miner, 'host:a'));
    const smaller = new TemplateMiner({ examples: 2, exampleChars: 20 });
    smaller.restoreEntity(snapshot);
    const [restored] = examplesOf(smaller, 'host:a') as [string[]];
    assert.deepEqual(restored.map((text) => text.length), [20, 20]);
    assert.ok(restored[0]?.startsWith('disk 0 is very'));
  });

  it('replaces the oldest recent example, never the first', () => {
    const examples: string[] = [];
    for (const line of ['a', 'b', 'c', 'd']) addExample(examples, line, { examples: 3, exampleChars: 500 });
    assert.deepEqual(examples, ['a', 'c', 'd']);
    assert.deepEqual(boundedExamples(['a', 'b', 'c', 'd'], { examples: 2, exampleChars: 500 }), ['a', 'b']);
  });
});
