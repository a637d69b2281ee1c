/** What the fuzzer watches besides responses: /healthz probes (from a worker thread), the child's resident memory, and when it was down. */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ProbePlan, ProbeResult } from './probe-worker.js';

export const PROBE_INTERVAL_MS = 250;
/** A /healthz probe slower than this (or failing while the child runs) is a stall. */
export const STALL_MS = 1000;

export interface Prober {
  stop(): Promise<void>;
}

export function startProber(url: string, onResult: (probe: ProbeResult) => void): Prober {
  const plan: ProbePlan = { url: `${url}/healthz`, intervalMs: PROBE_INTERVAL_MS, timeoutMs: STALL_MS };
  const worker = new Worker(new URL('./probe-worker.js', import.meta.url), { workerData: plan });
  worker.on('message', onResult);
  return { stop: async () => void (await worker.terminate()) };
}

/** Resident set size of a process in bytes (VmRSS), or 0 when it is gone. */
export function residentBytes(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/** Intervals the child was down (crashed until answering again): a probe failing inside one is part of the crash, not a stall. */
export class Downtime {
  private readonly intervals: [number, number][] = [];

  down(at: number): void {
    this.intervals.push([at, Number.POSITIVE_INFINITY]);
  }

  up(at: number): void {
    const last = this.intervals[this.intervals.length - 1];
    if (last !== undefined && last[1] === Number.POSITIVE_INFINITY) last[1] = at;
  }

  overlaps(from: number, to: number): boolean {
    return this.intervals.some(([start, end]) => start <= to && end >= from);
  }
}
