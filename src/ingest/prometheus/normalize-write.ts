/**
 * Turns a decoded remote-write request into Samples: entity from the labels, metric from
 * `__name__`, kind from metadata or the name. Validates the whole request (labels, timestamps)
 * in time linear in its size and throws WriteProblem listing the problems, so a bad request yields nothing.
 */
import type { Sample } from '../../signals/index.js';
import { MAX_TIME_MS, MIN_TIME_MS, resolveEntity } from '../../signals/index.js';
import { remoteWriteDefaults } from './config.js';
import type { FamilyTypes } from './metric-kind.js';
import { kindOf } from './metric-kind.js';
import { isValidLabelName, isValidMetricName } from './prometheus-names.js';
import type { SeriesInfo } from './series-cache.js';
import { SeriesCache } from './series-cache.js';
import type { DecodedWriteRequest, RawSeries, WriteLimits } from './write-request.js';
import { decodeLabels, problemAt } from './write-request.js';
import type { WriteIssue } from './write-problem.js';
import { WriteProblem } from './write-problem.js';

export interface NormalizedWrite {
  /** Samples in the request's order, staleness markers (the series ended) among them as samples flagged `stale`. */
  samples: Sample[];
  /** Staleness markers among the samples. */
  staleMarkers: number;
  /** Points not turned into samples: NaN or ±Inf values (no number to score), native histograms (not read yet). */
  skipped: { nonFinite: number; histograms: number };
}

/** What normalising needs besides the request: family types (with a version that changes when they do), the series cache and the label limits. */
export interface WriteContext {
  types: FamilyTypes;
  typesVersion: number;
  cache: SeriesCache;
  limits: WriteLimits;
}

const MAX_ISSUES = 10;

/** The index of a label name seen before among `labels`' names, or -1; by a Set, for labels not sorted by name. */
function repeatedBySet(labels: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < labels.length; i += 2) {
    if (seen.has(labels[i] as string)) return i;
    seen.add(labels[i] as string);
  }
  return -1;
}

/**
 * The index of a repeated label name, or -1. Prometheus sends labels sorted by name, so one pass
 * comparing neighbours finds a repeat; unsorted labels (other senders) fall back to a Set.
 */
function repeatedName(labels: readonly string[]): number {
  for (let i = 2; i < labels.length; i += 2) {
    const key = labels[i] as string;
    const previous = labels[i - 2] as string;
    if (key === previous) return i;
    if (key < previous) return repeatedBySet(labels);
  }
  return -1;
}

function labelIssues(labels: readonly string[], path: string, issues: WriteIssue[]): void {
  let name: string | undefined;
  for (let i = 0; i < labels.length && issues.length < MAX_ISSUES; i += 2) {
    const key = labels[i] as string;
    if (key === '__name__') name = labels[i + 1];
    else if (!isValidLabelName(key)) issues.push({ path: `${path}.labels[${i / 2}]`, message: `invalid label name ${JSON.stringify(key)}` });
  }
  const repeated = repeatedName(labels);
  if (repeated >= 0) issues.push({ path: `${path}.labels[${repeated / 2}]`, message: `duplicate label name ${JSON.stringify(labels[repeated])}` });
  if (name === undefined || name === '') issues.push({ path: `${path}.labels`, message: 'no __name__ label: every series needs a metric name' });
  else if (!isValidMetricName(name)) issues.push({ path: `${path}.labels`, message: `invalid metric name ${JSON.stringify(name)}` });
}

function timestampIssue(request: DecodedWriteRequest, series: RawSeries, index: number): WriteIssue | undefined {
  const { timestamps } = request;
  for (let i = series.first; i < series.first + series.count; i++) {
    const time = timestamps[i] as number;
    if (time < MIN_TIME_MS || time > MAX_TIME_MS) {
      return { path: `timeseries[${index}].samples[${i - series.first}].timestamp`, message: `timestamp ${time} is not epoch milliseconds between 2000 and 2200: wrong unit or clock` };
    }
  }
  return undefined;
}

/** Metric, labels, entity and kind of a series not seen before; undefined (with issues added) when its labels are invalid. */
function resolveSeries(series: RawSeries, index: number, context: WriteContext, issues: WriteIssue[]): SeriesInfo | undefined {
  let raw: string[];
  try {
    raw = decodeLabels(series, context.limits);
  } catch (error) {
    throw problemAt(`timeseries[${index}]`, error);
  }
  const before = issues.length;
  labelIssues(raw, `timeseries[${index}]`, issues);
  if (issues.length > before) return undefined;
  let metric = '';
  const labels: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i] as string;
    const value = raw[i + 1] as string;
    if (key === '__name__') metric = value;
    else if (value !== '') labels[key] = value; // Prometheus: an empty value means the label is absent.
  }
  const info = { metric, labels: Object.freeze(labels), entityId: resolveEntity(labels).id, kind: kindOf(metric, context.types), typesVersion: context.typesVersion };
  context.cache.set(series, info);
  return info;
}

function infoOf(series: RawSeries, index: number, context: WriteContext, issues: WriteIssue[]): SeriesInfo | undefined {
  const cached = context.cache.get(series);
  if (cached === undefined) return resolveSeries(series, index, context, issues);
  if (cached.typesVersion !== context.typesVersion) {
    cached.kind = kindOf(cached.metric, context.types);
    cached.typesVersion = context.typesVersion;
  }
  return cached;
}

function addPoints(request: DecodedWriteRequest, series: RawSeries, info: SeriesInfo, result: NormalizedWrite): void {
  const { values, timestamps, stale } = request;
  const { entityId, metric, labels, kind } = info;
  result.skipped.histograms += series.histograms;
  for (let i = series.first; i < series.first + series.count; i++) {
    const value = values[i] as number;
    const time = timestamps[i] as number;
    if (Number.isFinite(value)) result.samples.push({ entityId, metric, labels, kind, time, value });
    else if (stale.has(i)) {
      result.samples.push({ entityId, metric, labels, kind, time, value: 0, stale: true });
      result.staleMarkers++;
    } else result.skipped.nonFinite++;
  }
}

/** Validates and normalises the whole request; throws WriteProblem (nothing returned) when any series is invalid. */
export function normalizeWriteRequest(request: DecodedWriteRequest, context: WriteContext): NormalizedWrite {
  const issues: WriteIssue[] = [];
  const result: NormalizedWrite = { samples: [], staleMarkers: 0, skipped: { nonFinite: 0, histograms: 0 } };
  const { series } = request;
  for (let i = 0; i < series.length && issues.length < MAX_ISSUES; i++) {
    const one = series[i] as RawSeries;
    const info = infoOf(one, i, context, issues);
    const timeIssue = timestampIssue(request, one, i);
    if (timeIssue !== undefined) issues.push(timeIssue);
    if (info !== undefined && issues.length === 0) addPoints(request, one, info, result);
  }
  if (issues.length > 0) {
    const reason = issues.some((issue) => issue.path.endsWith('.timestamp')) ? 'bad_timestamp' : 'bad_labels';
    throw new WriteProblem(reason, issues.slice(0, MAX_ISSUES).map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues.slice(0, MAX_ISSUES));
  }
  return result;
}

/** A fresh context with no metadata: for tests and one-off use. */
export function plainContext(types: FamilyTypes = () => undefined): WriteContext {
  return { types, typesVersion: 0, cache: new SeriesCache(0), limits: remoteWriteDefaults };
}
