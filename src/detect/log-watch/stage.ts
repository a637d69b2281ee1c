/** The log detectors behind the bus: every log record through template mining and log anomaly detection. */
import { randomUUID } from 'node:crypto';
import { Topic } from '../../bus/topics.js';
import type { Detector, DetectionDependencies, RunningDetection } from '../detection.js';
import { latestByEntity, piecesOf, startDetection } from '../detection.js';
import { readProblem } from '../restore-report.js';
import type { LogWatchOptions } from './index.js';
import { LogWatch } from './index.js';

/** Work per turn of the event loop, in characters of log text (a record counts its body and a fixed cost). */
const LOG_CHARS_PER_PIECE = 256 * 1024;
const LOG_RECORD_COST = 256;

export function logDetector(watch: LogWatch): Detector<'logs'> {
  return {
    name: 'detect-logs', topic: Topic.logs,
    observe: (records) => watch.observe(records),
    split: (records) => piecesOf(records, (record) => record.body.length + LOG_RECORD_COST, LOG_CHARS_PER_PIECE),
    entities: (records) => latestByEntity(records, (record) => record.time),
    snapshot: () => watch.checkpoint(),
    restore(snapshot) {
      try {
        return watch.restore(snapshot);
      } catch (error) {
        return { restored: 0, skipped: 1, problems: [readProblem(error)] };
      }
    },
  };
}

export async function startLogDetection(dependencies: DetectionDependencies, options: LogWatchOptions): Promise<RunningDetection & { watch: LogWatch }> {
  const watch = new LogWatch(options, randomUUID);
  return { ...(await startDetection(logDetector(watch), dependencies)), watch };
}
