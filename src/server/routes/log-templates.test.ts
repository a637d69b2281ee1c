/** GET /api/v1/log-templates: templates of a real miner with their example lines, most frequent first, paged, bad input named. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';
import { appDependencies } from '../../runtime/runtime.js';
import { TemplateMiner } from '../../detect/log/index.js';
import { buildApp } from '../app.js';

interface Body { items: { entityId: string; id: string; template: string; count: number; examples: string[] }[]; total: number }

/** A minute's start: the payments lines fall in the last minute of their rate. */
const LINE_TIME = Date.UTC(2026, 0, 1, 12, 0);

describe('GET /api/v1/log-templates', () => {
  let t: TestApp;
  let app: FastifyInstance;
  before(async () => {
    t = await startTestApp(storeTargets[0]!);
    const miner = new TemplateMiner({ exampleChars: 60 });
    for (let i = 1; i <= 4; i += 1) miner.add(`payment ${i} declined by issuer 10.1.0.${i}`, 'service:payments', LINE_TIME + i);
    miner.add(`checkout failed: ${'upstream '.repeat(20)}timeout`, 'service:checkout');
    app = await buildApp({ ...appDependencies(t.runtime, () => true), logTemplates: (entityId, ids) => miner.templates(entityId, ids) });
  });
  after(async () => {
    await app.close();
    await t.close();
  });

  async function get(query: string): Promise<{ status: number; body: Body }> {
    const response = await app.inject({ method: 'GET', url: `/api/v1/log-templates${query}`, headers: t.as('viewer') });
    return { status: response.statusCode, body: response.json<Body>() };
  }

  it('sends each template with its count and example lines, most frequent first', async () => {
    const { status, body } = await get('');
    assert.equal(status, 200);
    assert.equal(body.total, 2);
    assert.deepEqual(body.items.map((item) => [item.entityId, item.template, item.count, item.examples]), [
      ['service:payments', 'payment <*> declined by issuer <*>', 4,
        ['payment 1 declined by issuer 10.1.0.1', 'payment 3 declined by issuer 10.1.0.3', 'payment 4 declined by issuer 10.1.0.4']],
      ['service:checkout', `checkout failed: ${'upstream '.repeat(20)}timeout`, 1, [`checkout failed: ${'upstream '.repeat(20)}`.slice(0, 59) + '…']],
    ]);
  });

  it('sends each template\'s lines per minute of the entity\'s last hour, from when, and the bucket size', async () => {
    const { body } = await get('?entity=service:payments');
    const [payments] = body.items as unknown as { rate: number[]; rateFrom: number | null; rateBucketMs: number }[];
    assert.deepEqual([payments?.rate.length, payments?.rate.at(-1), payments?.rateFrom, payments?.rateBucketMs], [60, 4, LINE_TIME - 59 * 60_000, 60_000]);
  });

  it('filters by entity and pages', async () => {
    const { body } = await get('?entity=service:checkout&limit=1&offset=0');
    assert.deepEqual([body.total, body.items.map((item) => item.entityId)], [1, ['service:checkout']]);
    const past = await get('?limit=1&offset=5');
    assert.deepEqual([past.body.total, past.body.items], [2, []]);
  });

  it('filters by template ids, as log anomalies and their alerts name them', async () => {
    const { body: all } = await get('');
    const checkout = all.items.find((item) => item.entityId === 'service:checkout')?.id ?? '';
    const { status, body } = await get(`?ids=${checkout},Tunknown`);
    assert.equal(status, 200);
    assert.deepEqual(body.items.map((item) => item.id), [checkout]);
    assert.equal((await get(`?ids=${checkout}&entity=service:payments`)).body.total, 0);
  });

  it('answers 400 naming a bad query parameter', async () => {
    for (const [query, named] of [['limit=0', /limit/], ['ids=T1,,T2', /ids.*template id is empty/]] as const) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/log-templates?${query}`, headers: t.as('viewer') });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, named);
    }
  });

  it('describes the examples in the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200, response.body);
    const schema = JSON.stringify(response.json());
    assert.match(schema, /"examples":\{"type":"array","items":\{"type":"string"\}/);
  });
});
