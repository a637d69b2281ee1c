/**
 * What restoring a detector's checkpoint did, entry by entry: restored, or skipped (that state starts cold)
 * with the reason, so a corrupt or outdated checkpoint is a warning naming what was wrong, never a crash.
 */
import type { z } from 'zod';

export interface RestoreResult {
  restored: number;
  skipped: number;
  /** Why entries were skipped, each naming its entry: the first few (one corrupt checkpoint can skip 100,000). */
  problems: string[];
}

export const MAX_PROBLEMS = 10;

export class RestoreReport {
  private readonly result: RestoreResult = { restored: 0, skipped: 0, problems: [] };

  restoredOne(): void {
    this.result.restored += 1;
  }

  skip(entry: string, reason: string): void {
    this.result.skipped += 1;
    if (this.result.problems.length < MAX_PROBLEMS) this.result.problems.push(`${entry}: ${reason}`);
  }

  done(): RestoreResult {
    return this.result;
  }
}

/** The reason an entry could not be used, from what was thrown. */
export function readProblem(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first issues of an entry that failed its schema, each with the path of its field. */
export function schemaProblem(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(entry)'}: ${issue.message}`).join('; ');
}

/** Parses one JSON entry and validates it against `schema`; otherwise, why it cannot be used. */
export function parseEntry<T>(schema: z.ZodType<T>, text: string): { value: T } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON: ${readProblem(error)}` };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { value: parsed.data } : { problem: schemaProblem(parsed.error) };
}
