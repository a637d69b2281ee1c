/** Builds the HTTP server: validation, errors, OpenAPI, auth, and each API area as its own plugin. */
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { SignalSink } from '../ingest/sink.js';
import type { Store } from '../store/index.js';
import { auth } from './auth/plugin.js';
import { openapiOptions } from './openapi.js';
import { installErrorHandling, replyWithError } from '../http/error-handler.js';
import { installJsonParser } from '../http/json-body.js';
import type { ListenerLimits } from '../http/limits.js';
import { capConnections, defaultListenerLimits, listenerOptions } from '../http/limits.js';
import { addSecurityHeaders } from '../http/security-headers.js';
import type { OpsightMetrics } from '../telemetry/metrics.js';
import { alertRoutes } from './routes/alerts.js';
import { anomalyRoutes } from './routes/anomalies.js';
import { entityRoutes } from './routes/entities.js';
import { logTemplateRoutes } from './routes/log-templates.js';
import { seriesRoutes } from './routes/series.js';
import type { TemplateInfo } from '../detect/log/index.js';
import type { SeriesInfo, SeriesPoints, SeriesPointsQuery } from '../detect/metric-fleet/index.js';
import { healthRoutes } from './routes/health.js';
import { incidentRoutes, type IncidentActions } from './routes/incidents.js';
import { ingestRoutes } from './routes/ingest.js';
import { otlpRoutes } from '../ingest/otlp/index.js';
import { prometheusRoutes } from '../ingest/prometheus/index.js';
import type { RemoteWriteConfig, TargetStatus } from '../ingest/prometheus/index.js';
import { remoteWriteDefaults } from '../ingest/prometheus/index.js';
import type { DecodedBytesBudget } from '../ingest/decoded-budget.js';
import { scrapeTargetRoutes } from './routes/scrape-targets.js';
import { tokenRoutes } from './routes/tokens.js';
import { silenceRoutes } from './routes/silences.js';
import { maintenanceWindowRoutes } from './routes/maintenance-windows.js';
import { topologyRoutes } from './routes/topology.js';
import { notifyRoutes, type NotifyApi } from './routes/notify.js';
import type { TopologyView } from '../topology/graph.js';
import { zodValidatorCompiler } from '../http/validation.js';
import { whoamiRoutes } from './routes/whoami.js';
import { streamRoutes } from './routes/stream.js';
import { insightsRoutes } from './routes/insights.js';
import { DEFAULT_WEB_ROOT, webRoutes } from './routes/web.js';
import { IncidentFeed } from './stream/feed.js';
import { StreamTickets } from './stream/tickets.js';

export interface AppDependencies {
  store: Store;
  sink: SignalSink;
  metrics: OpsightMetrics;
  logger: Logger;
  bodyLimitBytes: number;
  /** Timeouts and the connection cap of the listener. @default defaultListenerLimits */
  limits?: ListenerLimits;
  /** Largest OTLP body once gzip is undone. */
  otlpMaxDecompressedBytes?: number;
  /** Remote-write bounds (`prometheus.remoteWrite`): decoded size, series, samples, labels. */
  remoteWrite?: RemoteWriteConfig;
  /** Bound on expanded (gzip, snappy) bodies across all requests in flight. @default unbounded */
  decodeBudget?: DecodedBytesBudget;
  openAuth: boolean;
  isReady(): boolean;
  /** The log templates learned so far (none before log detection runs). */
  logTemplates?(entityId?: string, ids?: readonly string[]): TemplateInfo[];
  /** The metric series watched, of one entity when given (none before metric detection runs). */
  series?(entityId?: string): SeriesInfo[];
  /** The recent points of a series, or of the series of one entity's metric. */
  seriesPoints?(query: SeriesPointsQuery): SeriesPoints[];
  /** Health of the configured scrape targets. */
  scrapeTargets?(): TargetStatus[];
  /** Applies a responder's action on an incident through the correlate stage. */
  incidentActions: IncidentActions;
  /** The service graph, or its part within `depth` edges of `entityId` (empty before the topology stage runs). */
  topology?(entityId: string | undefined, depth: number): TopologyView | Promise<TopologyView>;
  /** Tells the correlate stage that silences or maintenance windows changed in the store. */
  suppressionChanged?(): void;
  /** Deliveries, on-call schedules and acknowledge links of the notify stage. */
  notify?: NotifyApi;
  /** Incident changes as the correlate stage publishes them, for the live stream (none when absent). */
  incidentFeed?: IncidentFeed;
  /** The built web UI. @default DEFAULT_WEB_ROOT (dist/web) */
  webRoot?: string;
}

function recordRequestMetrics(app: FastifyInstance, metrics: OpsightMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
}

export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = deps.logger;
  const limits = deps.limits ?? defaultListenerLimits;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger, bodyLimit: deps.bodyLimitBytes, return503OnClosing: true, ...listenerOptions(limits),
    logController: new LogController({ disableRequestLogging: true }), frameworkErrors: replyWithError,
  });
  capConnections(app, limits);
  addSecurityHeaders(app);
  deps.metrics.authOpen.set(deps.openAuth ? 1 : 0);
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installJsonParser(app);
  recordRequestMetrics(app, deps.metrics);
  await app.register(swagger, openapiOptions);
  await app.register(auth, { store: deps.store, open: deps.openAuth });
  await app.register(healthRoutes, { store: deps.store, metrics: deps.metrics, isReady: () => deps.isReady(), openAuth: deps.openAuth });
  await app.register(ingestRoutes, { sink: deps.sink, metrics: deps.metrics });
  const { maxDecodedBytes, ...remoteWriteLimits } = deps.remoteWrite ?? remoteWriteDefaults;
  const decodeBudget = deps.decodeBudget === undefined ? {} : { decodeBudget: deps.decodeBudget };
  await app.register(prometheusRoutes, { sink: deps.sink, metrics: deps.metrics, maxDecodedBytes, limits: remoteWriteLimits, ...decodeBudget });
  await app.register(otlpRoutes, {
    sink: deps.sink, metrics: deps.metrics, ...decodeBudget,
    ...(deps.otlpMaxDecompressedBytes !== undefined ? { maxDecompressedBytes: deps.otlpMaxDecompressedBytes } : {}),
  });
  await app.register(alertRoutes, { store: deps.store });
  await app.register(incidentRoutes, { store: deps.store, act: deps.incidentActions });
  await app.register(anomalyRoutes, { store: deps.store });
  await app.register(entityRoutes, { store: deps.store });
  await app.register(scrapeTargetRoutes, { targets: () => deps.scrapeTargets?.() ?? [] });
  await app.register(logTemplateRoutes, { templates: (entityId, ids) => deps.logTemplates?.(entityId, ids) ?? [] });
  await app.register(seriesRoutes, { series: (entityId) => deps.series?.(entityId) ?? [], points: (query) => deps.seriesPoints?.(query) ?? [] });
  await app.register(topologyRoutes, { topology: (entityId, depth) => deps.topology?.(entityId, depth) ?? { asOf: null, nodes: [], edges: [] } });
  await app.register(tokenRoutes, { store: deps.store });
  const suppression = { store: deps.store, changed: () => deps.suppressionChanged?.() };
  await app.register(silenceRoutes, suppression);
  await app.register(maintenanceWindowRoutes, suppression);
  await app.register(notifyRoutes, { notify: deps.notify });
  await app.register(whoamiRoutes, { openAuth: deps.openAuth });
  await app.register(streamRoutes, { feed: deps.incidentFeed ?? new IncidentFeed(), tickets: new StreamTickets() });
  await app.register(insightsRoutes, { store: deps.store });
  await app.register(webRoutes, { root: deps.webRoot ?? DEFAULT_WEB_ROOT });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());
  return app;
}
