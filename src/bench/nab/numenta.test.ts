import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runNabBench } from './bench.js';

const DATA = process.env.NAB_DATA ?? fileURLToPath(new URL('../../../../shared/data/nab', import.meta.url));
const RESULTS = `${DATA}/results/numenta`;
const present = existsSync(`${DATA}/labels/combined_windows.json`) && existsSync(RESULTS);

void describe('NAB scorer on the published Numenta HTM results', () => {
  void it('re-scores them to 70.10 / 63.21 / 74.32', { skip: present ? false : `NAB data not found at ${DATA} (set NAB_DATA)` }, () => {
    const report = runNabBench({ data: DATA, out: '', results: RESULTS });
    const byProfile = Object.fromEntries(report.scores.map((s) => [s.profile, Number(s.normalized.toFixed(2))]));
    assert.deepEqual(byProfile, { standard: 70.1, reward_low_FP_rate: 63.21, reward_low_FN_rate: 74.32 });
    assert.equal(report.files, 58);
    assert.equal(report.windows, 116);
  });
});
