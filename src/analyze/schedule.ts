/**
 * When each incident is ranked, on event time: a change makes it due a few seconds later (a storm of joins in
 * that time costs one ranking), and a ranking made before the incident's evidence window closed makes it due
 * once more when it does. Bounded: past `maxPending` incidents waiting, the one due last is dropped. Pure.
 */

export interface ScheduleOptions {
  /** How long after a change the incident is ranked, in ms of event time. @default 5000 */
  debounceMs: number;
  /** How long after its start an incident's evidence counts, in ms. @default 300000 */
  windowMs: number;
  /** Most incidents waiting for a ranking. @default 1000 */
  maxPending: number;
}

export class AnalysisSchedule {
  /** Due time by incident id. */
  private readonly pending = new Map<string, number>();
  /** Incidents dropped over the bound since the start. */
  dropped = 0;

  constructor(private readonly options: ScheduleOptions) {}

  get size(): number {
    return this.pending.size;
  }

  /** Incident `id` changed at event time `time`: due after the debounce (or earlier, when it already was). */
  changed(id: string, time: number): void {
    this.dueAt(id, time + this.options.debounceMs);
  }

  /** Incident `id` (started at `startedAt`) was ranked on evidence up to `end`: due again when its window closes, if it had not. */
  ranked(id: string, startedAt: number, end: number): void {
    const windowEnd = startedAt + this.options.windowMs;
    if (end < windowEnd) this.dueAt(id, windowEnd);
  }

  /** The evidence of a ranking due at `due` ends there, or at the end of the incident's window if that came first. */
  evidenceEnd(startedAt: number, due: number): number {
    return Math.min(due, startedAt + this.options.windowMs);
  }

  /** Whether an incident is due by `now`. */
  hasDue(now: number): boolean {
    for (const time of this.pending.values()) if (time <= now) return true;
    return false;
  }

  /** Takes the incidents due by `now`, earliest first, with their due times. */
  takeDue(now: number): { id: string; due: number }[] {
    const due = [...this.pending].filter(([, time]) => time <= now).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    for (const [id] of due) this.pending.delete(id);
    return due.map(([id, time]) => ({ id, due: time }));
  }

  private dueAt(id: string, time: number): void {
    this.pending.set(id, Math.min(time, this.pending.get(id) ?? Infinity));
    if (this.pending.size <= this.options.maxPending) return;
    const [latest] = [...this.pending].sort((a, b) => b[1] - a[1]);
    if (latest !== undefined) this.pending.delete(latest[0]);
    this.dropped += 1;
  }
}
