/** Runs a load plan in a worker thread, so load generation does not share the receiver's thread. */
import { Worker } from 'node:worker_threads';
import type { HttpLoadPlan, LoadResult } from './http-load.js';

export function runLoadInWorker(plan: HttpLoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: plan });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`load worker exited with ${code}`)); });
  });
}
