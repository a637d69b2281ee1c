import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runNoiseBench } from './bench.js';
import { formatNoiseReport } from './command.js';
import { KINDS } from './models.js';
import { benignStretches } from './nab-noise.js';

/** A NAB-layout folder with one file: a flat series, with one anomaly window in its middle. */
function tinyNab(): string {
  const root = mkdtempSync(join(tmpdir(), 'opsight-noise-'));
  mkdirSync(join(root, 'data', 'flat'), { recursive: true });
  mkdirSync(join(root, 'labels'));
  const rows = ['timestamp,value'];
  for (let i = 0; i < 2 * 288; i++) {
    const time = new Date(Date.UTC(2024, 0, 1) + i * 300_000).toISOString().slice(0, 19).replace('T', ' ');
    rows.push(`${time},${10 + (i % 3)}`);
  }
  writeFileSync(join(root, 'data', 'flat', 'one.csv'), rows.join('\n'));
  writeFileSync(join(root, 'labels', 'combined_windows.json'), JSON.stringify({ 'flat/one.csv': [['2024-01-01 12:00:00', '2024-01-01 18:00:00']] }));
  return root;
}

void describe('benignStretches', () => {
  void it('is the runs of rows outside every window', () => {
    assert.deepEqual(benignStretches([1, 2, 3, 4, 5, 6, 7], [[2, 3], [6, 6]]), [{ from: 0, to: 1 }, { from: 3, to: 5 }, { from: 6, to: 7 }]);
    assert.deepEqual(benignStretches([1, 2], [[0, 5]]), []);
  });
});

void describe('runNoiseBench', () => {
  const nab = tinyNab();
  after(() => rmSync(nab, { recursive: true, force: true }));
  const report = runNoiseBench({ nab, fleet: { seed: 3, units: 12, days: 2, warmupDays: 1 }, pipelines: ['raw', 'semantics'] });

  void it('counts NAB stretches outside the windows as series, their duration as series-days', () => {
    const rows = report.rows.filter((r) => r.corpus === 'nab');
    assert.deepEqual(rows.map((r) => r.kind), ['flat', 'all']);
    assert.equal(rows[0]?.series, 2);
    assert.ok(Math.abs((rows[0]?.seriesDays ?? 0) - (2 - 0.25 - 3 * (300_000 / 86_400_000))) < 1e-9);
  });

  void it('has a row per kind and pipeline whose total is the sum, with rates that follow from the counts', () => {
    for (const pipeline of ['raw', 'semantics'] as const) {
      const rows = report.rows.filter((r) => r.corpus === 'synthetic' && r.pipeline === pipeline);
      assert.deepEqual(rows.map((r) => r.kind), [...KINDS, 'all']);
      const total = rows.at(-1);
      const kinds = rows.slice(0, -1);
      for (const key of ['series', 'episodes', 'faults', 'detected'] as const) assert.equal(total?.[key], kinds.reduce((sum, r) => sum + r[key], 0), key);
      for (const r of rows) {
        assert.equal(r.seriesDays, r.series);
        assert.equal(r.perThousandSeriesDays, r.seriesDays > 0 ? (1000 * r.episodes) / r.seriesDays : 0);
        assert.equal(r.detectionRate, r.faults > 0 ? r.detected / r.faults : null);
      }
      assert.equal(report.byClass.filter((c) => c.pipeline === pipeline).reduce((sum, c) => sum + c.episodes, 0), total?.episodes);
      assert.equal(report.byFault.filter((f) => f.pipeline === pipeline).reduce((sum, f) => sum + f.faults, 0), total?.faults);
    }
  });

  void it('counts the same series in both pipelines: what was ingested', () => {
    const series = (pipeline: string) => report.rows.find((r) => r.corpus === 'synthetic' && r.pipeline === pipeline && r.kind === 'all')?.series;
    assert.equal(series('raw'), series('semantics'));
  });

  void it('prints a table with every row', () => {
    const text = formatNoiseReport(report);
    assert.match(text, /per 1k series-days/);
    assert.equal(text.split('\n').filter((line) => /^synthetic +(raw|semantics) /.test(line)).length, 2 * (KINDS.length + 1));
  });
});
