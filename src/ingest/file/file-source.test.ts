import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignalBatch } from '../sink.js';
import { MemorySink, OverloadedError } from '../sink.js';
import { filesConfigSchema } from './config.js';
import type { Timers } from './file-source.js';
import { FileSource } from './file-source.js';
import { waitFor } from '../syslog/testing.js';

/** Timers that never fire: each test drives polls itself. */
const manualTimers: Timers = { setInterval: () => 0, clearInterval: () => undefined };
const clock = { now: () => Date.UTC(2026, 10, 26, 12) };

/** A MemorySink that can be told to refuse the next batches. */
class RefusingSink extends MemorySink {
  refuseNext = 0;
  override accept(source: string, batch: SignalBatch): Promise<void> {
    if (this.refuseNext > 0) {
      this.refuseNext--;
      return Promise.reject(new OverloadedError(1));
    }
    return super.accept(source, batch);
  }
}

describe('FileSource', () => {
  let dir: string;
  let log: string;
  let sink: RefusingSink;
  let source: FileSource;

  function create(inputs: unknown[] = [{ path: log, service: 'checkout', labels: { team: 'pay' } }], extra: Record<string, unknown> = {}) {
    const config = filesConfigSchema.parse({ inputs, watch: false, ...extra });
    return new FileSource({ config, dataDir: join(dir, 'data'), sink, clock, hostname: 'vm', timers: manualTimers });
  }

  const bodies = () => sink.logs.map((record) => record.body);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsight-files-'));
    log = join(dir, 'app.log');
    sink = new RefusingSink();
    source = create();
  });
  afterEach(async () => {
    await source.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads existing lines, then appended ones, with entity, labels and guessed severity', async () => {
    await writeFile(log, 'INFO started\nERROR boom\n');
    await source.start();
    await appendFile(log, 'WARN slow\n');
    await source.poll();
    assert.deepEqual(bodies(), ['INFO started', 'ERROR boom', 'WARN slow']);
    assert.deepEqual(sink.logs.map((record) => record.severity), ['info', 'error', 'warning']);
    assert.equal(sink.logs[0]?.entityId, 'service:checkout');
    assert.equal(sink.logs[0]?.attributes.team, 'pay');
    assert.equal(sink.logs[0]?.attributes['log.file.path'], log);
    assert.equal(sink.logs[0]?.time, clock.now());
    assert.deepEqual(sink.sources, ['file', 'file']);
  });

  it('waits for the newline of a partial last line', async () => {
    await writeFile(log, 'complete\npart');
    await source.start();
    assert.deepEqual(bodies(), ['complete']);
    await appendFile(log, 'ial line');
    await source.poll();
    assert.deepEqual(bodies(), ['complete']);
    await appendFile(log, ' done\n');
    await source.poll();
    assert.deepEqual(bodies(), ['complete', 'partial line done']);
  });

  it('keeps a multi-byte character written in two pieces', async () => {
    const bytes = Buffer.from('naïve café ✓\n');
    await writeFile(log, bytes.subarray(0, 12));
    await source.start();
    await appendFile(log, bytes.subarray(12));
    await source.poll();
    assert.deepEqual(bodies(), ['naïve café ✓']);
  });

  it('follows rotation by rename: finishes the old file, then reads the new one', async () => {
    await writeFile(log, 'old 1\n');
    await source.start();
    await appendFile(log, 'old 2\nold tail without newline');
    await rename(log, `${log}.1`);
    await writeFile(log, 'new 1\n');
    await source.poll();
    assert.deepEqual(bodies(), ['old 1', 'old 2', 'old tail without newline', 'new 1']);
    await appendFile(log, 'new 2\n');
    await source.poll();
    assert.deepEqual(bodies().slice(-1), ['new 2']);
  });

  it('starts again from 0 after truncation (copytruncate)', async () => {
    await writeFile(log, 'before 1\nbefore 2\n');
    await source.start();
    await truncate(log, 0);
    await source.poll();
    await appendFile(log, 'after\n');
    await source.poll();
    assert.deepEqual(bodies(), ['before 1', 'before 2', 'after']);
  });

  it('resumes from the saved position after a restart: no loss, no duplicates', async () => {
    await writeFile(log, 'a\nb\n');
    await source.start();
    await source.stop();
    await appendFile(log, 'c\n');
    source = create();
    await source.start();
    assert.deepEqual(bodies(), ['a', 'b', 'c']);
    const state = JSON.parse(await readFile(join(dir, 'data', 'file-positions.json'), 'utf8')) as { files: Record<string, { offset: number }> };
    assert.equal(state.files[log]?.offset, 6);
  });

  it('finds the renamed file after a restart and reads its rest before the new file', async () => {
    await writeFile(log, 'a\n');
    await source.start();
    await source.stop();
    await appendFile(log, 'b\n');
    await rename(log, `${log}.1`);
    await writeFile(log, 'c\n');
    source = create();
    await source.start();
    assert.deepEqual(bodies(), ['a', 'b', 'c']);
  });

  it('re-reads lines the sink refused and saves positions only after acceptance', async () => {
    await writeFile(log, 'one\ntwo\n');
    sink.refuseNext = 1;
    await source.start();
    assert.deepEqual(bodies(), []);
    assert.equal(source.counters.throttles, 1);
    await source.stop();
    source = create();
    await source.start();
    assert.deepEqual(bodies(), ['one', 'two']);
    await source.poll();
    assert.deepEqual(bodies(), ['one', 'two']);
  });

  it('commits each accepted batch, so a refusal midway re-sends only the rest', async () => {
    source = create(undefined, { batchSize: 2 });
    await writeFile(log, '1\n2\n3\n4\n5\n');
    let calls = 0;
    const accept = sink.accept.bind(sink);
    sink.accept = (name, batch) => (++calls === 2 ? Promise.reject(new OverloadedError(1)) : accept(name, batch));
    await source.start();
    assert.deepEqual(bodies(), ['1', '2']);
    await source.poll();
    assert.deepEqual(bodies(), ['1', '2', '3', '4', '5']);
  });

  it('cuts very long lines at maxLineBytes and marks them', async () => {
    source = create(undefined, { maxLineBytes: 256, readChunkBytes: 4096 });
    await writeFile(log, `${'x'.repeat(10_000)}\nshort\n`);
    await source.start();
    assert.equal(sink.logs[0]?.body.length, 256);
    assert.equal(sink.logs[0]?.attributes['log.truncated'], true);
    assert.deepEqual(bodies().slice(1), ['short']);
  });

  it('tails files matching a glob, including ones created later, and starts at the end when asked', async () => {
    await writeFile(join(dir, 'a.log'), 'old a\n');
    source = create([{ path: join(dir, '*.log'), startAt: 'end' }]);
    await source.start();
    await appendFile(join(dir, 'a.log'), 'new a\n');
    await writeFile(join(dir, 'b.log'), 'first b\n');
    await writeFile(join(dir, 'b.txt'), 'ignored\n');
    await source.poll();
    await source.poll();
    assert.deepEqual(bodies().sort(), ['first b', 'new a']);
    assert.equal(sink.logs[0]?.entityId, 'host:vm');
  });

  it('waits for a configured file that does not exist yet', async () => {
    await source.start();
    await writeFile(log, 'hello\n');
    await source.poll();
    assert.deepEqual(bodies(), ['hello']);
  });

  it('refuses to start on a damaged positions file, naming it', async () => {
    await writeFile(log, 'x\n');
    await source.start();
    await source.stop();
    await writeFile(join(dir, 'data', 'file-positions.json'), '{"version":1,"files":{"x":{"dev":1}}}');
    source = create();
    await assert.rejects(source.start(), /file-positions\.json are damaged/);
  });

  it('reads promptly on fs.watch events, without waiting for the poll interval', async () => {
    const config = filesConfigSchema.parse({ inputs: [log], watch: true, pollIntervalMs: 3_600_000 });
    source = new FileSource({ config, dataDir: join(dir, 'data'), sink, clock, hostname: 'vm' });
    await writeFile(log, 'first\n');
    await source.start();
    await appendFile(log, 'watched\n');
    await waitFor(() => bodies().includes('watched'), 'the watched line');
  });

  it('falls back to polling on its interval', async () => {
    const config = filesConfigSchema.parse({ inputs: [log], watch: false, pollIntervalMs: 20 });
    source = new FileSource({ config, dataDir: join(dir, 'data'), sink, clock, hostname: 'vm' });
    await source.start();
    await writeFile(log, 'polled\n');
    await waitFor(() => bodies().includes('polled'), 'the polled line');
  });
});
