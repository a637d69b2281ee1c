/** Tests of a template's per-minute rate ring: counting, moving on, old lines dropped, merges, and reading it at the entity's latest minute. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newTemplate } from './template.js';
import { MinuteClock, RATE_MINUTES, countLine, countLines, mergeRate, minuteOf, rateEntries, rateUntil } from './template-rate.js';
import { TemplateMiner } from './template-miner.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const M0 = minuteOf(T0);

/** The rate's non-zero minutes, as offsets from M0. */
const nonZero = (rate: number[], last: number) => rate.flatMap((lines, i) => (lines > 0 ? [[last - RATE_MINUTES + 1 + i - M0, lines]] : []));

describe('template rate', () => {
  it('counts lines per event-time minute, clears the minutes it skips and drops lines older than the ring', () => {
    const template = newTemplate('T1', ['a'], 0, 0);
    for (const minute of [0, 0, 1, 5, 5, 5]) countLine(template, M0 + minute);
    assert.deepEqual(nonZero(rateUntil(template, M0 + 5), M0 + 5), [[0, 2], [1, 1], [5, 3]]);
    countLine(template, M0 + 5 + RATE_MINUTES); // an hour on: every earlier minute leaves the ring
    countLine(template, M0 + 3); // older than the ring: dropped
    const last = M0 + 5 + RATE_MINUTES;
    assert.deepEqual(nonZero(rateUntil(template, last), last), [[5 + RATE_MINUTES, 1]]);
    assert.deepEqual(rateEntries(template), [[last, 1]]);
  });

  it('gives each time the minute minuteOf gives, whatever order the times come in', () => {
    const clock = new MinuteClock();
    const times = [T0, T0 + 59_999, T0 + MIN, T0 + 30_000, T0 - 1, T0 + 5 * MIN + 7, T0 + 5 * MIN, Number.NaN, T0 + 1];
    for (const time of times) assert.equal(clock.minuteOf(time), minuteOf(time), `time ${time - T0}`);
    assert.equal(clock.minuteOf(undefined), -1);
  });

  it('reads a quiet template as zeros up to a later minute, and a merged one adds its lines', () => {
    const quiet = newTemplate('T1', ['a'], 0, 0);
    countLines(quiet, M0, 4);
    assert.deepEqual(nonZero(rateUntil(quiet, M0 + 10), M0 + 10), [[0, 4]]);
    assert.deepEqual(rateUntil(quiet, M0 + 100), new Array(RATE_MINUTES).fill(0));
    const other = newTemplate('T2', ['b'], 0, 0);
    countLines(other, M0, 1);
    countLines(other, M0 + 2, 3);
    mergeRate(quiet, other);
    assert.deepEqual(nonZero(rateUntil(quiet, M0 + 2), M0 + 2), [[0, 5], [2, 3]]);
    assert.deepEqual(rateUntil(newTemplate('T3', ['c'], 0, 0), M0), new Array(RATE_MINUTES).fill(0), 'no timed line yet');
  });

  it('is in the miner\'s templates, aligned to the entity\'s latest minute, and survives a snapshot', () => {
    const miner = new TemplateMiner();
    for (let i = 0; i < 6; i += 1) miner.add(`job ${i} done`, 'svc', T0 + i * 20_000); // 3 lines in minute 0, 3 in minute 1
    miner.add('disk full', 'svc', T0 + 9 * MIN + 1);
    miner.add('untimed line');
    const [job] = miner.templates('svc').filter((t) => t.template === 'job <*> done');
    assert.equal(job?.rateFrom, T0 + (10 - RATE_MINUTES) * MIN);
    assert.deepEqual(nonZero(job?.rate ?? [], M0 + 9), [[0, 3], [1, 3]]);
    assert.deepEqual(miner.templates('').map((t) => [t.rateFrom, t.rate.every((lines) => lines === 0)]), [[null, true]]);
    const copy = new TemplateMiner();
    copy.restoreEntity(JSON.parse(JSON.stringify(miner.snapshotEntity('svc'))) as NonNullable<ReturnType<TemplateMiner['snapshotEntity']>>);
    assert.deepEqual(copy.templates('svc'), miner.templates('svc'));
  });
});
