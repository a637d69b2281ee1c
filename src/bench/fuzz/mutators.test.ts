import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mutateBytes } from './byte-mutators.js';
import { RawJson, mutateJson, toJson } from './json-mutators.js';
import { Rng } from './prng.js';
import { deepAnyValue, mutateProto } from './proto-mutators.js';
import { nest, parseMessage, writeMessage } from './proto-wire.js';
import { seeds } from './seeds.js';

const protoSeeds = [...seeds.remoteWrite(), ...seeds.tracesProto(), ...seeds.metricsProto(), ...seeds.logsProto()];

/** Depth of an OTLP AnyValue: array_value(5).values(1) or kvlist_value(6).values(1).value(2) per level. */
function anyValueDepth(bytes: Uint8Array): number {
  let depth = 0;
  let fields = parseMessage(bytes);
  while (fields?.[0] !== undefined && (fields[0].field === 5 || fields[0].field === 6)) {
    const list = fields[0].children?.[0];
    const value = fields[0].field === 5 ? list : list?.children?.find((f) => f.field === 2);
    fields = value === undefined ? undefined : parseMessage(value.value);
    depth++;
  }
  return depth;
}

describe('byte mutators', () => {
  it('never exceed maxBytes, and name each mutation', () => {
    const seed = Buffer.from('<13>1 2026-01-01T00:00:00Z host app - - - hello\n');
    for (let i = 0; i < 2000; i++) {
      const steps: string[] = [];
      const out = mutateBytes(seed, new Rng(i), { maxBytes: 4096, others: [seed], dictionary: [Buffer.from('<999>')] }, steps);
      assert.ok(out.length <= 4096, `seed ${i}: ${out.length} bytes`);
      assert.ok(steps.length >= 1 && steps.every((s) => s.startsWith('bytes:')));
    }
  });
});

describe('JSON mutators', () => {
  it('write what JSON.stringify cannot: raw numbers, duplicate keys', () => {
    assert.equal(toJson({ a: new RawJson('1e400'), b: [new RawJson('"\\ud800"')] }), '{"a":1e400,"b":["\\ud800"]}');
  });

  it('stay near maxBytes and are a pure function of the PRNG', () => {
    const seed = seeds.alertmanager()[0] as Buffer;
    for (let i = 0; i < 500; i++) {
      const out = mutateJson(seed, new Rng(i), 16_384, []);
      assert.ok(out.length <= 2 * 16_384, `seed ${i}: ${out.length} bytes`);
      assert.deepEqual(mutateJson(seed, new Rng(i), 16_384, []), out);
    }
  });
});

describe('protobuf wire tree and mutators', () => {
  it('writes an unmutated seed back byte for byte', () => {
    for (const seed of protoSeeds) {
      const fields = parseMessage(seed);
      assert.ok(fields !== undefined && fields.length > 0);
      assert.deepEqual(Buffer.from(writeMessage(fields)), Buffer.from(seed));
    }
  });

  it('nests in linear time with correct length prefixes', () => {
    const nested = nest(Buffer.from('x'), Array.from({ length: 3 }, () => ({ field: 1 })));
    assert.deepEqual([...nested], [0x0a, 5, 0x0a, 3, 0x0a, 1, 0x78]);
  });

  it('builds an AnyValue exactly as deep as asked', () => {
    for (const depth of [1, 7, 200]) assert.equal(anyValueDepth(deepAnyValue(depth, new Rng(depth))), depth);
  });

  it('change the seed, and stay within twice maxBytes before the final cap', () => {
    const seed = protoSeeds[2] as Buffer;
    let changed = 0;
    for (let i = 0; i < 500; i++) {
      const out = mutateProto(seed, new Rng(i), 8192, [], { path: [1, 1], attributesField: 1 });
      assert.ok(out.length <= 2 * 8192 + seed.length, `seed ${i}: ${out.length} bytes`);
      if (!Buffer.from(out).equals(seed)) changed++;
    }
    assert.ok(changed > 450);
  });
});
