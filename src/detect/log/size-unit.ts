/** Size units written after a number (`5.2 KB`), which the masker joins to the number as one value. */

/** The length of a size unit's word in `s[from, to)` (`KB`, `GiB`, `k`, `B`, optionally followed by one of `,;.)]`), or 0. */
export function unitLength(s: string, from: number, to: number): number {
  let end = to;
  const last = s.charCodeAt(end - 1);
  if (end - from >= 2 && (last === 44 || last === 59 || last === 46 || last === 41 || last === 93)) end -= 1;
  const n = end - from;
  const a = s.charCodeAt(from);
  const prefix = a === 75 || a === 77 || a === 71 || a === 84 || a === 80; // K M G T P
  if (n === 1) return prefix || a === 66 || a === 107 ? 1 : 0; // B, k
  if (!prefix || s.charCodeAt(end - 1) !== 66) return 0;
  return n === 2 || (n === 3 && s.charCodeAt(from + 1) === 105) ? n : 0;
}
