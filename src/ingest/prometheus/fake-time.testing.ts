/**
 * Test support: a clock and timers that move only when a test advances them. A timer's callback
 * may return the promise of the work it started (see Timers); time does not move on until that
 * work has settled, so a test never races real I/O against fake deadlines. Such work must not
 * itself wait for a later fake timer: advance() would wait for it forever.
 */
import type { Clock } from '../../signals/index.js';
import type { Timers } from './timers.js';

interface Pending {
  id: number;
  at: number;
  callback: () => void | Promise<unknown>;
}

export class FakeTime implements Clock, Timers {
  private pending: Pending[] = [];
  private nextId = 1;
  private watchers: { count: number; resolve: () => void }[] = [];

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void | Promise<unknown>, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, at: this.current + ms, callback });
    this.wakeWatchers();
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((entry) => entry.id !== handle);
  }

  /** Timers not yet fired. */
  get scheduled(): number {
    return this.pending.length;
  }

  /** Resolves once at least `count` timers are waiting: the code under test has reached its wait. */
  whenScheduled(count = 1): Promise<void> {
    return new Promise((resolve) => {
      this.watchers.push({ count, resolve });
      this.wakeWatchers();
    });
  }

  /** Moves time forward by `ms`, firing due timers in order, each after the work of the one before has settled. */
  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      const due = this.pending.filter((entry) => entry.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.pending = this.pending.filter((entry) => entry !== due);
      this.current = Math.max(this.current, due.at);
      await due.callback();
    }
    this.current = until;
  }

  private wakeWatchers(): void {
    const ready = this.watchers.filter((watcher) => this.pending.length >= watcher.count);
    this.watchers = this.watchers.filter((watcher) => !ready.includes(watcher));
    for (const watcher of ready) watcher.resolve();
  }
}
