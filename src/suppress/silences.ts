/**
 * Silences, as in Alertmanager: matchers and a time range. A silence is pending before `startsAt`, active
 * until `endsAt`, then expired; expiring one by hand moves its end to now, so its history stays. Whether a
 * silence covers an alert is decided on the alert's event time.
 */
import { z } from 'zod';
import type { Labels } from '../signals/index.js';
import { timeMsSchema } from '../signals/index.js';
import { matchAll, matcherSchema } from './matchers.js';

export const SilenceState = {
  pending: 'pending',
  active: 'active',
  expired: 'expired',
} as const;
export type SilenceState = (typeof SilenceState)[keyof typeof SilenceState];

export const silenceSchema = z.object({
  id: z.string().min(1),
  matchers: z.array(matcherSchema).min(1),
  startsAt: timeMsSchema,
  endsAt: timeMsSchema,
  createdBy: z.string().min(1),
  comment: z.string(),
  /** Wall time it was created and last changed (expired). */
  createdAt: timeMsSchema,
  updatedAt: timeMsSchema,
});
export type Silence = z.infer<typeof silenceSchema>;

export function silenceState(silence: Pick<Silence, 'startsAt' | 'endsAt'>, at: number): SilenceState {
  if (at < silence.startsAt) return SilenceState.pending;
  return at < silence.endsAt ? SilenceState.active : SilenceState.expired;
}

/** The silence ended now: an active one ends now, a pending one never starts (Alertmanager's expire). */
export function expireSilence(silence: Silence, now: number): Silence {
  if (silenceState(silence, now) === SilenceState.expired) return silence;
  return { ...silence, startsAt: Math.min(silence.startsAt, now), endsAt: now, updatedAt: now };
}

export interface CompiledSilence {
  silence: Silence;
  matches(labels: Labels): boolean;
}

export const compileSilence = (silence: Silence): CompiledSilence => ({ silence, matches: matchAll(silence.matchers) });

/** The first silence active at `at` whose matchers all match `labels`. */
export function silenceOf(labels: Labels, silences: readonly CompiledSilence[], at: number): Silence | undefined {
  return silences.find((entry) => silenceState(entry.silence, at) === SilenceState.active && entry.matches(labels))?.silence;
}
