/**
 * An RCAEval case turned into the evidence the ranking core takes: each metric's deviation after the
 * inject time, and with logs and traces, the calls between services (the topology's call joiner) and
 * the error templates the log miner finds.
 */
import type { Span } from '../../signals/index.js';
import { normalizeSeverity, severityRank } from '../../signals/index.js';
import { CallJoiner } from '../../topology/calls.js';
import { TemplateMiner } from '../../detect/log/index.js';
import { callEvidence, deviationAfter, logEvidence, type Anomaly, type MinedLog, type RankInput } from '../../analyze/index.js';
import type { LogRow, RcaCase, TraceRow } from './case-files.js';

export const SIGNALS = ['metrics', 'all'] as const;
export type Signals = (typeof SIGNALS)[number];

export const entityOf = (service: string) => `service:${service}`;
export const serviceOf = (entityId: string) => entityId.replace(/^service:/, '');

/** Saturation is the entity's own; every other symptom (latency, errors, throughput) a caller may inherit from a callee. */
const SATURATION = /cpu|mem|disk|heap|thread|gc|fd/i;

function metricAnomalies(rcaCase: RcaCase, windowMs: number, notes: string[]): Anomaly[] {
  const { start, times } = rcaCase;
  const before = times.map((time, row) => (time < start ? row : -1)).filter((row) => row >= 0);
  const after = times.map((time, row) => (time >= start && time <= start + windowMs ? row : -1)).filter((row) => row >= 0);
  const anomalies: Anomaly[] = [];
  let flat = 0;
  for (const { service, metric, values } of rcaCase.columns) {
    const finite = values.filter(Number.isFinite);
    if (finite.every((value) => value === finite[0])) {
      flat += 1;
      continue;
    }
    const deviation = deviationAfter(before.map((row) => values[row] ?? NaN), after.map((row) => ({ time: times[row] ?? 0, value: values[row] ?? NaN })));
    if (deviation?.since === undefined) continue;
    anomalies.push({ entityId: entityOf(service), source: 'metric', signal: `${metric} ${deviation.direction}`, since: deviation.since, strength: deviation.strength, inherited: !SATURATION.test(metric) });
  }
  if (flat > 0) notes.push(`metrics.csv: ${flat} series empty or constant, skipped`);
  return anomalies;
}

const isError = (status: string) => /error/i.test(status) || Number(status) >= 500;

/** Trace rows as spans: a span with a child in another service called it (client), one under another service's span, or a root, serves. */
function spansOf(rows: readonly TraceRow[]): Span[] {
  const serviceOfSpan = new Map(rows.map((row) => [row.spanId, row.service]));
  const callers = new Set(rows.filter((row) => serviceOfSpan.has(row.parentSpanId) && serviceOfSpan.get(row.parentSpanId) !== row.service).map((row) => row.parentSpanId));
  return rows.map((row): Span => {
    const parent = serviceOfSpan.get(row.parentSpanId);
    const kind = callers.has(row.spanId) ? 'client' : parent === undefined || parent !== row.service ? 'server' : 'internal';
    return {
      traceId: row.traceId, spanId: row.spanId, ...(row.parentSpanId === '' ? {} : { parentSpanId: row.parentSpanId }), entityId: entityOf(row.service), service: row.service,
      operation: row.operation, kind, start: row.start, end: row.start + row.durationMs, status: row.status === '' ? 'unset' : isError(row.status) ? 'error' : 'ok', attributes: {},
    };
  }).sort((a, b) => a.end - b.end);
}

function minedLogs(rows: readonly LogRow[]): MinedLog[] {
  const miner = new TemplateMiner();
  const mined = rows.map((row) => ({ row, templateId: miner.add(row.message, row.service).templateId }));
  return mined.map(({ row, templateId }) => ({
    entityId: entityOf(row.service), time: row.time, template: miner.templateOf(templateId, row.service) ?? templateId,
    error: severityRank(normalizeSeverity(row.level, 'info')) >= severityRank('warning'),
  }));
}

export function caseInput(rcaCase: RcaCase, signals: Signals, windowMs: number): { input: RankInput; notes: string[] } {
  const notes: string[] = [];
  const anomalies = metricAnomalies(rcaCase, windowMs, notes);
  const input: RankInput = { start: rcaCase.start, anomalies, edges: [] };
  if (signals === 'metrics') return { input, notes };
  const until = rcaCase.start + windowMs;
  const calls = new CallJoiner({ maxSpans: Number.MAX_SAFE_INTEGER }).observe(spansOf(rcaCase.traces ?? [])).filter((call) => call.time <= until);
  const fromCalls = callEvidence(calls, rcaCase.start);
  const fromLogs = logEvidence(minedLogs((rcaCase.logs ?? []).filter((log) => log.time <= until)), rcaCase.start);
  return { input: { ...input, anomalies: [...anomalies, ...fromCalls.anomalies, ...fromLogs], edges: fromCalls.edges }, notes };
}
