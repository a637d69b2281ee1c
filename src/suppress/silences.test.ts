import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matcherField } from './matchers.js';
import type { Silence } from './silences.js';
import { compileSilence, expireSilence, silenceOf, silenceState } from './silences.js';

const T0 = Date.UTC(2026, 4, 1, 8);
const HOUR = 3_600_000;

function silence(overrides: Partial<Silence> = {}): Silence {
  return {
    id: 's1', matchers: [matcherField.parse('service=cart')], startsAt: T0, endsAt: T0 + HOUR, createdBy: 'ana', comment: 'deploy',
    createdAt: T0, updatedAt: T0, ...overrides,
  };
}

describe('silences', () => {
  it('are pending, active, then expired', () => {
    assert.equal(silenceState(silence(), T0 - 1), 'pending');
    assert.equal(silenceState(silence(), T0), 'active');
    assert.equal(silenceState(silence(), T0 + HOUR), 'expired');
  });

  it('cover a matching alert only while active at its event time', () => {
    const silences = [compileSilence(silence())];
    assert.equal(silenceOf({ service: 'cart' }, silences, T0 + 1)?.id, 's1');
    assert.equal(silenceOf({ service: 'cart' }, silences, T0 + HOUR), undefined);
    assert.equal(silenceOf({ service: 'checkout' }, silences, T0 + 1), undefined);
  });

  it('expire now when active, never start when pending, and stay as they are when expired', () => {
    assert.deepEqual(expireSilence(silence(), T0 + 10), silence({ endsAt: T0 + 10, updatedAt: T0 + 10 }));
    assert.deepEqual(expireSilence(silence(), T0 - 10), silence({ startsAt: T0 - 10, endsAt: T0 - 10, updatedAt: T0 - 10 }));
    const expired = silence({ endsAt: T0 + 5 });
    assert.equal(expireSilence(expired, T0 + 10), expired);
  });
});
