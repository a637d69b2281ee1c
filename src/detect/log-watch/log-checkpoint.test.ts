/**
 * Tests of the chunked log checkpoint: bounded chunks, a restore to the same state (templates, alerts, anomaly
 * baselines), older formats, corrupt entries, and a cap lowered since.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, LogRecord } from '../../signals/index.js';
import { LogWatch } from './log-watch.js';
import { CHUNK_CHARS, HEADER_KEY, LEGACY_KEY, chunkKey } from './log-checkpoint.js';

const T0 = Date.UTC(2026, 2, 1);
let ids = 0;
const newId = () => `e${++ids}`;

function line(entityId: string, second: number, body: string, severity: LogRecord['severity'] = 'info'): LogRecord {
  return { entityId, time: T0 + second * 1000, severity, body, attributes: {} };
}

/** Each of `count` entities with a few templates of its own. */
function fleet(count: number, second: number): LogRecord[] {
  return Array.from({ length: count }, (_, i) => [
    line(`host:${i}`, second, `sshd session opened for user u${i % 7} from 10.0.${i % 250}.1`),
    line(`host:${i}`, second, `cron job ${i % 5} finished in ${i % 9}ms with status ok`),
    line(`host:${i}`, second, `kernel: eth${i % 3} link up at speed ${(i % 4) * 1000} Mb/s`),
  ]).flat();
}

const sorted = (watch: LogWatch) => watch.templates().sort((a, b) => `${a.entityId} ${a.id}`.localeCompare(`${b.entityId} ${b.id}`));

describe('log checkpoint', () => {
  it('writes many entities as several bounded chunks with the header last, and restores the same state', () => {
    const watch = new LogWatch({}, newId);
    watch.observe(fleet(5000, 0));
    const entries = [...watch.checkpoint()];
    assert.ok(entries.length >= 4, `only ${entries.length} entries`);
    assert.equal(entries.at(-1)?.[0], HEADER_KEY);
    for (const [key, data] of entries) assert.ok(data.length <= CHUNK_CHARS, `${key} is ${data.length} characters`);

    const copy = new LogWatch({}, newId);
    assert.deepEqual(copy.restore(new Map(entries)), { restored: entries.length - 1, skipped: 0, problems: [] });
    assert.equal(copy.entityCount, 5000);
    assert.deepEqual(sorted(copy), sorted(watch));
    const next = [...fleet(5000, 10), line('host:1', 11, 'a line never seen before')];
    assert.deepEqual(copy.observe(next).records.map((r) => r.templateId), watch.observe(next).records.map((r) => r.templateId));
  });

  it('splits an entity too large for one chunk into parts that restore whole', () => {
    // Words of letters past f, so the masker keeps them as words (not hex values), and no word shared by two
    // lines, so that no two lines are similar and every line is a template.
    const word = (n: number) => n.toString(20).split('').map((d) => String.fromCharCode(103 + parseInt(d, 20))).join('');
    const text = (w: string) => `${w} ${`${w}payload ${w}segment ${w}accepted `.repeat(6)}`;
    const lines = Array.from({ length: 3000 }, (_, i) => line('service:big', i, text(word(i + 400))));
    const watch = new LogWatch({}, newId);
    watch.observe(lines);
    assert.equal(watch.templates('service:big').length, 3000);
    const entries = [...watch.checkpoint()];
    assert.ok(entries.length >= 3, `one entity in ${entries.length - 1} chunks`);
    for (const [key, data] of entries) assert.ok(data.length <= CHUNK_CHARS, `${key} is ${data.length} characters`);
    const copy = new LogWatch({}, newId);
    copy.restore(new Map(entries));
    assert.deepEqual(sorted(copy), sorted(watch));
  });

  it('restores firing alerts, which then resolve after the quiet period as they would have', () => {
    const watch = new LogWatch({ anomalies: { warmupMs: 0 } }, newId);
    const fired = watch.observe([line('service:api', 0, 'database connection refused', 'error')]).events;
    assert.equal(fired.length, 1);
    const copy = new LogWatch({ anomalies: { warmupMs: 0 } }, newId);
    copy.restore(new Map(watch.checkpoint()));
    const repeat = copy.observe([line('service:api', 60, 'database connection refused', 'error')]).events;
    assert.deepEqual(repeat, [], 'the repeat of a firing alert fired again');
    const later = copy.observe([line('service:api', 60 + 20 * 60, 'database connection refused', 'error')]).events;
    assert.deepEqual(later.map((e) => [e.status, e.dedupKey, e.startsAt, e.endsAt]), [['resolved', fired[0]?.dedupKey, T0, T0 + 15 * 60_000]]);
  });

  it('restores anomaly baselines: a restored entity judges new templates and rates at once, as it would have without the restart', () => {
    const options = { anomalies: { warmupMs: 30 * 60_000, minWindows: 10 } };
    const watch = new LogWatch(options, () => 'id', () => T0);
    // 40 minutes of steady traffic, checkpointed in the middle of a window.
    watch.observe(Array.from({ length: 40 * 60 }, (_, s) => line('service:api', s + 30, `request ${s % 50} served in ${s % 9}ms`)));
    const copy = new LogWatch(options, () => 'id', () => T0);
    copy.restore(new Map(watch.checkpoint()));
    const burst = Array.from({ length: 120 }, (_, i) => line('service:api', 40 * 60 + 30 + i / 4, `request ${i} served in ${i % 9}ms`));
    const next = [...burst, line('service:api', 41 * 60 + 30, 'worker pool exhausted', 'error'), line('service:api', 43 * 60, 'request 1 served in 1ms')];
    const expected = watch.observe(next);
    assert.deepEqual(expected.anomalies.map((a) => a.detector).sort(), ['log.new-error-template', 'log.rate-shift'], 'the fixture finds nothing to compare');
    assert.deepEqual(copy.observe(next), expected);
  });

  it('restores a version 2 checkpoint (no baselines): templates and alerts, while the baselines warm up again', () => {
    const watch = new LogWatch({ anomalies: { warmupMs: 60_000 } }, newId);
    const lines = Array.from({ length: 300 }, (_, s) => line('service:api', s, `job ${s % 7} done`));
    const fired = watch.observe([...lines, line('service:api', 300, 'disk quota exceeded', 'error')]).events;
    assert.equal(fired.length, 1);
    const version2 = new Map([...watch.checkpoint()].map(([key, text]) => {
      const json = JSON.parse(text) as { version: number; entities?: Record<string, unknown>[] };
      json.version = 2;
      for (const part of json.entities ?? []) for (const kind of ['windows', 'rates', 'errorTemplates']) delete part[kind];
      return [key, JSON.stringify(json)];
    }));
    const copy = new LogWatch({ anomalies: { warmupMs: 60_000 } }, newId);
    assert.deepEqual(copy.restore(version2), { restored: 1, skipped: 0, problems: [] });
    assert.deepEqual(sorted(copy), sorted(watch));
    const after = copy.observe([
      line('service:api', 301, 'a line never seen before'), line('service:api', 302, 'job 1 done'), line('service:api', 301 + 20 * 60, 'job 1 done'),
    ]).events;
    assert.deepEqual(after.map((e) => [e.status, e.dedupKey]), [['resolved', fired[0]?.dedupKey]], 'warming up, the entity still found a new line');
  });

  it('restores example lines, and templates of a checkpoint written before they were kept with none, which then fill', () => {
    const watch = new LogWatch({}, newId);
    watch.observe([line('service:api', 0, 'job 1 done in 5ms'), line('service:api', 1, 'job 2 done in 7ms')]);
    const entries = new Map(watch.checkpoint());
    const copy = new LogWatch({}, newId);
    copy.restore(entries);
    assert.deepEqual(copy.templates().map((t) => t.examples), [['job 1 done in 5ms', 'job 2 done in 7ms']]);
    const withoutExamples = new Map([...entries].map(([key, text]) => [key, text.replace(/("lastSeen":\d+),"examples":\[[^\]]*\]/g, '$1')]));
    assert.notDeepEqual(withoutExamples, entries, 'the fixture removed no examples');
    const old = new LogWatch({}, newId);
    assert.deepEqual(old.restore(withoutExamples), { restored: 1, skipped: 0, problems: [] });
    assert.deepEqual(old.templates().map((t) => [t.template, t.count, t.examples]), [['job <*> done in <*>', 2, []]]);
    old.observe([line('service:api', 2, 'job 3 done in 2ms')]);
    assert.deepEqual(old.templates().map((t) => t.examples), [['job 3 done in 2ms']]);
  });

  it('reads the older single-entry format, continuing its template ids', () => {
    const legacy = { version: 1, nextId: 5, seq: 10, entities: [{ entityId: 'service:old', aliases: [['T2', 'T1']],
      templates: [{ id: 'T1', tokens: ['disk', 'full', 'on', '<*>'], count: 3, lastSeen: 4 }] }] };
    const watch = new LogWatch({}, newId);
    assert.deepEqual(watch.restore(new Map([[LEGACY_KEY, JSON.stringify(legacy)]])), { restored: 1, skipped: 0, problems: [] });
    assert.deepEqual(watch.templates('service:old').map((t) => [t.id, t.template, t.count, t.examples]), [['T1', 'disk full on <*>', 3, []]]);
    const [known, fresh] = watch.observe([line('service:old', 0, 'disk full on /dev/sda2'), line('service:old', 1, 'fan speed low')]).records;
    assert.equal(known?.templateId, 'T1');
    assert.equal(fresh?.templateId, 'T5');
    assert.ok([...watch.checkpoint()].some(([key]) => key === HEADER_KEY), 'the next checkpoint is in the chunked format');
  });

  it('skips a missing, unreadable or invalid chunk with the reason and restores the others', () => {
    const watch = new LogWatch({}, newId);
    watch.observe(fleet(5000, 0));
    const entries = new Map(watch.checkpoint());
    const [first, second, third] = [...entries.keys()];
    entries.delete(first ?? '');
    entries.set(second ?? '', '{"version":3,"entities":[{"entityId":"host:1","templ');
    entries.set(third ?? '', JSON.stringify({ version: 3, entities: [{ entityId: 'host:1', templates: [{ id: 'T1', tokens: 'a b', count: 1, lastSeen: 1 }], aliases: [], alerts: [] }] }));
    const copy = new LogWatch({}, newId);
    const { restored, skipped, problems } = copy.restore(entries);
    assert.equal(skipped, 3);
    assert.match(problems[0] ?? '', /^chunk:1:0: missing/);
    assert.match(problems[1] ?? '', /^chunk:1:1: not JSON/);
    assert.match(problems[2] ?? '', /^chunk:1:2: entities\.0\.templates\.0\.tokens: .*array/);
    assert.ok(restored >= 1 && copy.entityCount < 5000 && copy.entityCount > 0);
  });

  it('restores nothing from an unreadable header or one of a newer version, saying why', () => {
    const watch = new LogWatch({}, newId);
    watch.observe(fleet(10, 0));
    const entries = new Map(watch.checkpoint());
    const header = JSON.parse(entries.get(HEADER_KEY) ?? '') as Record<string, unknown>;
    for (const [text, reason] of [['{', /^state: not JSON/], [JSON.stringify({ ...header, version: 4 }), /^state: version: .*2\|3/]] as const) {
      const copy = new LogWatch({}, newId);
      const result = copy.restore(new Map([...entries, [HEADER_KEY, text]]));
      assert.deepEqual([result.restored, result.skipped, copy.entityCount], [0, 1, 0]);
      assert.match(result.problems[0] ?? '', reason);
    }
  });

  it('warms up the baselines of an entity that lost some of its rates with a chunk, rather than call its known lines new', () => {
    const word = (n: number) => n.toString(20).split('').map((d) => String.fromCharCode(103 + parseInt(d, 20))).join('');
    const bodies = Array.from({ length: 3000 }, (_, i) => `${word(i + 400)} ${'payload segment accepted '.repeat(6)}`);
    const options = { anomalies: { warmupMs: 60_000 } };
    const watch = new LogWatch(options, newId);
    watch.observe(bodies.map((body, i) => line('service:big', i, body)));
    const entries = new Map(watch.checkpoint());
    const header = JSON.parse(entries.get(HEADER_KEY) ?? '') as { generation: number; chunks: number };
    const lastChunk = chunkKey(header.generation, header.chunks - 1);
    assert.match(entries.get(lastChunk) ?? '', /"rates":\[\{/, 'the last chunk holds no rates');
    entries.delete(lastChunk);
    const copy = new LogWatch(options, newId);
    assert.equal(copy.restore(entries).skipped, 1);
    // Within the warm-up: restored with a part of its rates, the entity would call the others new at once.
    const again = copy.observe(bodies.map((body, i) => line('service:big', 3000 + i / 100, body)));
    assert.deepEqual(again.events.filter((e) => e.status === 'firing'), []);
  });

  it('keeps the most recent entities when restored under a lower cap, resolving the others\' alerts with the next findings', () => {
    const watch = new LogWatch({ anomalies: { warmupMs: 0 } }, newId);
    const fired = watch.observe(Array.from({ length: 10 }, (_, i) => line(`app:${i}`, i, 'boot failed', 'error'))).events;
    const copy = new LogWatch({ maxEntities: 4, anomalies: { warmupMs: 0 } }, newId);
    copy.restore(new Map(watch.checkpoint()));
    assert.deepEqual([...new Set(copy.templates().map((t) => t.entityId))].sort(), ['app:6', 'app:7', 'app:8', 'app:9']);
    const next: Event[] = copy.observe([]).events;
    assert.deepEqual(new Set(next.map((e) => e.dedupKey)), new Set(fired.slice(0, 6).map((e) => e.dedupKey)));
    assert.ok(next.every((e) => e.status === 'resolved'));
  });

  it('skips entities forgotten while a checkpoint is being taken, and the result still restores', () => {
    const watch = new LogWatch({ maxEntities: 5000 }, newId);
    watch.observe(fleet(5000, 0));
    const checkpoint = watch.checkpoint();
    const first = checkpoint.next();
    watch.observe(fleet(5000, 1).map((r) => ({ ...r, entityId: `other:${r.entityId}` })));
    const entries = new Map([first.value as [string, string], ...checkpoint]);
    const copy = new LogWatch({}, newId);
    assert.equal(copy.restore(entries).skipped, 0);
    assert.ok(copy.entityCount > 0 && copy.entityCount < 5000, `${copy.entityCount} entities: those forgotten during the checkpoint were written anyway`);
    assert.ok(copy.templates().every((t) => !t.entityId.startsWith('other:')), 'an entity seen after the checkpoint began');
  });
});
