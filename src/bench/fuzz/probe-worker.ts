/**
 * Worker thread: GETs /healthz every 250 ms with a 1 s timeout and posts each probe's start time,
 * latency and outcome. It has its own event loop so the fuzzer's CPU use never delays a probe.
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface ProbePlan {
  url: string;
  intervalMs: number;
  timeoutMs: number;
}

export interface ProbeResult {
  /** Epoch ms the probe was sent. */
  startedAt: number;
  ms: number;
  ok: boolean;
}

const plan = workerData as ProbePlan;

for (;;) {
  const startedAt = Date.now();
  const started = performance.now();
  const ok = await fetch(plan.url, { signal: AbortSignal.timeout(plan.timeoutMs) }).then(async (response) => {
    await response.arrayBuffer();
    return response.status === 200;
  }, () => false);
  const ms = performance.now() - started;
  parentPort?.postMessage({ startedAt, ms, ok } satisfies ProbeResult);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, plan.intervalMs - ms)));
}
