/**
 * The JSON body parser of the API: fastify's own (with its prototype-poisoning protection), after
 * a check that the bytes are valid UTF-8, so a body with invalid UTF-8 is refused instead of being
 * stored with replacement characters.
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { OpsightError } from './errors.js';

export function installJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(new OpsightError('OPS_ERR_INVALID_JSON', 'the body is not valid UTF-8'), undefined);
      return;
    }
    void parseJson(request, bytes.toString('utf8'), done);
  });
}
