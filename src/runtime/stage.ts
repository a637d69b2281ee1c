/** What the runtime gives a stage, and what a running stage gives back. */
import type { Logger } from 'pino';
import type { Bus } from '../bus/types.js';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/index.js';
import type { OpsightMetrics } from '../telemetry/metrics.js';

export interface StageContext {
  config: Readonly<Config>;
  store: Store;
  bus: Bus;
  metrics: OpsightMetrics;
  logger: Logger;
}

export interface RunningStage {
  /** Resolves when the stage has handled everything delivered to it so far. */
  drained(): Promise<void>;
  /** Writes what the stage has learned to the store; called now and then and at shutdown. */
  checkpoint?(): Promise<void>;
  /** Writes what the stage holds for a short while (e.g. entities seen) to the store. */
  flush?(): Promise<void>;
  /** Stops the stage's timers and lets what it has in flight finish; called before the bus closes. */
  stop?(): Promise<void>;
}

/** Starts a stage; `started` holds the stages before it in the registry, by name, for a stage that uses one (correlation, the topology). */
export type StageStarter = (context: StageContext, started: Readonly<Record<string, RunningStage>>) => Promise<RunningStage>;
