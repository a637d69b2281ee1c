/**
 * OTLP/HTTP ingest (traces, metrics, logs; protobuf or JSON; gzip).
 *
 * Mount on the main server: `await app.register(otlpRoutes, { sink, metrics })`.
 * Standalone OTLP port: `const otlp = await buildOtlpServer({ sink, metrics, logger, auth: { store, open } });
 * await otlp.listen({ host: config.otlp.host, port: config.otlp.port })`.
 * Load generation: `syntheticSpansBody(n)` / `syntheticLogsBody(n)` give protobuf request bodies.
 */
export { otlpRoutes, OTLP_SOURCE, type OtlpRoutesOptions } from './routes.js';
export { buildOtlpServer, type OtlpServerOptions } from './server.js';
export { otlpConfigSchema, otlpEnvironmentKeys, type OtlpConfig } from './config.js';
export { syntheticSpansBody, syntheticLogsBody, type SyntheticOptions } from './synthetic.js';
export { encodeTracesProto, encodeLogsProto } from './encode-proto.js';
export { encodeMetricsProto } from './encode-metrics.js';
export { decodeExport } from './decode.js';
export { tracesSignal, metricsSignal, logsSignal, type OtlpSignal } from './signals.js';
export { otlpMetrics, type OtlpMetrics } from './metrics.js';
