/**
 * Headers every response carries: the API answers JSON and protobuf only, so browsers are told not
 * to sniff, frame, cache or send a referrer. A route that sets one of these headers itself keeps its own:
 * the web UI's files set a policy that lets the page run its own scripts, and their own caching.
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
    for (const [name, value] of Object.entries(headers)) if (!reply.hasHeader(name)) void reply.header(name, value);
    // Responses hold incidents, tokens and telemetry: no shared or browser cache may keep them.
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
