/** The fuzz benchmark's results per protocol, what counts as a failure, and the table printed for people. */
import { formatTable } from '../../cli/table.js';

export interface CrashRecord {
  code: number | null;
  signal: string | null;
  /** The child's last output lines before it exited. */
  lastLines: string[];
  /** Saved inputs that were in flight when it exited (one of them is the likely cause). */
  inputs: string[];
}

export interface ProtocolReport {
  protocol: string;
  /** Inputs sent (each once; a retry after an overload refusal is not counted again). */
  sent: number;
  /** 2xx responses; for syslog, lines the server counted as accepted. */
  accepted: number;
  /** 4xx responses by status; for syslog, rejected frames by the server's reason (and streams it closed). */
  refused: Record<string, number>;
  /** 429/503 with Retry-After: the server shedding load, a refusal, not a failure. */
  overload: number;
  /** Other 5xx responses by status. */
  serverErrors: Record<string, number>;
  /** No connection, a reset or no answer while the child was running. */
  connectionErrors: number;
  /** Requests that were in flight when the child crashed. */
  lostToCrash: number;
  crashes: CrashRecord[];
  stalls: number;
  maxHealthzMs: number;
  peakRssBytes: number;
  seconds: number;
  /** Error-level lines of the server log while this protocol ran, by "Type: message" (where a 5xx's cause is). */
  errorLogs: Record<string, number>;
  /** Failing inputs written to the output folder. */
  saved: string[];
}

export interface FuzzReport {
  benchmark: 'fuzz';
  seed: number;
  count: number;
  concurrency: number;
  out: string;
  protocols: ProtocolReport[];
  /** One line per crash, 5xx or stall kind; empty when the run passed. */
  failures: string[];
}

export function emptyProtocolReport(protocol: string): ProtocolReport {
  return {
    protocol, sent: 0, accepted: 0, refused: {}, overload: 0, serverErrors: {}, connectionErrors: 0, lostToCrash: 0, crashes: [],
    stalls: 0, maxHealthzMs: 0, peakRssBytes: 0, seconds: 0, errorLogs: {}, saved: [],
  };
}

export function increment(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((total, n) => total + n, 0);

/** Crashes, 5xx responses and stalls fail the run; refusals, overload and connection errors are reported only. */
export function failuresOf(protocols: readonly ProtocolReport[]): string[] {
  return protocols.flatMap((p) => [
    ...p.crashes.map((c) => `${p.protocol}: crash (exit ${c.code ?? c.signal ?? '?'}), inputs in flight: ${c.inputs.join(', ') || 'none saved'}`),
    ...Object.entries(p.serverErrors).map(([status, n]) => `${p.protocol}: ${n} × HTTP ${status}`),
    ...(p.stalls > 0 ? [`${p.protocol}: ${p.stalls} stalled /healthz probe(s), max ${Math.round(p.maxHealthzMs)} ms`] : []),
  ]);
}

const counts = (values: Record<string, number>): string =>
  Object.entries(values).sort(([, a], [, b]) => b - a).map(([key, n]) => `${key}:${n}`).join(' ') || '-';

export function formatFuzzTable(report: FuzzReport): string {
  const rows = report.protocols.map((p) => [
    p.protocol, p.sent, p.accepted, counts(p.refused), p.overload, sum(p.serverErrors), p.connectionErrors, p.crashes.length, p.stalls,
    Math.round(p.maxHealthzMs), Math.round(p.peakRssBytes / 1024 / 1024), Math.round(p.seconds > 0 ? p.sent / p.seconds : 0),
  ]);
  const header = ['protocol', 'sent', 'accepted', 'refused', 'overload', '5xx', 'conn err', 'crashes', 'stalls', 'max healthz ms', 'peak RSS MiB', 'inputs/s'];
  const lines = [`fuzz: seed ${report.seed}, ${report.count.toLocaleString('en')} inputs per protocol, concurrency ${report.concurrency}`, '', formatTable(header, rows), ''];
  const signatures = report.protocols.flatMap((p) => Object.entries(p.errorLogs).map(([text, n]) => `  ${p.protocol}: ${n} × ${text}`));
  if (signatures.length > 0) lines.push('server errors logged:', ...signatures, '');
  lines.push(report.failures.length === 0 ? 'no crash, 5xx or stall' : `FAILED:\n${report.failures.map((f) => `  ${f}`).join('\n')}`);
  lines.push(`failing inputs: ${report.out}`);
  return lines.join('\n');
}
