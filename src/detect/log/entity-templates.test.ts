/** Tests of one entity's line-key cache: keys that share a hash stay apart, and eviction drops only the evicted template's keys. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EntityTemplates, type CacheEntry } from './entity-templates.js';
import { minerConfig } from './miner-config.js';
import { planParams } from './param-plan.js';
import { newTemplate } from './template.js';

function keysAt(entity: EntityTemplates, hash: number): string[] {
  const keys: string[] = [];
  for (let entry: CacheEntry | undefined = entity.cached(hash); entry !== undefined; entry = entry.next) keys.push(entry.key);
  return keys;
}

describe('EntityTemplates line-key cache', () => {
  it('chains keys with the same hash, and replaces what is known of a key instead of adding it twice', () => {
    const entity = new EntityTemplates(minerConfig());
    const a = newTemplate('Ta', ['a', '<*>'], 0, 0);
    const b = newTemplate('Tb', ['b', '<*>'], 0, 0);
    const plan = planParams(a.tokens, [0, 1]);
    entity.remember('a <*>', 7, a, plan);
    entity.remember('b <*>', 7, b, plan);
    entity.remember('a <*>', 7, b, plan);
    assert.deepEqual(keysAt(entity, 7).sort(), ['a <*>', 'b <*>']);
    assert.equal(entity.cached(7 + 2 ** 30), entity.cached(7), 'the slot keeps 30 bits of the hash');
    assert.equal(entity.cached(8), undefined);
  });

  it('drops the evicted template’s keys from a shared chain and keeps the others', () => {
    const entity = new EntityTemplates(minerConfig({ maxTemplates: 2 }));
    const a = newTemplate('Ta', ['a'], 1, 1);
    const b = newTemplate('Tb', ['b'], 1, 2);
    entity.add(a);
    entity.add(b);
    const plan = planParams(['a'], [0]);
    entity.remember('a', 3, a, plan);
    entity.remember('b', 3, b, plan);
    entity.add(newTemplate('Tc', ['c'], 1, 3)); // evicts a, the least recently matched
    assert.deepEqual(keysAt(entity, 3), ['b']);
  });

  it('evicts a tenth of the templates at once at the cap, the least recently matched, so a stream of new ones costs no rescan each', () => {
    const entity = new EntityTemplates(minerConfig({ maxTemplates: 100 }));
    for (let i = 0; i < 100; i++) entity.add(newTemplate(`T${i}`, [`w${i}`], 1, 1000 - i));
    entity.add(newTemplate('Tnew', ['new'], 1, 2000));
    const kept = [...entity.byId.keys()];
    assert.equal(kept.length, 91);
    for (let i = 90; i < 100; i++) assert.ok(!kept.includes(`T${i}`), `T${i} was matched least recently`);
    assert.ok(kept.includes('T0') && kept.includes('Tnew'));
  });
});
