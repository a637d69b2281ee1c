/**
 * Severity of a free-text log line: the first level word (ERROR, WARN, INFO, ...) within the first
 * 256 characters, in any case, as a whole word, or a glog/klog level letter. Pure; lines without one are info.
 */
import type { Severity } from '../../signals/index.js';

const LEVELS = new Map<string, Severity>([
  ['fatal', 'critical'], ['critical', 'critical'], ['crit', 'critical'], ['panic', 'critical'], ['emerg', 'critical'], ['emergency', 'critical'], ['alert', 'critical'],
  ['error', 'error'], ['err', 'error'], ['severe', 'error'], ['eror', 'error'],
  ['warn', 'warning'], ['warning', 'warning'],
  ['info', 'info'], ['information', 'info'], ['notice', 'info'], ['debug', 'info'], ['trace', 'info'], ['fine', 'info'], ['verbose', 'info'],
]);

const SCAN_CHARS = 256;
/** Longest level word; longer words are skipped without lower-casing them. */
const MAX_WORD = 11;

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** glog/klog lines start with the level letter and MMDD: `E1126 10:00:00.123 ...`. */
const GLOG: Record<string, Severity> = { I: 'info', W: 'warning', E: 'error', F: 'critical' };

function glogLevel(line: string): Severity | undefined {
  const level = GLOG[line.charAt(0)];
  if (level === undefined || line.charCodeAt(5) !== 32) return undefined;
  for (let i = 1; i < 5; i++) if (line.charCodeAt(i) < 48 || line.charCodeAt(i) > 57) return undefined;
  return level;
}

export function guessSeverity(line: string, fallback: Severity = 'info'): Severity {
  const glog = glogLevel(line);
  if (glog !== undefined) return glog;
  const end = Math.min(line.length, SCAN_CHARS);
  let start = -1;
  for (let i = 0; i <= end; i++) {
    const letter = i < end && isLetter(line.charCodeAt(i));
    if (letter && start < 0) start = i;
    if (letter || start < 0) continue;
    if (i - start <= MAX_WORD) {
      const level = LEVELS.get(line.slice(start, i).toLowerCase());
      if (level !== undefined) return level;
    }
    start = -1;
  }
  return fallback;
}
