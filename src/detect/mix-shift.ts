/**
 * How far a window's mix of kinds (log templates, operations) moved from the usual mix: the total
 * variation distance between the window's proportions and the baselines' (0 as usual, 1 all
 * different). Counts that rise or fall evenly leave it at 0, so it sees a change in what a service
 * does, not in how busy it is.
 */

/** Each kind's count in the window and its baseline count; undefined when either side holds fewer than `minCount` in all. */
export function mixShift(kinds: readonly (readonly [count: number, expected: number])[], minCount: number): number | undefined {
  let seen = 0;
  let usual = 0;
  for (const [count, expected] of kinds) {
    seen += count;
    usual += expected;
  }
  if (seen < minCount || usual < minCount) return undefined;
  let distance = 0;
  for (const [count, expected] of kinds) distance += Math.abs(count / seen - expected / usual);
  return distance / 2;
}
