import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MAIN } from './command.js';
import { runFuzz } from './run.js';
import { PROTOCOLS } from './targets.js';

const COUNT = 200;

describe('opsight bench fuzz, end to end against a child opsight serve', () => {
  const missing = existsSync(CLI_MAIN) ? false : `${CLI_MAIN} is missing: build first (npx tsc)`;

  it(`sends ${COUNT} inputs to every protocol and the child survives`, { skip: missing, timeout: 600_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'opsight-fuzz-test-'));
    try {
      const report = await runFuzz({ count: COUNT, seed: 3, concurrency: 4, protocols: PROTOCOLS, out, main: CLI_MAIN });
      assert.deepEqual(report.protocols.map((p) => p.protocol), PROTOCOLS);
      for (const p of report.protocols) {
        assert.equal(p.sent, COUNT, p.protocol);
        assert.deepEqual(p.crashes, [], `${p.protocol} crashed the child`);
        assert.ok(p.accepted + Object.values(p.refused).reduce((a, b) => a + b, 0) > 0, `${p.protocol}: nothing was accepted or refused`);
        assert.ok(p.peakRssBytes > 0, `${p.protocol}: no memory sample`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
