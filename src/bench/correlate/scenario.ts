/**
 * The scenario format of `opsight bench correlate` (docs/bench-correlate.md): JSON lines, each one signal as
 * opsight's API receives it at event time `at` — an event as `POST /api/v1/events` takes it, an Alertmanager
 * webhook alert, a span, or a sample — and, on alert lines, the key of the incident the alert truly belongs to.
 * Parsing validates every line and normalises it with ingest's own normalisers, so a replay feeds the
 * pipeline what the server would. Pure: text in, steps out; a bad line is an error naming the file and line.
 */
import { z } from 'zod';
import type { Event, Sample, Span } from '../../signals/index.js';
import { attributesSchema, labelsSchema, resolveEntity } from '../../signals/index.js';
import type { SignalBatch } from '../../ingest/sink.js';
import { genericEventSchema } from '../../ingest/events/payload.js';
import { normalizeGenericEvents } from '../../ingest/events/normalize.js';
import { alertmanagerAlertSchema } from '../../ingest/alertmanager/payload.js';
import { normalizeAlertmanager } from '../../ingest/alertmanager/normalize.js';
import { timestampField } from '../../ingest/timestamps.js';

const hex = (digits: number) => z.string().regex(new RegExp(`^[0-9a-f]{${digits}}$`), `must be ${digits} lowercase hex digits`);

/** A span, OTLP-like and minimal: the service that sent it stands for its resource. */
export const scenarioSpanSchema = z.strictObject({
  traceId: hex(32),
  spanId: hex(16),
  parentSpanId: hex(16).optional(),
  service: z.string().trim().min(1),
  name: z.string(),
  kind: z.enum(['internal', 'server', 'client', 'producer', 'consumer']),
  start: timestampField,
  end: timestampField,
  status: z.enum(['unset', 'ok', 'error']).default('unset'),
  attributes: attributesSchema.default({}),
});

/** A sample as a scrape gives it: its labels name the entity and reveal the hierarchy (pod → service, pod → host). */
export const scenarioSampleSchema = z.strictObject({
  metric: z.string().min(1),
  labels: labelsSchema,
  value: z.number(),
});

const SIGNALS = ['event', 'alertmanager', 'span', 'sample'] as const;
type SignalName = (typeof SIGNALS)[number];

const lineSchema = z.strictObject({
  at: timestampField,
  truth: z.string().trim().min(1).optional(),
  event: z.unknown().optional(),
  alertmanager: z.unknown().optional(),
  span: z.unknown().optional(),
  sample: z.unknown().optional(),
});

/** One line, normalised: what the sink is handed at `at`, and the true incident of its alert. */
export interface ScenarioStep {
  /** 1-based line number in the file. */
  line: number;
  at: number;
  batch: SignalBatch;
  /** Alert lines: the key of the incident the alert truly belongs to. */
  truth?: string;
}

export interface Scenario {
  name: string;
  /** In the order of `at`; lines of the same `at` in file order. */
  steps: ScenarioStep[];
}

export class ScenarioError extends Error {}

function issueText(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ScenarioError(issueText(result.error, prefix));
  return result.data;
}

function spanOf(value: unknown): Span {
  const span = parsed(scenarioSpanSchema, value, 'span');
  if (span.end < span.start) throw new ScenarioError('span.end: must not be before span.start');
  return {
    traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId, entityId: resolveEntity({ 'service.name': span.service }).id,
    service: span.service, operation: span.name, kind: span.kind, start: span.start, end: span.end, status: span.status, attributes: span.attributes,
  };
}

function sampleOf(value: unknown, at: number): Sample {
  const sample = parsed(scenarioSampleSchema, value, 'sample');
  return { entityId: resolveEntity(sample.labels).id, metric: sample.metric, labels: sample.labels, kind: 'gauge', time: at, value: sample.value };
}

/** Normalises the line's one signal, its event ids `<scenario>:<line>` (an event is applied once by its id). */
function batchOf(signal: SignalName, value: unknown, at: number, id: string): SignalBatch {
  const context = { receivedAt: at, newId: () => id };
  switch (signal) {
    case 'event':
      return { events: normalizeGenericEvents(parsed(genericEventSchema, value, 'event'), context) };
    case 'alertmanager': {
      const alert = parsed(alertmanagerAlertSchema, value, 'alertmanager');
      return { events: normalizeAlertmanager({ version: '4', groupKey: 'bench', truncatedAlerts: 0, status: alert.status, receiver: 'bench', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '', alerts: [alert] }, context) };
    }
    case 'span':
      return { spans: [spanOf(value)] };
    case 'sample':
      return { samples: [sampleOf(value, at)] };
  }
}

const isAlert = (batch: SignalBatch): boolean => batch.events?.[0]?.kind === 'alert';

function stepOf(text: string, line: number, scenario: string): ScenarioStep {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`not JSON: ${(error as Error).message}`);
  }
  const fields = parsed(lineSchema, json, '');
  const given = SIGNALS.filter((signal) => fields[signal] !== undefined);
  const signal = given[0];
  if (signal === undefined || given.length > 1) throw new ScenarioError(`a line holds exactly one of ${SIGNALS.join(', ')}; this one holds ${given.length === 0 ? 'none' : given.join(' and ')}`);
  const batch = batchOf(signal, fields[signal], fields.at, `${scenario}:${line}`);
  if (isAlert(batch) && fields.truth === undefined) throw new ScenarioError('truth: an alert line needs the key of its true incident');
  if (!isAlert(batch) && fields.truth !== undefined) throw new ScenarioError('truth: only alert lines have a true incident');
  return { line, at: fields.at, batch, ...(fields.truth !== undefined ? { truth: fields.truth } : {}) };
}

/** Parses a scenario file's text; `file` names it in errors ("file:line: what is wrong"). */
export function parseScenario(text: string, name: string, file: string = name): Scenario {
  const steps: ScenarioStep[] = [];
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    try {
      steps.push(stepOf(trimmed, index + 1, name));
    } catch (error) {
      if (error instanceof ScenarioError) throw new ScenarioError(`${file}:${index + 1}: ${error.message}`);
      throw error;
    }
  });
  if (steps.length === 0) throw new ScenarioError(`${file}: no lines`);
  // Array.prototype.sort is stable: lines of the same time keep their file order.
  return { name, steps: steps.sort((a, b) => a.at - b.at) };
}

/** The firing alert event of a step, if it is one: what is scored. */
export function firingAlertOf(step: ScenarioStep): Event | undefined {
  const event = step.batch.events?.[0];
  return event?.kind === 'alert' && event.status === 'firing' ? event : undefined;
}
