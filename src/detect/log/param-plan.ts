/** How a line's parameters are read for its template, worked out once per cached line key and replayed on the fast path. */
import { WILDCARD } from './mask.js';
import type { LineScan } from './line-scan.js';
import { patternParts } from './token-pattern.js';

/**
 * Four numbers per template position: mode (0: take the values masked inside the token, 1: take the raw token
 * the template widened, without the text around its `<*>`), the token's count of masked values, and the
 * lengths of that prefix and suffix.
 */
export type ParamPlan = Int32Array;

export function planParams(template: readonly string[], perToken: readonly number[]): ParamPlan {
  const plan = new Int32Array(template.length * 4);
  template.forEach((token, i) => {
    const count = perToken[i] ?? 0;
    const parts = token === WILDCARD ? (['', ''] as const) : patternParts(token);
    const widened = parts !== undefined && count !== 1;
    plan.set([widened ? 1 : 0, count, parts?.[0].length ?? 0, parts?.[1].length ?? 0], i * 4);
  });
  return plan;
}

/** Whether the plan takes the masked values as they are, so the raw tokens are not needed. */
export function isDirectPlan(plan: ParamPlan): boolean {
  for (let i = 0; i < plan.length; i += 4) if (plan[i] === 1) return false;
  return true;
}

/** One parameter per `<*>`: the raw text of a position where the template widened it, else the values masked inside it. */
export function applyPlan(plan: ParamPlan, values: readonly string[], scan: LineScan): string[] {
  const params: string[] = [];
  const { text, starts, ends, unit } = scan;
  let at = 0;
  let t = 0;
  for (let i = 0; i < plan.length; i += 4, t += 1) {
    while (unit[t] === 1) t += 1;
    const count = plan[i + 1] ?? 0;
    if (plan[i] === 1) {
      // A raw position is its token, or a number and its unit joined by one space.
      const start = starts[t] ?? 0;
      const raw = unit[t + 1] === 1 ? `${text.slice(start, ends[t] ?? 0)} ${text.slice(starts[t + 1] ?? 0, ends[t + 1] ?? 0)}` : undefined;
      const from = start + (plan[i + 2] ?? 0);
      const to = (unit[t + 1] === 1 ? (ends[t + 1] ?? 0) : (ends[t] ?? 0)) - (plan[i + 3] ?? 0);
      params.push(raw === undefined ? text.slice(from, Math.max(from, to)) : raw.slice(plan[i + 2] ?? 0, raw.length - (plan[i + 3] ?? 0)));
    } else for (let k = 0; k < count; k += 1) params.push(values[at + k] ?? '');
    at += count;
  }
  return params;
}
