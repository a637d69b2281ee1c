/**
 * Headers every response carries: the API answers JSON and protobuf only, so browsers are told not
 * to sniff, frame, cache or send a referrer; a route that sets its own Cache-Control keeps it.
 */
import type { FastifyInstance } from 'fastify';

const headers: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    void reply.headers(headers);
    // Responses hold incidents, tokens and telemetry: no shared or browser cache may keep them.
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
