/** Runs a load in a worker thread, so load generation does not share the receiver's thread. */
import { Worker } from 'node:worker_threads';
import type { HttpLoadPlan, LoadResult } from './http-load.js';
import type { WorkerPlan } from './load-worker.js';

function inWorker<T>(job: WorkerPlan): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: job });
    worker.once('message', (result: T) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`load worker exited with ${code}`)); });
  });
}

export function runLoadInWorker(plan: HttpLoadPlan): Promise<LoadResult> {
  return inWorker({ kind: 'http', plan });
}

export function sendSyslogInWorker(port: number, payload: Uint8Array): Promise<{ bytes: number; elapsedMs: number }> {
  return inWorker({ kind: 'syslog', port, payload });
}
