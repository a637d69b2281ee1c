/**
 * One case in the RCAEval layout, read and checked: `inject_time.txt` (unix seconds), `metrics.csv`
 * (`time` in unix seconds, then `<service>_<metric>` columns), and optionally `logs.csv`,
 * `traces.csv` and `truth.json`. Times become milliseconds. What makes the case unusable throws a
 * CaseError naming the file and what is wrong; what only weakens it becomes a note.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../loghub/csv.js';

export class CaseError extends Error {}

export interface MetricColumn {
  service: string;
  metric: string;
  values: number[];
}

export interface LogRow {
  time: number;
  service: string;
  message: string;
  level: string;
}

export interface TraceRow {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  service: string;
  operation: string;
  start: number;
  durationMs: number;
  status: string;
}

export interface RcaCase {
  name: string;
  /** Inject time, ms. */
  start: number;
  /** Row times of metrics.csv, ms. */
  times: number[];
  columns: MetricColumn[];
  logs: LogRow[] | undefined;
  traces: TraceRow[] | undefined;
  /** The true root cause service, when truth.json names one. */
  truth: string | undefined;
  notes: string[];
}

interface Table {
  file: string;
  header: string[];
  rows: string[][];
}

function readTable(dir: string, file: string): Table | undefined {
  const at = path.join(dir, file);
  if (!existsSync(at)) return undefined;
  const [header, ...rows] = parseCsv(readFileSync(at, 'utf8'));
  if (header === undefined) throw new CaseError(`${file} is empty`);
  return { file, header: header.map((name) => name.trim()), rows: rows.filter((row) => row.some((field) => field !== '')) };
}

/** The index of the first of `names` in the header; a CaseError naming them when none is there. */
function column(table: Table, ...names: string[]): number {
  const index = table.header.findIndex((name) => names.includes(name));
  if (index < 0) throw new CaseError(`${table.file} has no ${names.join(' or ')} column`);
  return index;
}

function optionalColumn(table: Table, name: string): number | undefined {
  const index = table.header.indexOf(name);
  return index < 0 ? undefined : index;
}

function readInjectTime(dir: string): number {
  const at = path.join(dir, 'inject_time.txt');
  if (!existsSync(at)) throw new CaseError('inject_time.txt is missing');
  const text = readFileSync(at, 'utf8').trim();
  const seconds = Number(text);
  if (text === '' || !Number.isFinite(seconds)) throw new CaseError(`inject_time.txt holds ${JSON.stringify(text.slice(0, 40))}, not unix seconds`);
  return seconds * 1000;
}

function readMetrics(dir: string, start: number, notes: string[]): { times: number[]; columns: MetricColumn[] } {
  const table = readTable(dir, 'metrics.csv');
  if (table === undefined) throw new CaseError('metrics.csv is missing');
  const timeAt = column(table, 'time', 'timestamp');
  const times = table.rows.map((row, index) => {
    const seconds = Number(row[timeAt]);
    if (row[timeAt] === '' || !Number.isFinite(seconds)) throw new CaseError(`metrics.csv row ${index + 2} has time ${JSON.stringify(row[timeAt])}, not unix seconds`);
    return seconds * 1000;
  });
  if (times.length === 0) throw new CaseError('metrics.csv has no rows');
  const first = Math.min(...times);
  const last = Math.max(...times);
  if (start < first || start > last) {
    throw new CaseError(`the inject time ${new Date(start).toISOString()} is outside metrics.csv (${new Date(first).toISOString()} to ${new Date(last).toISOString()})`);
  }
  const unnamed: string[] = [];
  const columns: MetricColumn[] = [];
  table.header.forEach((name, index) => {
    if (index === timeAt) return;
    const cut = name.indexOf('_');
    if (cut <= 0 || cut === name.length - 1) unnamed.push(name);
    else columns.push({ service: name.slice(0, cut), metric: name.slice(cut + 1), values: table.rows.map((row) => (row[index] === '' ? NaN : Number(row[index]))) });
  });
  if (unnamed.length > 0) notes.push(`metrics.csv: ${unnamed.length} column(s) not named <service>_<metric>, skipped (${unnamed.slice(0, 3).join(', ')})`);
  if (columns.length === 0) throw new CaseError('metrics.csv has no <service>_<metric> column');
  return { times, columns };
}

function readLogs(dir: string, notes: string[]): LogRow[] | undefined {
  const table = readTable(dir, 'logs.csv');
  if (table === undefined) return undefined;
  const [timeAt, serviceAt, messageAt] = [column(table, 'time', 'timestamp'), column(table, 'service'), column(table, 'message')];
  const levelAt = optionalColumn(table, 'level');
  const logs: LogRow[] = [];
  for (const row of table.rows) {
    const seconds = Number(row[timeAt]);
    if (row[timeAt] === '' || !Number.isFinite(seconds) || (row[serviceAt] ?? '') === '') continue;
    logs.push({ time: seconds * 1000, service: row[serviceAt] ?? '', message: row[messageAt] ?? '', level: levelAt === undefined ? '' : (row[levelAt] ?? '') });
  }
  if (logs.length < table.rows.length) notes.push(`logs.csv: ${table.rows.length - logs.length} row(s) without a time or a service, skipped`);
  return logs;
}

function readTraces(dir: string, notes: string[]): TraceRow[] | undefined {
  const table = readTable(dir, 'traces.csv');
  if (table === undefined) return undefined;
  const at = {
    trace: column(table, 'traceID'), span: column(table, 'spanID'), parent: column(table, 'parentSpanID'), service: column(table, 'serviceName'),
    operation: column(table, 'operationName'), start: column(table, 'startTime(us)', 'startTime'), duration: column(table, 'duration(us)', 'duration'),
  };
  const statusAt = optionalColumn(table, 'statusCode');
  const traces: TraceRow[] = [];
  for (const row of table.rows) {
    const [start, duration] = [Number(row[at.start]), Number(row[at.duration])];
    if (row[at.start] === '' || row[at.duration] === '' || !Number.isFinite(start) || !Number.isFinite(duration) || (row[at.span] ?? '') === '' || (row[at.service] ?? '') === '') continue;
    traces.push({
      traceId: row[at.trace] ?? '', spanId: row[at.span] ?? '', parentSpanId: row[at.parent] ?? '', service: row[at.service] ?? '',
      operation: row[at.operation] ?? '', start: start / 1000, durationMs: duration / 1000, status: statusAt === undefined ? '' : (row[statusAt] ?? ''),
    });
  }
  if (traces.length < table.rows.length) notes.push(`traces.csv: ${table.rows.length - traces.length} row(s) without a span id, service, start or duration, skipped`);
  return traces;
}

function readTruth(dir: string): string | undefined {
  const at = path.join(dir, 'truth.json');
  if (!existsSync(at)) return undefined;
  let truth: unknown;
  try {
    truth = JSON.parse(readFileSync(at, 'utf8'));
  } catch {
    throw new CaseError('truth.json is not JSON');
  }
  const service = (truth as { service?: unknown } | null)?.service;
  return typeof service === 'string' && service !== '' ? service : undefined;
}

export function readCase(dir: string): RcaCase {
  const notes: string[] = [];
  const start = readInjectTime(dir);
  const { times, columns } = readMetrics(dir, start, notes);
  const traces = readTraces(dir, notes);
  const known = new Set(columns.map((c) => c.service));
  const strangers = [...new Set((traces ?? []).map((span) => span.service))].filter((service) => !known.has(service));
  if (strangers.length > 0) notes.push(`traces.csv names ${strangers.length} service(s) metrics.csv lacks, judged on traces alone (${strangers.slice(0, 3).join(', ')})`);
  return { name: path.basename(dir), start, times, columns, logs: readLogs(dir, notes), traces, truth: readTruth(dir), notes };
}
