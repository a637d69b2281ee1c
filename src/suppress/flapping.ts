/**
 * Flapping: an alert that changes state (starts firing, resolves) more than `changes` times within `window`
 * is flapping, and is held back from incidents until it has not changed state for `stableFor`. Each alert
 * keeps the event times of its latest changes, no more than the rule looks at.
 */
import { z } from 'zod';
import { durationField } from '../config/duration.js';

export const flappingConfigSchema = z.strictObject({
  /** More state changes than this within `window` mark an alert flapping; 0 turns detection off. @default 4 */
  changes: z.coerce.number().int().min(0).max(100).default(4),
  /** @default "30m" */
  window: durationField.default(30 * 60_000),
  /** @default "15m" */
  stableFor: durationField.default(15 * 60_000),
});
export type FlappingConfig = z.infer<typeof flappingConfigSchema>;

/** The change times to keep after a change at `at`: those within the window, the latest `changes + 1`. */
export function recordChange(recent: readonly number[], at: number, config: FlappingConfig): number[] {
  if (config.changes === 0) return [];
  return [...recent, at].filter((time) => time > at - config.window).sort((a, b) => a - b).slice(-(config.changes + 1));
}

/**
 * Whether an alert with these recent changes is flapping at `at`: too many changes within the window up to
 * the latest one, and the latest not `stableFor` ago. Only stability releases it, not older changes ageing out.
 */
export function isFlapping(recent: readonly number[], at: number, config: FlappingConfig): boolean {
  const latest = recent[recent.length - 1];
  if (config.changes === 0 || latest === undefined || at - latest >= config.stableFor) return false;
  return recent.filter((time) => time > latest - config.window).length > config.changes;
}
