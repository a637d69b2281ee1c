import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { loggerOptions } from './logger.js';
import { redactCredentials } from './redact.js';

describe('redactCredentials', () => {
  it('masks the password of URLs and secret query parameters, keeping the rest', () => {
    assert.equal(redactCredentials('fetch http://admin:s3cret@prom:9090/api failed'), 'fetch http://admin:***@prom:9090/api failed');
    assert.equal(redactCredentials('postgres://opsight:pw@db/opsight'), 'postgres://opsight:***@db/opsight');
    assert.equal(redactCredentials('https://x/api?query=up&access_token=abc&step=1'), 'https://x/api?query=up&access_token=***&step=1');
    assert.equal(redactCredentials('http://prom:9090/api?query=up'), 'http://prom:9090/api?query=up');
  });
});

describe('the server logger', () => {
  function capture(): { lines: string[]; logger: pino.Logger } {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done(); } });
    return { lines, logger: pino(loggerOptions('info'), stream) };
  }

  it('never writes a credential of a URL, whether in the message, an error or a field', () => {
    const { lines, logger } = capture();
    const url = 'http://backfill:hunter2@prometheus:9090';
    logger.warn({ err: new TypeError(`Request cannot be constructed from a URL that includes credentials: ${url}/api/v1/query_range`) }, 'PromQL backfill failed');
    logger.info({ config: { url } }, `backfill from ${url}`);
    logger.info({ headers: { authorization: 'Bearer ops_secret' }, password: 'pw' }, 'request');
    const text = lines.join('');
    for (const secret of ['hunter2', 'ops_secret', '"pw"']) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    assert.match(text, /backfill:\*\*\*@prometheus/);
  });
});
