import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readCase } from '../bench/rca/case-files.js';
import { firingAlertOf, parseScenario } from '../bench/correlate/scenario.js';
import { writeCases } from './cases.js';
import { FAULT_KINDS } from './faults.js';

describe('demo --write-cases', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'opsight-demo-cases-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const written = writeCases(dir, 5, FAULT_KINDS.length);

  it('writes one case of every fault kind that the rca bench reads back without notes on its files', () => {
    assert.deepEqual(written.map((c) => c.fault.kind), [...FAULT_KINDS]);
    for (const { name, fault } of written) {
      const rcaCase = readCase(path.join(dir, name));
      assert.equal(rcaCase.truth, fault.service);
      assert.equal(rcaCase.start, Math.floor(fault.start / 1000) * 1000);
      assert.ok(rcaCase.columns.some((c) => c.service === fault.service), `${name}: metrics of ${fault.service}`);
      assert.ok((rcaCase.traces?.length ?? 0) > 0 && (rcaCase.logs?.length ?? 0) > 0);
      assert.deepEqual(rcaCase.notes.filter((note) => !note.includes('empty or constant')), [], name);
    }
  });

  it('writes a correlation scenario of each case whose alerts name the fault as their incident', () => {
    for (const { name, fault } of written) {
      const scenario = parseScenario(readFileSync(path.join(dir, `${name}.jsonl`), 'utf8'), name);
      const truths = new Set(scenario.steps.map((step) => (firingAlertOf(step) === undefined ? undefined : step.truth)).filter((t) => t !== undefined));
      assert.deepEqual([...truths], [fault.id], name);
    }
  });

  it('writes the same bytes for the same seed', () => {
    const again = mkdtempSync(path.join(tmpdir(), 'opsight-demo-cases-'));
    try {
      writeCases(again, 5, 2);
      for (const file of ['metrics.csv', 'traces.csv', 'logs.csv']) {
        const name = readdirSync(again).sort()[0] as string;
        assert.equal(readFileSync(path.join(again, name, file), 'utf8'), readFileSync(path.join(dir, name, file), 'utf8'));
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
