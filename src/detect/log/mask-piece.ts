/** Masking of one piece of a token (the text between delimiters), in place: which part of `s[from, to)` is a value, appended to a range list. */
import { isDigit as isDigit_, isHexLetter as isHexLetter_, isLetter as isLetter_, isValueWordAt as isValueWordAt_ } from './char-class.js';
import type { Ranges } from './ranges.js';

// Local copies of the imports: V8 reads an imported binding from its module cell at every use, while it folds a
// module's own constants into the hot loops (measured: the scan loop ran 1.5x slower on imported constants).
const isDigit = isDigit_;
const isHexLetter = isHexLetter_;
const isLetter = isLetter_;
const isValueWordAt = isValueWordAt_;

/** Counts of a piece by one pass (see statsOf), stored in one shared object: the masker runs one call at a time. */
interface PieceStats {
  digits: number;
  letters: number;
  nonHexLetters: number;
  /** Slashes and backslashes; `fwdSlashes` only slashes. */
  slashes: number;
  fwdSlashes: number;
  /** Some part between dots, hyphens or underscores is all digits. */
  numericPart: boolean;
}

const scratch: PieceStats = { digits: 0, letters: 0, nonHexLetters: 0, slashes: 0, fwdSlashes: 0, numericPart: false };

/** Counts `s[from, to)` into the shared stats, in local variables for speed. */
function statsOf(s: string, from: number, to: number): PieceStats {
  let digits = 0;
  let letters = 0;
  let nonHexLetters = 0;
  let slashes = 0;
  let fwdSlashes = 0;
  let numericPart = false;
  let partStart = from;
  let partDigitsOnly = true;
  for (let i = from; i <= to; i += 1) {
    const c = i < to ? s.charCodeAt(i) : 46;
    if (c === 46 || c === 45 || c === 95) {
      if (i > partStart && partDigitsOnly) numericPart = true;
      partStart = i + 1;
      partDigitsOnly = true;
    } else if (c >= 48 && c <= 57) digits += 1;
    else {
      partDigitsOnly = false;
      if (isLetter(c)) {
        letters += 1;
        if (!isHexLetter(c) && c !== 120 /* x, as in 0x */) nonHexLetters += 1;
      } else if (c === 47) {
        slashes += 1;
        fwdSlashes += 1;
      } else if (c === 92) slashes += 1;
    }
  }
  const st = scratch;
  st.digits = digits;
  st.letters = letters;
  st.nonHexLetters = nonHexLetters;
  st.slashes = slashes;
  st.fwdSlashes = fwdSlashes;
  st.numericPart = numericPart;
  return st;
}

/**
 * Appends the value in the piece `s[from, to)`, if any, given its counts (see statsOf). A value holds a digit
 * and is number-like (only hex digits and separators: numbers, hex, IPs, UUIDs, versions, times), starts with
 * digits (sizes and durations like 10ms, 3GB), has at least as many digits as letters (blk_-695, v6.1.7601),
 * or has an all-digit part between dots, hyphens or underscores (host-12.example.com; `node-12` keeps its
 * name); or it is a path, or a boolean or null. Letters with a digit inside a word (ssh2, jk2_init, alt0)
 * stay words. A piece with slashes that is no path (HTTP/1.1, 2016/9/27) is masked part by part between them.
 */
export function maskCounted(
  s: string, from: number, to: number, digits: number, letters: number, nonHex: number, slashes: number, fwdSlashes: number, numericPart: boolean, values: Ranges,
): void {
  if (fwdSlashes > 0 && !isPath(s, from, to, fwdSlashes, letters)) maskParts(s, from, to, values);
  else if (slashes > 0 && isPath(s, from, to, slashes, letters)) values.push(from, to);
  else if (digits === 0) {
    if (isValueWordAt(s, from, to)) values.push(from, to);
  } else if (digits >= letters || (nonHex === 0 && (digits + letters >= 6 || hexPrefix(s, from, to)))) {
    // Hex needs length: ee0 or be3f are more likely names than numbers, 8a2a501 and 0x1f are numbers.
    values.push(from, to);
  } else if (numericPart) {
    const hyphen = wordNumberHyphen(s, from, to);
    values.push(hyphen > 0 ? hyphen + 1 : from, to);
  } else if (isDigit(s.charCodeAt(from)) && allDigits(s, from, from + digits)) values.push(from, to);
}

const hexPrefix = (s: string, from: number, to: number) => to - from >= 2 && s.charCodeAt(from) === 48 && s.charCodeAt(from + 1) === 120;

/** `node-12`: letters, one hyphen, digits; the name is part of the message, the number is the value. Returns the hyphen's offset, or -1. */
function wordNumberHyphen(s: string, from: number, to: number): number {
  let hyphen = from;
  while (hyphen < to && isLetter(s.charCodeAt(hyphen))) hyphen += 1;
  if (hyphen === from || hyphen >= to - 1 || s.charCodeAt(hyphen) !== 45) return -1;
  return allDigits(s, hyphen + 1, to) ? hyphen : -1;
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** A path: starts with / or \\ (or ~), or has two or more slashes and a letter (2016/9/27 is a date), and is not a lone slash. */
function isPath(s: string, from: number, to: number, slashes: number, letters: number): boolean {
  if (to - from < 2) return false;
  const first = s.charCodeAt(from);
  return first === 47 || first === 92 || first === 126 || (slashes >= 2 && letters > 0);
}

/** Masks the piece `s[from, to)` as one unit by its class (see maskCounted). */
function maskWhole(s: string, from: number, to: number, values: Ranges): void {
  const st = statsOf(s, from, to);
  maskCounted(s, from, to, st.digits, st.letters, st.nonHexLetters, st.slashes, 0, st.numericPart, values);
}

/** Masks the parts of a piece between its slashes one by one. */
function maskParts(s: string, from: number, to: number, values: Ranges): void {
  let start = from;
  for (let i = from; i <= to; i += 1) {
    if (i < to && s.charCodeAt(i) !== 47) continue;
    if (i > start) maskWhole(s, start, i, values);
    start = i + 1;
  }
}

/** Masks a piece (see maskCounted). */
export function maskPiece(s: string, from: number, to: number, values: Ranges): void {
  const st = statsOf(s, from, to);
  maskCounted(s, from, to, st.digits, st.letters, st.nonHexLetters, st.slashes, st.fwdSlashes, st.numericPart, values);
}
