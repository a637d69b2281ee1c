/** Tests of header parsing from Loghub's formats.json layouts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileLogFormat } from './log-format.js';

describe('compileLogFormat', () => {
  it('splits a plain layout into its fields', () => {
    const format = compileLogFormat('<Date> <Time> <Level> <Component>: <Content>');
    assert.deepEqual(format.parse('17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi'), {
      Date: '17/06/09', Time: '20:10:40', Level: 'INFO', Component: 'spark.SecurityManager', Content: 'Changing view acls to: yarn,curi',
    });
  });

  it('honours escaped brackets and optional groups', () => {
    const format = compileLogFormat('<Component>(\\[<PID>\\])?: <Content>');
    assert.equal(format.parse('crond(pam_unix)[2915]: session closed')?.Content, 'session closed');
    assert.equal(format.parse('kernel: boot')?.Component, 'kernel');
  });

  it('lets a run of spaces match any whitespace', () => {
    const format = compileLogFormat('<Date> <Time>, <Level>   <Component>    <Content>');
    assert.equal(format.parse('2016-09-28 04:30:30, Info                  CBS    Loaded x')?.Content, 'Loaded x');
  });

  it('returns undefined for a line that does not fit, and rejects a layout without Content', () => {
    assert.equal(compileLogFormat('\\[<Time>\\] <Content>').parse('no brackets'), undefined);
    assert.throws(() => compileLogFormat('<Date> <Time>'), /no <Content>/);
  });
});
