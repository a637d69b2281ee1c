/** Test support: a clock and timers that move only when a test advances them. */
import type { Clock } from '../../signals/index.js';
import type { Timers } from './timers.js';

interface Pending {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeTime implements Clock, Timers {
  private pending: Pending[] = [];
  private nextId = 1;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, at: this.current + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((entry) => entry.id !== handle);
  }

  /** Timers not yet fired. */
  get scheduled(): number {
    return this.pending.length;
  }

  /** Moves time forward by `ms`, firing due timers in order; lets promises settle after each. */
  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      const due = this.pending.filter((entry) => entry.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.pending = this.pending.filter((entry) => entry !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.current = until;
  }
}
