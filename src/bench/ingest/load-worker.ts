/** Worker-thread entry: runs one load plan sent by the benchmark and posts back the result. */
import { parentPort, workerData } from 'node:worker_threads';
import type { HttpLoadPlan } from './http-load.js';
import { runHttpLoad } from './http-load.js';
import { sendSyslogOverTcp } from '../../ingest/syslog/index.js';

export type WorkerPlan = { kind: 'http'; plan: HttpLoadPlan } | { kind: 'syslog'; port: number; payload: Uint8Array };

const job = workerData as WorkerPlan;
const result = job.kind === 'http' ? await runHttpLoad(job.plan) : await sendSyslogOverTcp('127.0.0.1', job.port, Buffer.from(job.payload));
parentPort?.postMessage(result);
