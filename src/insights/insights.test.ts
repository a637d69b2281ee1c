import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert, Incident } from '../signals/index.js';
import { computeInsights, insightsMarkdown } from './insights.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;

function incident(id: string, entity: string, severity: Incident['severity'], startedAt: number, extra: Partial<Incident> = {}): Incident {
  return {
    id, status: 'open', severity, title: id, entities: [entity], startedAt, lastActivityAt: startedAt, resolvedAt: null,
    alertCount: 1, firingCount: 1, rootCauses: [], ...extra,
  };
}

function alert(fingerprint: string, count: number, extra: Partial<Alert> = {}): Alert {
  return {
    fingerprint, status: 'firing', severity: 'warning', entityId: 'service:a', source: 'test', title: fingerprint, labels: {}, annotations: {},
    firstSeen: T0, lastSeen: T0 + MIN, activeSince: T0, resolvedAt: null, count, incidentId: null, url: null, ...extra,
  };
}

describe('computeInsights', () => {
  const report = computeInsights({
    from: T0, to: T0 + 24 * 60 * MIN,
    incidents: [
      incident('i1', 'service:a', 'critical', T0 + 60 * MIN, { acknowledgedAt: T0 + 65 * MIN, status: 'resolved', resolvedAt: T0 + 90 * MIN }),
      incident('i2', 'service:a', 'warning', T0 + 120 * MIN, { acknowledgedAt: T0 + 135 * MIN }),
      incident('i3', 'pod:x', 'warning', T0 + 180 * MIN),
      incident('merged', 'service:a', 'warning', T0 + 200 * MIN, { status: 'merged' }),
      incident('before', 'service:a', 'warning', T0 - 60 * MIN),
    ],
    alerts: [alert('noisy', 40), alert('quiet', 1), alert('flappy', 3, { recentChanges: [1, 2, 3, 4, 5] }), alert('old', 9, { firstSeen: T0 - 10 * MIN, lastSeen: T0 - 5 * MIN })],
  });

  it('counts alerts in and incidents out of the range, merged incidents and earlier ones left out', () => {
    assert.deepEqual([report.alertsIn, report.alertReports, report.incidentsOut, report.compression], [3, 44, 3, 1]);
  });

  it('gives MTTA over acknowledged and MTTR over resolved incidents, by service and severity', () => {
    assert.deepEqual(report.mtta, { count: 2, meanMs: 10 * MIN, medianMs: 10 * MIN });
    assert.deepEqual(report.mttr, { count: 1, meanMs: 30 * MIN, medianMs: 30 * MIN });
    assert.deepEqual(report.byService.map((g) => [g.group, g.incidents, g.mtta.meanMs]), [['service:a', 2, 10 * MIN], ['pod:x', 1, null]]);
    assert.deepEqual(report.bySeverity.map((g) => [g.group, g.incidents, g.mttr.count]), [['warning', 2, 0], ['critical', 1, 1]]);
  });

  it('ranks the noisiest alerts by reports and flags flapping ones', () => {
    assert.deepEqual(report.noisiest.map((a) => a.fingerprint), ['noisy', 'flappy', 'quiet']);
    assert.deepEqual(report.flapping.map((a) => [a.fingerprint, a.changes]), [['flappy', 5]]);
  });

  it('counts incidents per hour per service over a day', () => {
    assert.equal(report.overTime.bucketMs, 60 * MIN);
    assert.equal(report.overTime.bucketStarts.length, 25);
    const a = report.overTime.series.find((s) => s.service === 'service:a');
    assert.deepEqual([a?.counts[1], a?.counts[2], a?.counts.reduce((x, y) => x + y, 0)], [1, 1, 2]);
  });

  it('prints the same report as Markdown', () => {
    const text = insightsMarkdown(report);
    assert.match(text, /Incidents out: 3 \(1\.0 alerts per incident\)/);
    assert.match(text, /\| service:a \| 2 \| 10\.0 min \| 30\.0 min \|/);
  });
});
