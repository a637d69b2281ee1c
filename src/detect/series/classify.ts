/**
 * What kind of signal a metric series is, from naming conventions alone (Prometheus names and
 * units, OpenTelemetry semantic conventions): errors, latency, traffic, saturation, a runtime's
 * internals, or other. The class says how much an anomaly in it is worth: a failing request
 * matters to users, a garbage collector's pause seldom does by itself.
 */
import type { Labels } from '../../signals/index.js';
import { seriesKey } from '../../signals/index.js';

export type SignalClass = 'errors' | 'latency' | 'traffic' | 'saturation' | 'behaviour' | 'runtime' | 'other';

/** Language runtimes, exporters' and collectors' self-monitoring: Prometheus client defaults and OTel runtime conventions. */
const RUNTIME_PREFIXES = [
  'go_', 'process_', 'jvm_', 'nodejs_', 'python_gc_', 'python_info', 'dotnet_', 'v8js_', 'cpython_', 'erlang_vm_', 'ruby_gc_',
  'prometheus_', 'promhttp_', 'scrape_', 'otelcol_', 'runtime_',
];
const RUNTIME_WORDS = new Set(['scrape', 'gc', 'goroutines', 'eventloop']);

const ERROR_WORDS = new Set([
  'error', 'errors', 'errs', 'errored', 'fail', 'failed', 'failure', 'failures', 'fault', 'faults', 'exception', 'exceptions', 'panic', 'panics',
  'timeout', 'timeouts', 'rejected', 'refused', 'aborted', 'dropped', '5xx', 'oom', 'restarts', 'crashes',
]);
const LATENCY_WORDS = new Set(['latency', 'latencies', 'duration', 'durations', 'rtt', 'delay', 'elapsed', 'responsetime']);
const TIME_UNITS = new Set(['seconds', 'milliseconds', 'microseconds', 'nanoseconds', 'ms', 'us', 'ns']);
const SATURATION_WORDS = new Set([
  'cpu', 'memory', 'mem', 'utilization', 'utilisation', 'usage', 'util', 'saturation', 'queue', 'queued', 'pending', 'backlog', 'inflight',
  'active', 'busy', 'idle', 'connections', 'conns', 'connected', 'clients', 'threads', 'pool', 'capacity', 'available', 'avail', 'free', 'used',
  'filesystem', 'disk', 'fds', 'load1', 'load5', 'load15', 'pressure', 'throttled', 'lag', 'limit', 'limits', 'swap', 'inodes', 'cache',
  'occupancy', 'full',
]);
const TRAFFIC_WORDS = new Set([
  'requests', 'request', 'calls', 'messages', 'ops', 'operations', 'queries', 'hits', 'packets', 'received', 'sent', 'transmit', 'receive',
  'rpc', 'rpcs', 'http', 'events', 'records', 'throughput', 'reads', 'writes', 'bytes',
]);

/** Labels carrying a response status (OTel's dotted names as underscores). */
const STATUS_LABELS = new Set(['code', 'status', 'status_code', 'http_status_code', 'http_response_status_code', 'response_code', 'grpc_code', 'rpc_grpc_status_code', 'outcome', 'result']);
/** Status values that mean the server failed: 5xx, and gRPC codes and outcomes that are not the caller's fault. */
const FAILED_STATUS = /^(5\d\d|5xx|error|errors|err|fail|failed|failure|server_error|internal|unknown|unavailable|deadline_?exceeded|data_?loss|resource_?exhausted|aborted|unimplemented|timeout)$/i;
/** gRPC's numeric codes of the same (Unknown, DeadlineExceeded, ResourceExhausted, Aborted, Unimplemented, Internal, Unavailable, DataLoss). */
const FAILED_GRPC_CODE = /^(2|4|8|10|12|13|14|15)$/;
/** Labels whose presence with a value says the request failed (OTel sets `error.type` only then). */
const ERROR_LABELS = new Set(['error_type', 'exception_type']);

/** A name or label name in Prometheus form: lower case, OTel's dots as underscores. */
function normalName(name: string): string {
  return name.toLowerCase().replace(/[.\-/]/g, '_');
}

function wordsOf(name: string): string[] {
  return name.split('_').filter((word) => word !== '');
}

function hasAny(words: readonly string[], set: ReadonlySet<string>): boolean {
  return words.some((word) => set.has(word));
}

/** Whether the labels say the requests counted failed on the server's side. */
function failedStatus(labels: Labels): boolean {
  return Object.entries(labels).some(([key, value]) => {
    const name = normalName(key);
    if (ERROR_LABELS.has(name)) return value !== '' && value.toLowerCase() !== 'none';
    if (name === 'error') return value.toLowerCase() === 'true';
    if (!STATUS_LABELS.has(name)) return false;
    return FAILED_STATUS.test(value) || (name.includes('grpc') && FAILED_GRPC_CODE.test(value));
  });
}

/** A count of events (a rate once differentiated), as opposed to a level or a histogram's buckets and sum. */
function isCount(name: string): boolean {
  return name.endsWith('_total') || name.endsWith('_count');
}

function isDistribution(name: string, labels: Labels): boolean {
  return name.endsWith('_bucket') || name.endsWith('_sum') || labels.quantile !== undefined || labels.le !== undefined;
}

/** How long something took: a duration's buckets, quantiles or sum, or a gauge of a response time; time spent in total (`_seconds_total`) is not. */
function isLatency(name: string, words: readonly string[], labels: Labels): boolean {
  if (isCount(name)) return false;
  if (hasAny(words, LATENCY_WORDS) || name.includes('response_time')) return true;
  return hasAny(words, TIME_UNITS) && (isDistribution(name, labels) || words.includes('time'));
}

function isRuntime(name: string, words: readonly string[]): boolean {
  return RUNTIME_PREFIXES.some((prefix) => name.startsWith(prefix)) || hasAny(words, RUNTIME_WORDS);
}

/** The signal class of a series, from its name and labels alone. */
export function classify(metric: string, labels: Labels = {}): SignalClass {
  const name = normalName(metric);
  const words = wordsOf(name);
  // A shift in the mix of what a service does (which log lines, which operations, calls in which order): opsight's behaviour-change series.
  if (name.endsWith('_mix_shift')) return 'behaviour';
  if (isRuntime(name, words)) return 'runtime';
  // A failed request's latency is still a latency; its count is an error rate.
  if (hasAny(words, ERROR_WORDS) || (failedStatus(labels) && !isDistribution(name, labels))) return 'errors';
  if (isLatency(name, words, labels)) return 'latency';
  // A count of requests is traffic whatever it counts them for (`cache_requests_total`); CPU seconds are saturation.
  if (isCount(name) && hasAny(words, TRAFFIC_WORDS)) return 'traffic';
  if (hasAny(words, SATURATION_WORDS)) return 'saturation';
  if (isCount(name) || hasAny(words, TRAFFIC_WORDS)) return 'traffic';
  return 'other';
}

/** Suffixes that name a series' part (of a histogram, a counter) or its unit, not what it measures. */
const PART_SUFFIXES = ['bucket', 'sum', 'count', 'total', 'created'];
const UNIT_SUFFIXES = new Set([
  'seconds', 'milliseconds', 'microseconds', 'nanoseconds', 'ms', 'us', 'ns', 'bytes', 'kilobytes', 'megabytes', 'gigabytes', 'kb', 'mb', 'gb',
  'kib', 'mib', 'gib', 'bits', 'percent', 'pct', 'percentage', 'ratio', 'fraction', 'millicores', 'cores', 'nanocores', 'celsius',
]);
/** Labels that pick a part of one measurement (a bucket, a quantile) rather than a different thing measured. */
const PART_LABELS = new Set(['le', 'quantile']);

/** The name without its part and unit suffixes: `http_request_duration_seconds_bucket` → `http_request_duration`. */
function stemOf(name: string): string {
  const words = wordsOf(name);
  if (words.length > 1 && PART_SUFFIXES.includes(words.at(-1) as string)) words.pop();
  while (words.length > 1 && UNIT_SUFFIXES.has(words.at(-1) as string)) words.pop();
  return words.join('_');
}

/**
 * The key under which series of one problem go together: same class, same name but for part and
 * unit, same labels but for bucket/quantile and (for errors) which failure status. So the quantiles
 * and buckets of one latency are one family, as are `cpu_usage_millicores` and `cpu_usage_percent`
 * of one pod, and 500s and 503s of one endpoint; a histogram's request rate (`_count`, traffic) is
 * not in its latency's family. The entity is the caller's to add when labels do not carry it.
 */
export function familyOf(metric: string, labels: Labels = {}): string {
  const signal = classify(metric, labels);
  const kept: Labels = {};
  for (const [key, value] of Object.entries(labels)) {
    if (PART_LABELS.has(key) || (signal === 'errors' && (STATUS_LABELS.has(normalName(key)) || ERROR_LABELS.has(normalName(key))))) continue;
    kept[key] = value;
  }
  return `${signal}:${seriesKey(stemOf(normalName(metric)), kept)}`;
}
