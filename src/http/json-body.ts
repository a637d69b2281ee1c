/**
 * The body parser of the API: JSON only, so any other Content-Type (text/plain included, which
 * fastify would otherwise hand to the route as a string) gets 415 instead of a confusing validation
 * error. Fastify's own JSON parser (with its prototype-poisoning protection) runs after a check
 * that the bytes are valid UTF-8, so a body with invalid UTF-8 is refused instead of being stored
 * with replacement characters. Routes that read other bodies (protobuf) add their parser in their plugin.
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { OpsightError } from './errors.js';

export function installJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(new OpsightError('OPS_ERR_INVALID_JSON', 'the body is not valid UTF-8'), undefined);
      return;
    }
    void parseJson(request, bytes.toString('utf8'), done);
  });
}
