/**
 * Tests of running a detector behind the bus: the entity batch stays bounded between flushes, checkpoints replace the last
 * one whole, and what a restore skipped is logged with why.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { InProcessBus } from '../bus/in-process.js';
import type { LogRecord } from '../signals/index.js';
import type { Store } from '../store/index.js';
import { storeTargets } from '../store/testing.js';
import { createMetrics } from '../telemetry/metrics.js';
import type { Detector, RunningDetection } from './detection.js';
import { MAX_PENDING_ENTITIES, piecesOf, startDetection } from './detection.js';

const T0 = Date.UTC(2026, 4, 1);

/** A detector of log records that finds nothing: it notes each record's entity; its state is whatever `state` holds. */
interface StubState {
  entries: [string, string][];
  observed: string[][];
  /** Called after the first piece of a payload, to queue work that reports how many pieces were observed when it ran. */
  afterFirstPiece?: ((done: (observed: number) => void) => void) | undefined;
  report?: (observed: number) => void;
}

function stub(state: StubState): Detector<'logs'> {
  return {
    name: 'stub', topic: 'logs',
    observe: (records) => {
      state.observed.push(records.map((record) => record.entityId));
      if (state.observed.length === 1) state.afterFirstPiece?.((observed) => state.report?.(observed));
      return { anomalies: [], events: [] };
    },
    split: (records) => piecesOf(records, () => 1, 3),
    entities: (records) => new Map(records.map((record) => [record.entityId, T0])),
    snapshot: () => state.entries.values(),
    restore: (snapshot) => ({ restored: snapshot.size, skipped: 0, problems: [] }),
  };
}

/** Log records of the given entities. */
function recordsOf(entityIds: readonly string[]): LogRecord[] {
  return entityIds.map((entityId) => ({ entityId, time: T0, severity: 'info', body: 'line', attributes: {} }));
}

for (const target of storeTargets) {
  describe(`startDetection (${target.name})`, () => {
    let location: Awaited<ReturnType<(typeof storeTargets)[0]['create']>>;
    let store: Store;
    let bus: InProcessBus;
    let running: RunningDetection;
    const state: StubState = { entries: [], observed: [] };

    before(async () => {
      location = await target.create();
      store = await location.open();
      bus = new InProcessBus();
      running = await startDetection(stub(state), { store, bus, metrics: createMetrics(), logger: pino({ level: 'silent' }) });
    });
    after(async () => {
      await bus.close();
      await store.close();
      await location.dispose();
    });

    it('writes entities to the inventory once the batch reaches its bound, without waiting for a flush', async () => {
      const total = MAX_PENDING_ENTITIES * 2 + 500;
      for (let start = 0; start < total; start += 500) {
        await bus.publish('logs', [{ id: `m${start}`, key: 'k', payload: recordsOf(Array.from({ length: 500 }, (_, i) => `host:h${start + i}`)) }]);
      }
      await running.drained();
      const written = (await store.entities.list(1, 0)).total;
      assert.ok(written >= total - MAX_PENDING_ENTITIES, `only ${written} of ${total} written before a flush`);
      await running.flush();
      assert.equal((await store.entities.list(1, 0)).total, total);
    });

    it('observes a large payload in pieces, in order, letting the event loop run between them', async () => {
      state.observed.length = 0;
      state.afterFirstPiece = (done) => setImmediate(() => done(state.observed.length));
      const observedWhenOtherWorkRan = new Promise<number>((resolve) => { state.report = resolve; });
      await bus.publish('logs', [{ id: 'pieces', key: 'k', payload: recordsOf(['a', 'b', 'c', 'd', 'e', 'f', 'g']) }]);
      await running.drained();
      assert.deepEqual(state.observed, [['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
      assert.equal(await observedWhenOtherWorkRan, 1, 'work queued during the first piece ran before the second');
      state.afterFirstPiece = undefined;
    });

    it('writes a large checkpoint in several transactions and deletes the entries the next one no longer has', async () => {
      state.entries = Array.from({ length: 1200 }, (_, i) => [`key-${i}`, 'x'.repeat(100)]);
      await running.checkpoint();
      assert.equal((await store.snapshots.all('stub')).size, 1200);
      state.entries = [['key-7', 'y'], ['new', 'z']];
      await Promise.all([running.checkpoint(), running.checkpoint()]);
      assert.deepEqual([...(await store.snapshots.all('stub'))], [['key-7', 'y'], ['new', 'z']]);
    });

    it('logs a warning with the reasons of the checkpoint entries skipped at start', async () => {
      const lines: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
      const problems = ['a: not JSON: Unexpected token', 'b: alert.firing: Invalid input: expected boolean, received string'];
      const skipping: Detector<'logs'> = { ...stub({ entries: [], observed: [] }), name: 'skipping', restore: () => ({ restored: 1, skipped: 2, problems }) };
      const started = await startDetection(skipping, { store, bus: new InProcessBus(), metrics: createMetrics(), logger });
      await started.drained();
      const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; skipped?: number; problems?: string[] });
      const warning = logged.find((entry) => entry.level === 40);
      assert.deepEqual([warning?.skipped, warning?.problems], [2, problems]);
      assert.match(warning?.msg ?? '', /skipped/);
    });
  });
}
