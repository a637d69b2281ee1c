/**
 * The standalone OTLP listener (default port 4318): a bare fastify instance with the same OTLP
 * plugin as the main port, optionally behind the same token auth. The caller listens and closes it.
 */
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { auth } from './auth/plugin.js';
import type { AuthOptions } from './auth/plugin.js';
import { installErrorHandling, replyWithError } from '../http/error-handler.js';
import type { ListenerLimits } from '../http/limits.js';
import { capConnections, defaultListenerLimits, listenerOptions } from '../http/limits.js';
import { addSecurityHeaders } from '../http/security-headers.js';
import type { OtlpRoutesOptions } from '../ingest/otlp/routes.js';
import { otlpRoutes } from '../ingest/otlp/routes.js';

export interface OtlpServerOptions extends OtlpRoutesOptions {
  logger: FastifyBaseLogger;
  /** Token auth as on the main port (`ingest` role); without it the port is open to anyone who reaches it. */
  auth?: AuthOptions;
  /** Timeouts and connection cap, as on the main port. @default defaultListenerLimits */
  limits?: ListenerLimits;
}

export async function buildOtlpServer(options: OtlpServerOptions): Promise<FastifyInstance> {
  const limits = options.limits ?? defaultListenerLimits;
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger, return503OnClosing: true, ...listenerOptions(limits),
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimit: options.bodyLimitBytes }),
    logController: new LogController({ disableRequestLogging: true }), frameworkErrors: replyWithError,
  });
  capConnections(app, limits);
  addSecurityHeaders(app);
  installErrorHandling(app);
  if (options.auth !== undefined) await app.register(auth, options.auth);
  await app.register(otlpRoutes, options);
  return app;
}
