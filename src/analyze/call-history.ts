/**
 * The calls between services of the last minutes of event time, for the hop evidence of root cause analysis
 * (spans are not stored: the topology's call joiner hands its calls over as it makes them). Bounded by age and
 * by count, the oldest dropped first. Pure.
 */
import type { Call } from '../topology/call.js';

export interface CallHistoryOptions {
  /** Calls older than this behind the latest call seen are dropped, in ms. @default 1800000 */
  retainMs?: number;
  /** Most calls kept. @default 200000 */
  maxCalls?: number;
}

export class CallHistory {
  private readonly retainMs: number;
  private readonly maxCalls: number;
  /** Calls in arrival order from `head` on; the dropped prefix is cut off now and then, not per call. */
  private calls: Call[] = [];
  private head = 0;
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
    return this.calls.length - this.head;
  }

  add(calls: readonly Call[]): void {
    for (const call of calls) {
      this.calls.push(call);
      if (this.latestTime === undefined || call.time > this.latestTime) this.latestTime = call.time;
    }
    this.dropOld();
  }

  /** The calls that ended in [from, to], oldest first. */
  between(from: number, to: number): Call[] {
    const found: Call[] = [];
    for (let index = this.head; index < this.calls.length; index += 1) {
      const call = this.calls[index] as Call;
      if (call.time >= from && call.time <= to) found.push(call);
    }
    return found.sort((a, b) => a.time - b.time);
  }

  private dropOld(): void {
    const oldest = (this.latestTime ?? 0) - this.retainMs;
    while (this.head < this.calls.length && (this.size > this.maxCalls || (this.calls[this.head] as Call).time < oldest)) this.head += 1;
    if (this.head > this.calls.length / 2) {
      this.calls = this.calls.slice(this.head);
      this.head = 0;
    }
  }
}
