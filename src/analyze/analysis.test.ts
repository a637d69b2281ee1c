import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Call } from '../topology/call.js';
import { analyzeIncident } from './analysis.js';

const T0 = Date.UTC(2026, 3, 1, 12);

function call(caller: string, callee: string, time: number, hop: number, error = false): Call {
  return { caller: { entityId: caller, service: caller }, callee: { entityId: callee, service: callee }, kind: 'service', time: T0 + time, durationMs: 20 + hop, calleeDurationMs: 20, error };
}

/** Ten minutes of calls, one every 10 s per pair; from the start, calls into `codes` wait a second at its door and those into `pay` fail. */
function traffic(): Call[] {
  const calls: Call[] = [];
  for (let second = -600; second < 300; second += 10) {
    const faulty = second >= 0;
    calls.push(call('web', 'api', second * 1000, 2 + (second % 3)), call('auth', 'codes', second * 1000, faulty ? 1000 : 3), call('shop', 'pay', second * 1000, 3, faulty));
  }
  return calls;
}

describe('analyzeIncident', () => {
  it('counts a service\'s own hop delay outside the incident\'s neighbourhood, not symptoms its callers inherit', () => {
    const analysis = analyzeIncident({
      incident: { id: 'inc', entities: ['admin'], kinds: ['latency'], startedAt: T0 + 120_000 },
      scope: new Set(['admin']), anomalies: [], changes: [], calls: traffic(), edges: [], verdicts: [],
    });
    assert.deepEqual(analysis.rootCauses.map((cause) => cause.entityId), ['codes']);
    assert.match(analysis.rootCauses[0]?.evidence[0] ?? '', /ingress-delay, outside the incident's neighbourhood/);
    assert.deepEqual(analysis.impact?.affected.map((service) => [service.entityId, service.hops, service.p95MsAfter]), [['codes', 0, 1020], ['auth', 1, 1020]]);
  });
});
