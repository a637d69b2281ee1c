/** Severity levels shared by every signal, and the normalisation of the many spellings tools use. */
import { z } from 'zod';

export const Severity = {
  critical: 'critical',
  error: 'error',
  warning: 'warning',
  info: 'info',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export const severitySchema = z.enum(['critical', 'error', 'warning', 'info']);

const rank: Record<Severity, number> = { critical: 3, error: 2, warning: 1, info: 0 };

const aliases: Record<string, Severity> = {
  critical: 'critical', crit: 'critical', fatal: 'critical', emergency: 'critical', emerg: 'critical',
  alert: 'critical', page: 'critical', p1: 'critical', sev1: 'critical', disaster: 'critical',
  error: 'error', err: 'error', high: 'error', major: 'error', p2: 'error', sev2: 'error',
  warning: 'warning', warn: 'warning', medium: 'warning', minor: 'warning', average: 'warning', p3: 'warning', sev3: 'warning',
  info: 'info', informational: 'info', notice: 'info', low: 'info', none: 'info', debug: 'info', ok: 'info',
  p4: 'info', p5: 'info', sev4: 'info', sev5: 'info',
};

/** Maps a tool's severity word to ours; unknown or missing words become `fallback`. */
export function normalizeSeverity(word: string | undefined, fallback: Severity = 'warning'): Severity {
  if (word === undefined) return fallback;
  return aliases[word.trim().toLowerCase()] ?? fallback;
}

export function severityRank(severity: Severity): number {
  return rank[severity];
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return rank[a] >= rank[b] ? a : b;
}
