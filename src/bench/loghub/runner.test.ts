/** End-to-end test of the Loghub runner on a tiny dataset folder: parsing, scoring, output files, throughput. */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatLoghubReport } from './command.js';
import { csvRecords, formatCsv } from './csv.js';
import { runLoghub } from './runner.js';

const lines = [
  ['081109 203615 INFO PacketResponder 1 for block blk_1 terminating', 'PacketResponder <*> for block <*> terminating'],
  ['081109 203616 INFO PacketResponder 0 for block blk_-2 terminating', 'PacketResponder <*> for block <*> terminating'],
  ['081109 203617 WARN Verification succeeded for blk_3', 'Verification succeeded for <*>'],
  ['081109 203618 INFO Deleting block blk_4 file /mnt/a/b', 'Deleting block <*> file <*>'],
];

describe('runLoghub', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loghub-'));
    await mkdir(join(dir, 'Tiny'));
    await writeFile(join(dir, 'formats.json'), JSON.stringify({ Tiny: { log_format: '<Date> <Time> <Level> <Content>' }, Missing: { log_format: '<Content>' } }));
    await writeFile(join(dir, 'Tiny', 'Tiny_2k.log'), lines.map(([line]) => line).join('\n') + '\n');
    const truth = [['LineId', 'Content', 'EventId', 'EventTemplate'], ...lines.map(([line, template], i) => [String(i + 1), line ?? '', 'E', template ?? ''])];
    await writeFile(join(dir, 'Tiny', 'Tiny_2k.log_structured_corrected.csv'), formatCsv(truth));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('parses, scores against the truth, writes re-scorable output and measures throughput', async () => {
    const out = join(dir, 'out');
    const report = await runLoghub({ data: dir, out, labels: 'corrected', repeat: 3 });
    assert.deepEqual(report.datasets.map((d) => d.name), ['Tiny'], 'datasets without a log file are skipped');
    assert.deepEqual(report.datasets[0]?.scores, { ga: 1, pa: 1, fga: 1, fta: 1 });
    assert.equal(report.throughput.lines, 12);
    assert.equal(report.throughput.templatesBefore, report.throughput.templatesAfter);
    const written = csvRecords(await readFile(join(out, 'Tiny_2k.log_structured.csv'), 'utf8'));
    assert.equal(written.length, 4);
    assert.deepEqual(Object.keys(written[0] ?? {}), ['LineId', 'Date', 'Time', 'Level', 'Content', 'EventId', 'EventTemplate']);
    assert.equal(written[3]?.EventTemplate, 'Deleting block <*> file <*>');
    assert.match(formatLoghubReport(report), /Tiny\s+4\s+1\s+1\s+1\s+1/);
  });

  it('scores without truth as unknown, and rejects a folder without formats.json', async () => {
    const report = await runLoghub({ data: dir, out: undefined, labels: 'original', repeat: 1 });
    assert.equal(report.datasets[0]?.scores, undefined);
    await assert.rejects(runLoghub({ data: join(dir, 'Tiny'), out: undefined, labels: 'corrected', repeat: 1 }), /no formats.json/);
  });
});
