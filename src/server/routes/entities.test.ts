import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityRef } from '../../signals/index.js';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';

const T = Date.UTC(2026, 4, 1, 8);
const entities: EntityRef[] = [
  { id: 'pod:default/web-1', kind: 'pod', name: 'default/web-1' },
  { id: 'service:shop/api', kind: 'service', name: 'shop/api' },
  { id: 'host:[::1]', kind: 'host', name: '[::1]' },
  { id: `service:${'a/'.repeat(80)}z`, kind: 'service', name: `${'a/'.repeat(80)}z` },
];

for (const target of storeTargets) {
  describe(`GET /api/v1/entities/{id} (${target.name})`, { skip: target.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(target);
      for (const entity of entities) await t.store.entities.observe(entity, T);
    });
    after(async () => { await t.close(); });

    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.as('viewer') });

    it('finds an entity whose id holds slashes and colons, sent as is or escaped', async () => {
      for (const entity of entities) {
        for (const path of [entity.id, encodeURIComponent(entity.id)]) {
          const response = await get(`/api/v1/entities/${path}`);
          assert.equal(response.statusCode, 200, `${path}: ${response.body}`);
          assert.deepEqual(response.json<{ id: string; kind: string }>().id, entity.id);
        }
      }
    });

    it('answers 404 for an unknown entity, and for none', async () => {
      for (const path of ['pod:default/web-2', 'pod:default', '']) {
        const response = await get(`/api/v1/entities/${path}`);
        assert.equal(response.statusCode, 404, path);
        assert.equal(response.json<{ error: { code: string } }>().error.code, 'OPS_ERR_NOT_FOUND');
      }
    });

    it('still lists entities at /api/v1/entities', async () => {
      const response = await get('/api/v1/entities?limit=10');
      assert.equal(response.json<{ total: number }>().total, entities.length);
    });
  });
}
