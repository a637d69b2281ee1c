/** Durations as people write them in config: "500ms", "30s", "15m", "2h", "7d", or a number of seconds. */
import { z } from 'zod';

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (match === null) return undefined;
  return Math.round(Number(match[1]) * (units[match[2] as string] as number));
}

/** A duration field: the value is milliseconds. */
export const durationField = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value * 1000 : parseDuration(value);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    ctx.addIssue({ code: 'custom', message: `not a duration (write e.g. "30s", "15m", "2h"): ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});
