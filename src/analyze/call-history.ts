/**
 * The calls between services of the last minutes of event time, and of the evidence windows of incidents, for the
 * hop evidence of root cause analysis (spans are not stored: the topology's call joiner hands its calls over as
 * it makes them). Calls are kept by minute of event time: a minute goes when it is older than the retention
 * behind the latest call and no pinned window (an incident a later alert may rank again) overlaps it. Past the
 * bound on calls the oldest minutes go first, pinned or not, and pins of windows no longer held with them. Pure.
 */
import type { Call } from '../topology/call.js';

export interface CallHistoryOptions {
  /** Calls older than this behind the latest call seen are dropped unless pinned, in ms. @default 1800000 */
  retainMs?: number;
  /** Most calls kept. @default 200000 */
  maxCalls?: number;
}

const MINUTE_MS = 60_000;

interface Pin {
  from: number;
  to: number;
  /** Event time from which the pin lapses. */
  until: number;
}

export class CallHistory {
  private readonly retainMs: number;
  private readonly maxCalls: number;
  /** Calls by the minute of event time they ended in. */
  private readonly minutes = new Map<number, Call[]>();
  /** Windows of event time kept past the retention, by owner (an incident id). */
  private readonly pins = new Map<string, Pin>();
  private count = 0;
  private latestTime: number | undefined;

  constructor(options: CallHistoryOptions = {}) {
    this.retainMs = options.retainMs ?? 30 * 60_000;
    this.maxCalls = options.maxCalls ?? 200_000;
  }

  /** The latest event time of a call seen; undefined before any. */
  get latest(): number | undefined {
    return this.latestTime;
  }

  get size(): number {
    return this.count;
  }

  /** What the history holds, for a debug log. */
  describe(): { heldCalls: number; heldMinutes: number; pinnedWindows: number; latestCall: number | undefined } {
    return { heldCalls: this.count, heldMinutes: this.minutes.size, pinnedWindows: this.pins.size, latestCall: this.latestTime };
  }

  add(calls: readonly Call[]): void {
    let newMinute = false;
    for (const call of calls) {
      const minute = Math.floor(call.time / MINUTE_MS);
      const held = this.minutes.get(minute);
      if (held === undefined) {
        this.minutes.set(minute, [call]);
        newMinute = true;
      } else held.push(call);
      this.count += 1;
      if (this.latestTime === undefined || call.time > this.latestTime) this.latestTime = call.time;
    }
    if (newMinute || this.count > this.maxCalls) this.dropOld();
  }

  /** Keeps the calls of [from, to] while `owner` is pinned, until the latest call passes `until` (a later pin of the same owner replaces it). */
  pin(owner: string, from: number, to: number, until = Infinity): void {
    this.pins.set(owner, { from, to, until });
  }

  unpin(owner: string): void {
    this.pins.delete(owner);
  }

  /** The calls that ended in [from, to], oldest first. */
  between(from: number, to: number): Call[] {
    const found: Call[] = [];
    for (const [minute, calls] of this.minutes) {
      if ((minute + 1) * MINUTE_MS <= from || minute * MINUTE_MS > to) continue;
      for (const call of calls) if (call.time >= from && call.time <= to) found.push(call);
    }
    return found.sort((a, b) => a.time - b.time);
  }

  private pinned(minute: number): boolean {
    const start = minute * MINUTE_MS;
    for (const { from, to } of this.pins.values()) if (from < start + MINUTE_MS && to >= start) return true;
    return false;
  }

  private dropOld(): void {
    const latest = this.latestTime ?? 0;
    for (const [owner, { until }] of this.pins) if (until < latest) this.pins.delete(owner);
    const oldest = latest - this.retainMs;
    const minutes = [...this.minutes.keys()].sort((a, b) => a - b);
    for (const minute of minutes) {
      if ((minute + 1) * MINUTE_MS > oldest) break;
      if (!this.pinned(minute)) this.drop(minute);
    }
    for (const minute of minutes) {
      if (this.count <= this.maxCalls) break;
      this.drop(minute);
    }
    const heldFrom = Math.min(...this.minutes.keys()) * MINUTE_MS;
    for (const [owner, { to }] of this.pins) if (to < heldFrom) this.pins.delete(owner);
  }

  private drop(minute: number): void {
    this.count -= this.minutes.get(minute)?.length ?? 0;
    this.minutes.delete(minute);
  }
}
