/**
 * The stage registry: every stage behind the bus, started by `opsight serve` and by the tests alike, listed in
 * the order data flows through them (so draining them in this order settles the pipeline). A new stage is a
 * folder of its own and one line here.
 */
import { startAnalysis } from '../analyze/stage.js';
import { startCorrelation, type RunningCorrelation } from '../correlate/stage.js';
import { compileRules } from '../correlate/rules.js';
import { startNotify } from '../notify/stage.js';
import { startLogDetection } from '../detect/log-watch/stage.js';
import { startMetricDetection } from '../detect/metric-fleet/stage.js';
import { startRedMetrics } from '../detect/trace-red/stage.js';
import { startTopology, type RunningTopology } from '../topology/stage.js';
import { SuppressionRules } from '../suppress/index.js';
import type { RunningStage } from './stage.js';
import type { StageContext, StageStarter } from './stage.js';

export const stages = {
  traceRed: ({ bus, config }: StageContext) => startRedMetrics(bus, { windowMs: config.detect.traces.window }),
  topology: (context: StageContext) => startTopology(context, { ...context.config.topology, windowMs: context.config.detect.traces.window }),
  metricDetection: (context: StageContext) => startMetricDetection(context, context.config.detect.metrics),
  logDetection: (context: StageContext) => startLogDetection(context, context.config.detect.logs),
  correlate: async ({ store, bus, metrics, config }: StageContext, started: Readonly<Record<string, RunningStage>>) => {
    const { inhibit, flapping, suppressionReload, cooccurrence: { enabled, halfLife, within, ...support }, similarity: { enabled: alike, ...similarity } } = config.correlate;
    const suppression = new SuppressionRules({ inhibit, flapping, reloadMs: suppressionReload });
    const correlation = await startCorrelation(store, bus, metrics, {
      incidentWindowMs: config.correlate.window, relatedWindowMs: config.correlate.relatedWindow,
      resolveAfterMs: config.correlate.resolveAfter, reopenWindowMs: config.correlate.reopenWindow,
      ...(enabled ? { cooccurrence: { halfLifeMs: halfLife, withinMs: within, ...support } } : {}),
      ...(alike ? { similarity } : {}),
      rules: compileRules(config.correlate.rules.map(({ window, ...rule }) => ({ ...rule, windowMs: window }))),
      related: (entityId) => (started.topology as RunningTopology | undefined)?.graph.related(entityId) ?? [],
      suppress: (tx, result) => suppression.screen(tx, result),
    });
    return Object.assign(correlation, { suppression });
  },
  analyze: ({ store, bus, logger, config }: StageContext, started: Readonly<Record<string, RunningStage>>) => startAnalysis(store, bus, started.topology as RunningTopology | undefined, logger, { reopenWindowMs: config.correlate.reopenWindow }),
  notify: ({ store, bus, logger, config }: StageContext, started: Readonly<Record<string, RunningStage>>) => startNotify(store, bus, logger, config.notify, { act: (id, action, by) => (started.correlate as RunningCorrelation).act(id, action, by) }),
} satisfies Record<string, StageStarter>;

export type RunningStages = { [K in keyof typeof stages]: Awaited<ReturnType<(typeof stages)[K]>> };

/** Starts every stage in registry order; each has subscribed (and restored its state) when this resolves. */
export async function startStages(context: StageContext): Promise<RunningStages> {
  const running: Partial<Record<keyof typeof stages, unknown>> = {};
  for (const [name, start] of Object.entries(stages) as [keyof typeof stages, StageStarter][]) running[name] = await start(context, running as Record<string, RunningStage>);
  return running as RunningStages;
}
