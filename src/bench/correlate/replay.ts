/**
 * Replays a scenario through the runtime `opsight serve` runs — the bus, the sink ingest hands signals to,
 * and every stage of the registry (the topology joins the spans into calls, correlation asks it for an
 * alert's relatives) — on a fresh SQLite store in a temporary folder, at serve's default settings. Each line
 * is handed to the sink and the stages settle before the next, so a replay is deterministic. After each
 * firing alert line, the incident its alert is in is read back from the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { fingerprintOf } from '../../alerts/index.js';
import { deepFreeze } from '../../config/load.js';
import { configSchema, type Config } from '../../config/schema.js';
import { startRuntime } from '../../runtime/runtime.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/index.js';
import type { Scenario } from './scenario.js';
import { firingAlertOf } from './scenario.js';

/** One firing alert line and where it ended up. */
export interface ReplayedAlert {
  line: number;
  truth: string;
  /** The incident its alert was in once the line was applied; null when it was in none. */
  incidentId: string | null;
}

export interface Replay {
  alerts: ReplayedAlert[];
  /** Alerts in the store that no line sent: raised by opsight's own detectors from the scenario's spans or samples. */
  otherAlerts: number;
}

export const serveDefaults = (): Readonly<Config> => deepFreeze(configSchema.parse({}));

async function alertCount(store: Store): Promise<number> {
  return (await store.alerts.list({ limit: 1, offset: 0 })).total;
}

export async function replayScenario(scenario: Scenario, config: Readonly<Config> = serveDefaults()): Promise<Replay> {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsight-bench-correlate-'));
  // The store is thrown away after the run: durability on power loss buys nothing here.
  const store = await openStore({ driver: 'sqlite', dataDir, sqliteSynchronous: 'normal' });
  try {
    const runtime = await startRuntime(config, store, pino({ level: 'silent' }));
    const alerts: ReplayedAlert[] = [];
    try {
      for (const step of scenario.steps) {
        await runtime.sink.accept('bench', step.batch);
        await runtime.settled();
        const firing = firingAlertOf(step);
        if (firing === undefined) continue;
        const stored = await store.alerts.get(fingerprintOf(firing));
        alerts.push({ line: step.line, truth: step.truth ?? '', incidentId: stored?.incidentId ?? null });
      }
    } finally {
      await runtime.close(10_000);
    }
    const sent = new Set(scenario.steps.flatMap((step) => step.batch.events ?? []).filter((event) => event.kind === 'alert').map(fingerprintOf));
    return { alerts, otherAlerts: (await alertCount(store)) - sent.size };
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
