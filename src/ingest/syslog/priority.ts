/** Syslog PRI: the `<N>` prefix split into facility and severity, their names, and our severity for each. */
import type { Severity } from '../../signals/index.js';

/** Facility names by code (RFC 5424 §6.2.1); codes 16..23 are local0..local7. */
export const FACILITY_NAMES: readonly string[] = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];

/** Severity names by code (RFC 5424 §6.2.1). */
export const SYSLOG_SEVERITY_NAMES: readonly string[] = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/** emerg, alert and crit page someone; err is an error; warning a warning; notice, info and debug are info. */
const severityByCode: readonly Severity[] = ['critical', 'critical', 'critical', 'error', 'warning', 'info', 'info', 'info'];

export interface Priority {
  facility: number;
  severity: number;
  /** Index just past the closing `>`. */
  end: number;
}

/**
 * Reads `<PRI>` at the start of `text`: 1 to 3 digits, value 0..191, no leading zero except `<0>`.
 * Returns undefined when the prefix is missing or malformed.
 */
export function parsePriority(text: string): Priority | undefined {
  if (text.charCodeAt(0) !== 60 /* < */) return undefined;
  let value = 0;
  let index = 1;
  for (; index < text.length && index <= 4; index++) {
    const code = text.charCodeAt(index);
    if (code === 62 /* > */) break;
    if (code < 48 || code > 57) return undefined;
    value = value * 10 + (code - 48);
  }
  const digits = index - 1;
  if (text.charCodeAt(index) !== 62 || digits === 0 || digits > 3) return undefined;
  if (digits > 1 && text.charCodeAt(1) === 48) return undefined;
  if (value > 191) return undefined;
  return { facility: value >> 3, severity: value & 7, end: index + 1 };
}

export function facilityName(code: number): string {
  return FACILITY_NAMES[code] ?? `facility${code}`;
}

export function syslogSeverityName(code: number): string {
  return SYSLOG_SEVERITY_NAMES[code] ?? 'debug';
}

/** Our severity for a syslog severity code (0..7). */
export function severityOfSyslog(code: number): Severity {
  return severityByCode[code] ?? 'info';
}
