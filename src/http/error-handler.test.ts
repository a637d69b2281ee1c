import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { errorCodes } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { installErrorHandling, replyWithError } from './error-handler.js';
import { errorCatalogue } from './errors.js';

type FastifyErrorClass = new (...args: string[]) => Error & { statusCode?: number };

describe('installErrorHandling', () => {
  let app: FastifyInstance;
  before(async () => {
    app = Fastify({ frameworkErrors: replyWithError });
    installErrorHandling(app);
    app.get('/throw/:code', (request) => {
      const ErrorClass = (errorCodes as unknown as Record<string, FastifyErrorClass>)[(request.params as { code: string }).code];
      throw new (ErrorClass as FastifyErrorClass)('x', 'y', 'z');
    });
    app.get('/things/:id', () => ({}));
    await app.ready();
  });
  after(() => app.close());

  function assertCatalogued(body: string, what: string): { code: string; message: string } {
    assert.doesNotMatch(body, /FST_/, `${what} leaked a fastify code: ${body}`);
    const error = (JSON.parse(body) as { error: { code: string; message: string } }).error;
    assert.ok(error.code in errorCatalogue, `${what}: ${error.code} is not in the catalogue`);
    return error;
  }

  it('answers every fastify error with a catalogue code and status, never the framework code', async () => {
    for (const [name, ErrorClass] of Object.entries(errorCodes as unknown as Record<string, FastifyErrorClass>)) {
      const status = new ErrorClass('x', 'y', 'z').statusCode ?? 500;
      const response = await app.inject({ method: 'GET', url: `/throw/${name}` });
      const error = assertCatalogued(response.body, name);
      assert.equal(response.statusCode, errorCatalogue[error.code as keyof typeof errorCatalogue].status, name);
      // A refusal of the client's request stays a 4xx; anything else is ours, and says only where to look.
      if (status < 500) assert.ok(response.statusCode < 500, `${name}: ${response.statusCode}`);
      else assert.equal(error.code, 'OPS_ERR_INTERNAL', name);
    }
  });

  it('answers a path that is not valid percent-encoding, and an overlong path parameter, through the catalogue', async () => {
    const badUrl = await app.inject({ method: 'GET', url: '/things/%E0%A4%A' });
    assert.equal(badUrl.statusCode, 400);
    assert.match(assertCatalogued(badUrl.body, 'bad URL').message, /percent-encoding/);
    const long = await app.inject({ method: 'GET', url: `/things/${'x'.repeat(101)}` });
    assert.equal(long.statusCode, 400);
    assert.match(assertCatalogued(long.body, 'long parameter').message, /longer than 100 characters/);
  });
});
