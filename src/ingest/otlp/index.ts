/**
 * OTLP/HTTP ingest (traces, metrics, logs; protobuf or JSON; gzip).
 *
 * Mount on any fastify listener: `await app.register(otlpRoutes, { sink, metrics })` (the main port, and the
 * standalone OTLP port the server builds).
 * Load generation: `syntheticSpansBody(n)` / `syntheticLogsBody(n)` give protobuf request bodies.
 */
export { otlpRoutes, OTLP_SOURCE, type OtlpRoutesOptions } from './routes.js';
export { otlpConfigSchema, otlpEnvironmentKeys, type OtlpConfig } from './config.js';
export { syntheticSpansBody, syntheticLogsBody, type SyntheticOptions } from './synthetic.js';
export { encodeTracesProto, encodeLogsProto } from './encode-proto.js';
export { encodeMetricsProto } from './encode-metrics.js';
export { decodeExport } from './decode.js';
export { tracesSignal, metricsSignal, logsSignal, type OtlpSignal } from './signals.js';
export { otlpMetrics, type OtlpMetrics } from './metrics.js';
