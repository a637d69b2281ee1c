/** Worker-thread entry: runs one load plan sent by the benchmark and posts back the result. */
import { parentPort, workerData } from 'node:worker_threads';
import type { HttpLoadPlan } from './http-load.js';
import { runHttpLoad } from './http-load.js';

const result = await runHttpLoad(workerData as HttpLoadPlan);
parentPort?.postMessage(result);
