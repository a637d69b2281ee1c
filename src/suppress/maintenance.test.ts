import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inRecurrence, inWindow, recurrenceSchema } from './maintenance.js';

/** 2026-05-02 is a Saturday. */
const at = (iso: string) => Date.parse(iso);

describe('maintenance windows', () => {
  it('hold a one-off range, start included, end excluded', () => {
    const window = { startsAt: at('2026-05-02T02:00:00Z'), endsAt: at('2026-05-02T04:00:00Z'), recurrence: null };
    assert.equal(inWindow(window, at('2026-05-02T01:59:59Z')), false);
    assert.equal(inWindow(window, at('2026-05-02T02:00:00Z')), true);
    assert.equal(inWindow(window, at('2026-05-02T04:00:00Z')), false);
  });

  it('recur on the given weekdays from a local time for a duration, in the time zone', () => {
    const weekend = recurrenceSchema.parse({ weekdays: ['sat', 'sun'], start: '02:00', duration: '2h', timeZone: 'Europe/Berlin' });
    assert.equal(inRecurrence(weekend, at('2026-05-02T00:30:00Z')), true, 'Saturday 02:30 in Berlin (UTC+2)');
    assert.equal(inRecurrence(weekend, at('2026-05-02T02:00:00Z')), false, 'Saturday 04:00 in Berlin');
    assert.equal(inRecurrence(weekend, at('2026-05-04T00:30:00Z')), false, 'Monday');
  });

  it('run past midnight into the next day, and past Saturday into Sunday', () => {
    const nightly = recurrenceSchema.parse({ weekdays: ['sat'], start: '23:00', duration: '3h' });
    assert.equal(nightly.timeZone, 'UTC');
    assert.equal(inRecurrence(nightly, at('2026-05-03T01:30:00Z')), true, 'Sunday 01:30 belongs to Saturday night');
    assert.equal(inRecurrence(nightly, at('2026-05-03T02:00:00Z')), false);
  });

  it('bound a recurrence by startsAt and endsAt when given', () => {
    const recurrence = recurrenceSchema.parse({ start: '00:00', duration: '1h' });
    const window = { startsAt: at('2026-05-03T00:00:00Z'), endsAt: null, recurrence };
    assert.equal(inWindow(window, at('2026-05-02T00:30:00Z')), false);
    assert.equal(inWindow(window, at('2026-05-03T00:30:00Z')), true);
  });

  it('refuse an unknown time zone, a bad time of day and a duration over 7 days', () => {
    assert.equal(recurrenceSchema.safeParse({ start: '02:00', duration: '2h', timeZone: 'Mars/Olympus' }).success, false);
    assert.equal(recurrenceSchema.safeParse({ start: '2am', duration: '2h' }).success, false);
    assert.equal(recurrenceSchema.safeParse({ start: '02:00', duration: '8d' }).success, false);
  });
});
