import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorCatalogue, formatPath, validationError } from './errors.js';

describe('errorCatalogue', () => {
  it('documents every code with its status in docs/errors.md', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      assert.match(doc, new RegExp(`\\| \`${code}\` \\| ${entry.status} \\|`), `${code} is missing from docs/errors.md`);
    }
  });
});

describe('validationError', () => {
  it('names each field with its path and lists unknown fields one by one', () => {
    const error = validationError('body', [
      { path: ['alerts', 0, 'startsAt'], message: 'bad time' },
      { path: [], message: 'Unrecognized keys', code: 'unrecognized_keys', keys: ['severty'] },
    ]);
    assert.equal(error.status, 400);
    assert.equal(error.message, 'body.alerts[0].startsAt: bad time; body.severty: unknown field');
    assert.equal(formatPath('query', ['limit']), 'query.limit');
  });
});
