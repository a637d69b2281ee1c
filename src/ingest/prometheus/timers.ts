/** Timers as a port, so the scraper's schedule and the backfill's waits can be driven by a fake in tests instead of sleeping. */

export interface Timers {
  /**
   * Calls `callback` after `ms`. A callback that starts asynchronous work returns its promise: a
   * fake clock waits for that work before it moves time further; real timers ignore it.
   */
  setTimeout(callback: () => void | Promise<unknown>, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(() => void callback(), ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
