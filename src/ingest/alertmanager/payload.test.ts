import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ENTRIES_PER_PAYLOAD, alertmanagerPayloadSchema } from './payload.js';

function payload(alerts: number, commonLabels: number): unknown {
  const common = Object.fromEntries(Array.from({ length: commonLabels }, (_, i) => [`l${i}`, 'v']));
  return {
    version: '4', groupKey: 'g', status: 'firing', receiver: 'opsight', commonLabels: common,
    alerts: Array.from({ length: alerts }, (_, i) => ({ status: 'firing', labels: { alertname: `A${i}` }, startsAt: '2026-01-01T00:00:00Z' })),
  };
}

function issuesOf(body: unknown): string[] {
  const result = alertmanagerPayloadSchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the Alertmanager payload bounds', () => {
  it('refuses a label map with more than 256 entries, naming it', () => {
    assert.deepEqual(issuesOf(payload(1, 50_000)), ['commonLabels: at most 256 entries']);
  });

  it('refuses many alerts with large common maps, which would expand into millions of entries', () => {
    const [issue] = issuesOf(payload(10_000, 250));
    assert.match(issue ?? '', new RegExp(`^alerts: .*more than ${MAX_ENTRIES_PER_PAYLOAD}: send fewer alerts per request`));
  });

  it('accepts a full batch of ordinary alerts', () => {
    assert.deepEqual(issuesOf(payload(10_000, 20)), []);
  });
});
