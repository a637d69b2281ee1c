/**
 * Tails the configured log files into the sink. Every poll (timer, or fs.watch for promptness)
 * discovers files, reads new complete lines, hands them over in batches, and saves positions
 * only after the sink accepted them; a refused batch is read again next poll. Polls never overlap.
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { Clock } from '../../signals/index.js';
import { systemClock } from '../../signals/index.js';
import type { SignalSink } from '../sink.js';
import { OverloadedError } from '../sink.js';
import type { IngestLogger, IngestMetrics } from '../syslog/counters.js';
import { IngestCounters } from '../syslog/counters.js';
import type { FilesConfig } from './config.js';
import type { FilePosition } from './position-store.js';
import { PositionStore } from './position-store.js';
import type { TrackedFile } from './tracked-files.js';
import { TrackedFiles } from './tracked-files.js';
import type { Line } from './line-splitter.js';
import { toFileRecord } from './to-record.js';
import { hasWildcard } from './glob.js';

export const FILE_SOURCE = 'file';

/** Timers, injectable so tests drive polls themselves. */
export interface Timers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimers: Timers = {
  setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface FileSourceOptions {
  config: FilesConfig;
  /** Folder of opsight's local state; the positions file goes here. */
  dataDir: string;
  sink: SignalSink;
  metrics?: IngestMetrics;
  logger?: IngestLogger;
  /** Wall time of reads (the time of lines without their own timestamp). @default systemClock */
  clock?: Clock;
  /** This machine's name, for `host.name` and the default entity. @default os.hostname() */
  hostname?: string;
  timers?: Timers;
}

/** Reads per file per poll: keeps one busy file from starving the others. */
const MAX_READS_PER_POLL = 64;

export class FileSource {
  readonly counters: IngestCounters;
  private readonly store: PositionStore;
  private readonly files: TrackedFiles;
  private readonly timers: Timers;
  private readonly clock: Clock;
  private saved = new Map<string, FilePosition>();
  private interval: unknown;
  private watchers: FSWatcher[] = [];
  private polling: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: FileSourceOptions) {
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? realTimers;
    this.counters = new IngestCounters(FILE_SOURCE, options.metrics, options.logger, this.clock);
    this.store = new PositionStore(join(options.dataDir, options.config.stateFile));
    this.files = new TrackedFiles(options.config, options.hostname ?? osHostname(), options.logger);
  }

  /** Loads saved positions (a damaged positions file is an error), reads once, then keeps polling. */
  async start(): Promise<void> {
    if (this.options.config.inputs.length === 0) return;
    this.saved = await this.store.load();
    this.stopped = false;
    await this.poll();
    this.interval = this.timers.setInterval(() => void this.poll(), this.options.config.pollIntervalMs);
    if (this.options.config.watch) this.startWatchers();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval !== undefined) this.timers.clearInterval(this.interval);
    this.interval = undefined;
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    await this.polling;
    await this.files.closeAll();
  }

  /** One pass over every file; a call during a pass runs one more pass after it. */
  poll(): Promise<void> {
    if (this.polling !== undefined) {
      this.again = true;
      return this.polling;
    }
    this.polling = (async () => {
      do {
        this.again = false;
        await this.pass().catch((error: unknown) => this.options.logger?.warn({ err: error }, 'file tailing pass failed; will retry'));
      } while (this.again && !this.stopped);
    })().finally(() => { this.polling = undefined; });
    return this.polling;
  }

  private async pass(): Promise<void> {
    const removed = await this.files.discover(this.saved);
    if (removed.length > 0) await this.save(removed);
    for (const file of this.files.list()) {
      if (this.stopped) return;
      await this.pollFile(file);
    }
  }

  private async pollFile(file: TrackedFile): Promise<void> {
    for (let reads = 0; reads < MAX_READS_PER_POLL; reads++) {
      const result = await file.tailer.read();
      if (result.truncated) this.options.logger?.info({ path: file.path }, 'file truncated; reading it again from the start');
      if (result.lines.length > 0 && !(await this.deliver(file, result.lines))) return;
      const before = file.tailer.position()?.offset;
      file.tailer.commit(result.offset, result.skipping);
      if (result.lines.length > 0 || result.offset !== before || result.truncated) {
        await this.save();
        continue;
      }
      if (!(await this.followRotation(file))) return;
    }
  }

  /** At the end of a file: if it was rotated, send its unterminated last line and switch to the new file. */
  private async followRotation(file: TrackedFile): Promise<boolean> {
    const state = await file.tailer.rotation();
    file.missingPolls = state === 'missing' ? file.missingPolls + 1 : 0;
    if (state !== 'rotated') return false;
    const rest = await file.tailer.rest();
    if (rest.length > 0 && !(await this.deliver(file, rest))) return false;
    if (!(await file.tailer.switchToCurrent())) return false;
    this.options.logger?.info({ path: file.path }, 'file rotated; reading the new file from its start');
    await this.save();
    return true;
  }

  /** Sends lines in batches, committing after each accepted one; false when the sink refused (retry next poll). */
  private async deliver(file: TrackedFile, lines: Line[]): Promise<boolean> {
    const { batchSize, timestampOffsetMinutes } = this.options.config;
    const context = { readAt: this.clock.now(), hostname: this.files.hostname, path: file.path, offsetMinutes: timestampOffsetMinutes };
    for (let start = 0; start < lines.length; start += batchSize) {
      const slice = lines.slice(start, start + batchSize);
      const logs = slice.map((line) => toFileRecord(line, file.entityId, file.attributes, context));
      try {
        await this.options.sink.accept(FILE_SOURCE, { logs });
      } catch (error) {
        if (error instanceof OverloadedError) this.counters.throttled(`pipeline behind; ${file.path} will be read again from its saved position`);
        else this.counters.warn('sink_error', `lines of ${file.path} not accepted (${(error as Error).message}); will retry`);
        if (start > 0) await this.save();
        return false;
      }
      this.counters.accepted += logs.length;
      const last = slice[slice.length - 1] as Line;
      file.tailer.commit(last.end, false);
    }
    return true;
  }

  private async save(removed: readonly string[] = []): Promise<void> {
    for (const path of removed) this.saved.delete(path);
    for (const file of this.files.list()) {
      const position = file.tailer.position();
      if (position !== undefined) this.saved.set(file.path, position);
    }
    await this.store.save(this.saved);
  }

  private startWatchers(): void {
    const dirs = new Set(this.options.config.inputs.map((input) => dirname(input.path)).filter((dir) => !hasWildcard(dir)));
    for (const dir of dirs) {
      try {
        const watcher = watch(dir, { persistent: false }, () => void this.poll());
        watcher.on('error', () => watcher.close());
        this.watchers.push(watcher);
      } catch {
        // No fs.watch here (missing folder, unsupported file system): polling covers it.
      }
    }
  }
}
