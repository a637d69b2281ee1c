import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runNabBench } from './bench.js';
import { formatReport } from './command.js';

/** A two-file corpus in NAB's layout: one spike inside a window, one file without anomalies. */
function makeCorpus(): string {
  const root = mkdtempSync(join(tmpdir(), 'nab-'));
  mkdirSync(join(root, 'data', 'synthetic'), { recursive: true });
  mkdirSync(join(root, 'labels'));
  const stamp = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 300_000).toISOString().slice(0, 19).replace('T', ' ');
  const rows = (f: (i: number) => number) => ['timestamp,value', ...Array.from({ length: 2000 }, (_, i) => `${stamp(i)},${f(i)}`)].join('\n');
  const noise = (i: number) => Math.sin(i * 12.9898) * 3;
  writeFileSync(join(root, 'data', 'synthetic', 'spike.csv'), rows((i) => 50 + noise(i) + (i === 1500 ? 80 : 0)));
  writeFileSync(join(root, 'data', 'synthetic', 'calm.csv'), rows((i) => 50 + noise(i)));
  const windows = { 'synthetic/spike.csv': [[`${stamp(1450)}.000000`, `${stamp(1550)}.000000`]], 'synthetic/calm.csv': [] };
  writeFileSync(join(root, 'labels', 'combined_windows.json'), JSON.stringify(windows));
  return root;
}

void describe('runNabBench', () => {
  void it('runs the detector, writes NAB-format results, and re-scores them identically', () => {
    const root = makeCorpus();
    const out = join(root, 'out');
    const report = runNabBench({ data: root, out });
    assert.equal(report.files, 2);
    assert.equal(report.windows, 1);
    assert.ok(report.scores.every((s) => s.detected === 1), 'the spike is found');
    assert.ok((report.pointsPerSecond ?? 0) > 0 && (report.stateBytesPerSeries ?? 0) > 0);
    const csv = readFileSync(join(out, 'opsight', 'synthetic', 'opsight_spike.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'timestamp,value,anomaly_score');
    assert.equal(csv.length, 2001);
    const again = runNabBench({ data: root, out: '', results: join(out, 'opsight') });
    assert.deepEqual(again.scores, report.scores);
    assert.match(formatReport(report), /standard/);
  });

  void it('names the file when results do not line up with the data', () => {
    const root = makeCorpus();
    const results = join(root, 'bad');
    mkdirSync(join(results, 'synthetic'), { recursive: true });
    writeFileSync(join(results, 'synthetic', 'bad_spike.csv'), 'timestamp,value,anomaly_score\n2024-01-01 00:00:00,1,0\n');
    writeFileSync(join(results, 'synthetic', 'bad_calm.csv'), 'timestamp,value,anomaly_score\n');
    assert.throws(() => runNabBench({ data: root, out: '', results }), /bad_calm\.csv: 0 rows, data has 2000|bad_spike\.csv: 1 rows/);
  });
});
