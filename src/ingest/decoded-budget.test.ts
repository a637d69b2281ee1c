import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DecodedBytesBudget, ExpandedTooLargeError, gunzipWithin } from './decoded-budget.js';
import { OverloadedError } from './sink.js';

describe('DecodedBytesBudget', () => {
  it('refuses a take past the limit with OverloadedError and Retry-After', () => {
    const budget = new DecodedBytesBudget(100);
    budget.take(60);
    assert.throws(() => budget.take(41), (error: unknown) => error instanceof OverloadedError && error.retryAfterSeconds > 0
      && /server\.maxInflightDecodedBytes/.test(error.message));
    assert.equal(budget.inUse, 60);
  });

  it('gives back every byte of a lease when its work settles, failed or not', async () => {
    const budget = new DecodedBytesBudget(1000);
    await budget.withLease((lease) => Promise.resolve(lease.take(400)));
    await assert.rejects(budget.withLease((lease) => {
      lease.take(300);
      return Promise.reject(new Error('decode failed'));
    }));
    assert.equal(budget.inUse, 0);
  });
});

describe('gunzipWithin', () => {
  const body = randomBytes(300 * 1024);

  it('expands a gzip body and holds its bytes on the lease until released', async () => {
    const budget = new DecodedBytesBudget(10 * 1024 * 1024);
    await budget.withLease(async (lease) => {
      const expanded = await gunzipWithin(gzipSync(body), 1024 * 1024, lease);
      assert.deepEqual(expanded, body);
      assert.ok(budget.inUse >= body.length);
    });
    assert.equal(budget.inUse, 0);
  });

  it('stops at the per-request limit', async () => {
    const budget = new DecodedBytesBudget(10 * 1024 * 1024);
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    await budget.withLease(async (lease) => {
      await assert.rejects(gunzipWithin(bomb, 1024 * 1024, lease), ExpandedTooLargeError);
      assert.ok(budget.inUse <= 1024 * 1024);
    });
  });

  it('stops when concurrent bodies together would pass the shared budget, and frees it after', async () => {
    const budget = new DecodedBytesBudget(8 * 1024 * 1024);
    const bomb = gzipSync(Buffer.alloc(3 * 1024 * 1024));
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => budget.withLease((lease) => gunzipWithin(bomb, 8 * 1024 * 1024, lease))));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    assert.ok(refused.length >= 5, `${refused.length} of 8 refused`);
    for (const outcome of refused) assert.ok(outcome.reason instanceof OverloadedError);
    assert.equal(budget.inUse, 0);
    await budget.withLease((lease) => gunzipWithin(bomb, 8 * 1024 * 1024, lease));
  });

  it('rejects what is not gzip with zlib\'s error', async () => {
    const budget = new DecodedBytesBudget(1024 * 1024);
    await assert.rejects(budget.withLease((lease) => gunzipWithin(Buffer.from('not gzip at all'), 1024, lease)), /header/);
  });
});
