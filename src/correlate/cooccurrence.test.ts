import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PARTNERS, MAX_TEACHING_KINDS, learnedPartners, lessonOf, supportedPartners, taught, type CooccurrenceConfig, type KindMemory, type Lesson } from './cooccurrence.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 1);
const config: CooccurrenceConfig = { halfLifeMs: 30 * DAY, minTogether: 3, minShare: 0.6, withinMs: 120_000 };
const DB = 'host:db-1/DiskPressure';
const times = (count: number, lesson: Lesson): Lesson[] => Array.from({ length: count }, () => lesson);
const APP = 'service:orders/HighLatency';
const CACHE = 'service:cache/Evictions';

/** The memories after teaching each lesson in turn, a day apart from T0. */
function teach(lessons: readonly Lesson[], memories = new Map<string, KindMemory>(), start = T0): Map<string, KindMemory> {
  lessons.forEach((lesson, day) => {
    for (const [kind, memory] of taught(memories, lesson, start + day * DAY, config.halfLifeMs)) memories.set(kind, memory);
  });
  return memories;
}

const partnersOf = (memories: ReadonlyMap<string, KindMemory>, kind: string, at: number, settings = config) =>
  learnedPartners(memories.get(kind), memories, at, settings).map(({ kind: partner, together, occurrences }) => [partner, Math.round(together * 10) / 10, Math.round(occurrences * 10) / 10]);

describe('lessonOf', () => {
  it('pairs the kinds of an incident, and its kinds with those of incidents near it, once each', () => {
    const lesson = lessonOf([APP, DB], [[DB, CACHE], [CACHE]]);
    assert.deepEqual(lesson.kinds, [APP, DB]);
    assert.deepEqual(lesson.pairs.map((pair) => pair.join(' + ')), [`${DB} + ${APP}`, `${CACHE} + ${APP}`, `${DB} + ${CACHE}`]);
  });

  it('teaches no pairs from a storm of many kinds, in the incident or near it', () => {
    const storm = Array.from({ length: MAX_TEACHING_KINDS + 1 }, (_, i) => `service:s${i}/Down`);
    assert.deepEqual(lessonOf(storm, []), { kinds: storm, pairs: [] });
    assert.deepEqual(lessonOf([APP], [storm]).pairs, []);
  });
});

describe('learned co-occurrence', () => {
  it('links two kinds that fired in incidents near each other three times, both ways, and not after two', () => {
    // The database's incident settles first each time; the application's, settling next, teaches the pair.
    const occurrence = [lessonOf([DB], []), lessonOf([APP], [[DB]])];
    const twice = teach([...occurrence, ...occurrence]);
    assert.deepEqual(partnersOf(twice, APP, T0 + 4 * DAY), []);
    const thrice = teach([...occurrence, ...occurrence, ...occurrence]);
    assert.deepEqual(partnersOf(thrice, APP, T0 + 6 * DAY), [[DB, 2.7, 2.7]]);
    assert.deepEqual(partnersOf(thrice, DB, T0 + 6 * DAY), [[APP, 2.7, 2.7]]);
  });

  it('needs most occurrences of the rarer kind: an app alert that fires alone most of the time does not link a database alert that fires alone as often', () => {
    const lessons = [...times(3, lessonOf([APP, DB], [])), ...times(3, lessonOf([APP], [])), ...times(3, lessonOf([DB], []))];
    assert.deepEqual(partnersOf(teach(lessons), APP, T0 + 9 * DAY), []);
    const rareDb = [...times(6, lessonOf([APP], [])), ...times(3, lessonOf([APP, DB], []))];
    assert.deepEqual(partnersOf(teach(rareDb), APP, T0 + 9 * DAY).map(([kind]) => kind), [DB]);
  });

  it('never links kinds that only happened at the same time once', () => {
    const memories = teach([lessonOf([APP], [[CACHE]]), lessonOf([APP], []), lessonOf([APP], [])]);
    assert.deepEqual(partnersOf(memories, CACHE, T0 + 3 * DAY), []);
    assert.deepEqual(supportedPartners(memories.get(CACHE), T0 + 3 * DAY, config), []);
  });

  it('forgets with event time: three incidents long ago count less than three', () => {
    const memories = teach(times(3, lessonOf([APP, DB], [])));
    assert.equal(partnersOf(memories, APP, T0 + 3 * DAY).length, 1);
    assert.deepEqual(partnersOf(memories, APP, T0 + 60 * DAY), []);
    // The share is kept as both decay alike: one more incident together brings the pair back.
    const again = teach([lessonOf([APP, DB], []), lessonOf([APP, DB], [])], memories, T0 + 60 * DAY);
    assert.deepEqual(partnersOf(again, APP, T0 + 62 * DAY).map(([kind]) => kind), [DB]);
  });

  it('keeps a kind\'s most recent partners only', () => {
    const lessons = Array.from({ length: MAX_PARTNERS + 5 }, (_, i) => lessonOf([APP, `service:s${i}/Down`], []));
    const memories = teach(lessons);
    const partners = Object.keys(memories.get(APP)?.partners ?? {});
    assert.equal(partners.length, MAX_PARTNERS);
    assert.ok(!partners.includes('service:s0/Down'));
    assert.ok(partners.includes(`service:s${MAX_PARTNERS + 4}/Down`));
  });

  it('asks for a share and support as configured', () => {
    const memories = teach([...times(2, lessonOf([APP, DB], [])), lessonOf([DB], []), lessonOf([APP], [])]);
    assert.deepEqual(partnersOf(memories, APP, T0 + 4 * DAY), []);
    assert.deepEqual(partnersOf(memories, APP, T0 + 4 * DAY, { ...config, minTogether: 2 }).map(([kind]) => kind), [DB]);
    assert.deepEqual(partnersOf(memories, APP, T0 + 4 * DAY, { ...config, minTogether: 2, minShare: 0.9 }), []);
  });
});
