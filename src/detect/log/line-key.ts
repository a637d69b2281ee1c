/**
 * The cache key of a scanned line without building it: its masked positions joined by one space, hashed (FNV-1a
 * over UTF-16 code units, as the scanner goes) and compared with a stored key straight from the line's ranges.
 */
import type { LineScan } from './line-scan.js';
import type { Ranges } from './ranges.js';
import { unitLength } from './size-unit.js';

export const KEY_HASH_SEED = 0x811c9dc5 | 0;
export const PRIME = 16777619;
/** `<`, `*`, `>`: a value hashes and compares as the text of the placeholder. */
const LT = 60;
const STAR = 42;
const GT = 62;

export function hashRange(h: number, s: string, from: number, to: number): number {
  for (let i = from; i < to; i += 1) h = Math.imul(h ^ s.charCodeAt(i), PRIME);
  return h;
}

export const hashWildcard = (h: number): number => Math.imul(Math.imul(Math.imul(h ^ LT, PRIME) ^ STAR, PRIME) ^ GT, PRIME);

/** The hash after `s[from, to)` with the values from `first` on masked, starting from `h`. */
export function hashMasked(h: number, s: string, from: number, to: number, values: Ranges, first: number): number {
  let copied = from;
  for (let v = first; v < values.length; v += 1) {
    h = hashWildcard(hashRange(h, s, copied, values.start(v)));
    copied = values.end(v);
  }
  return hashRange(h, s, copied, to);
}

/** The hash of a key string, equal to the hash of a scan whose key it is. */
export function hashKey(key: string): number {
  return hashRange(KEY_HASH_SEED, key, 0, key.length);
}

function matchWildcard(key: string, k: number): number {
  return k >= 0 && key.charCodeAt(k) === LT && key.charCodeAt(k + 1) === STAR && key.charCodeAt(k + 2) === GT ? k + 3 : -1;
}

/** Whether the scan's key equals `key`, character for character: what confirms a hash match. */
export function matchesKey(scan: LineScan, key: string): boolean {
  const { text, values, starts, ends, unit, tokens } = scan;
  const ranges = values.data;
  // One walk over the line, the next value's range at hand: a kept character is compared, a value is `<*>`.
  let v = 0;
  let nextValue = values.length > 0 ? (ranges[0] ?? 0) : -1;
  let k = 0;
  for (let t = 0; t < tokens; t += 1) {
    if (unit[t] === 1) continue;
    if (t > 0) {
      if (key.charCodeAt(k) !== 32) return false;
      k += 1;
    }
    let i = starts[t] ?? 0;
    let end = ends[t] ?? 0;
    if (unit[t + 1] === 1) {
      // A number and its unit: `<*>` and the unit's punctuation.
      const from = starts[t + 1] ?? 0;
      i = from + unitLength(text, from, ends[t + 1] ?? 0);
      end = ends[t + 1] ?? 0;
      k = matchWildcard(key, k);
      if (k < 0) return false;
      v += 1;
      nextValue = v < values.length ? (ranges[v * 2] ?? 0) : -1;
    }
    while (i < end) {
      if (i === nextValue) {
        k = matchWildcard(key, k);
        if (k < 0) return false;
        i = ranges[v * 2 + 1] ?? end;
        v += 1;
        nextValue = v < values.length ? (ranges[v * 2] ?? 0) : -1;
      } else if (key.charCodeAt(k) === text.charCodeAt(i)) {
        k += 1;
        i += 1;
      } else return false;
    }
  }
  return k === key.length;
}
