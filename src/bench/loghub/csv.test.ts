/** Tests of CSV reading and writing as Loghub's structured files use it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvRecords, formatCsv, parseCsv } from './csv.js';

describe('csv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    assert.deepEqual(parseCsv('a,"b,c","say ""hi""","x\ny"\r\n1,2,3,4\n'), [['a', 'b,c', 'say "hi"', 'x\ny'], ['1', '2', '3', '4']]);
  });

  it('round-trips what it writes', () => {
    const rows = [['LineId', 'EventTemplate'], ['1', '"<*> "GET <*>" status: <*>'], ['2', 'a,b']];
    assert.deepEqual(parseCsv(formatCsv(rows)), rows);
  });

  it('keys records by the header', () => {
    assert.deepEqual(csvRecords('LineId,EventTemplate\n1,x <*>\n'), [{ LineId: '1', EventTemplate: 'x <*>' }]);
  });
});
