/** Test support: the whole of opsight in-process on a store target, wired as `opsight serve` wires it, with one token per role. */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { ConfigInput } from '../config/schema.js';
import { configSchema } from '../config/schema.js';
import { deepFreeze } from '../config/load.js';
import type { Role, Store } from '../store/index.js';
import type { StoreTarget } from '../store/testing.js';
import { buildApp } from '../server/app.js';
import { issueToken } from '../server/auth/tokens.js';
import type { Runtime } from './runtime.js';
import { appDependencies, startRuntime } from './runtime.js';
import type { RunningStages } from './stages.js';

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  runtime: Runtime;
  sink: Runtime['sink'];
  stages: RunningStages;
  /** Resolves when every stage has processed what it was given (detection may publish events). */
  settled(): Promise<void>;
  tokens: Record<Role, string>;
  /** Authorization header for a role. */
  as(role: Role): { authorization: string };
  close(): Promise<void>;
}

/** Settings as in the config file; tests start from a 30-minute incident window and 1 MiB bodies. */
export function testConfig(overrides: ConfigInput = {}) {
  return deepFreeze(configSchema.parse({
    ...overrides,
    server: { bodyLimitBytes: 1024 * 1024, ...overrides.server },
    correlate: { window: 30 * 60_000, ...overrides.correlate },
  }));
}

export async function startTestApp(target: StoreTarget, overrides: ConfigInput = {}): Promise<TestApp> {
  const location = await target.create();
  const store = await location.open();
  const runtime = await startRuntime(testConfig(overrides), store, pino({ level: 'silent' }));
  const app = await buildApp(appDependencies(runtime, () => true));
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'responder', 'admin', 'ingest'] as const) tokens[role] = (await issueToken(store, role, role)).token;
  return {
    app, store, runtime, sink: runtime.sink, stages: runtime.stages, settled: () => runtime.settled(), tokens,
    as: (role) => ({ authorization: `Bearer ${tokens[role]}` }),
    async close() {
      await app.close();
      await runtime.bus.close();
      await store.close();
      await location.dispose();
    },
  };
}

/** Polls `probe` until `done` holds (or fails after `timeoutMs`, naming `what` and the last value). */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
