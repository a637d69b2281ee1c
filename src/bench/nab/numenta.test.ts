import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runNabBench } from './bench.js';

/** A NAB checkout (data/, labels/, results/numenta/), named by NAB_DATA; .ci/run sets it. */
const DATA = process.env.NAB_DATA ?? '';
const RESULTS = `${DATA}/results/numenta`;
const present = DATA !== '' && existsSync(`${DATA}/labels/combined_windows.json`) && existsSync(RESULTS);

void describe('NAB scorer on the published Numenta HTM results', () => {
  void it('re-scores them to 70.10 / 63.21 / 74.32', { skip: present ? false : (DATA === '' ? 'NAB_DATA is not set: point it at a NAB checkout to re-score the published results' : `NAB data not found at ${DATA}`) }, () => {
    const report = runNabBench({ data: DATA, out: '', results: RESULTS });
    const byProfile = Object.fromEntries(report.scores.map((s) => [s.profile, Number(s.normalized.toFixed(2))]));
    assert.deepEqual(byProfile, { standard: 70.1, reward_low_FP_rate: 63.21, reward_low_FN_rate: 74.32 });
    assert.equal(report.files, 58);
    assert.equal(report.windows, 116);
  });
});
