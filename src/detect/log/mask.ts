/**
 * Generic variable masking of one log token, in place: numbers, hex, IPs and endpoints, UUIDs, paths, URLs,
 * sizes, durations, times and key=value values become ranges of the line; the same rules for every source.
 */
import { DELIM as DELIM_, isDigit as isDigit_, isValueWordAt as isValueWordAt_, KIND as KIND_ } from './char-class.js';
import { findEndpoint } from './endpoint.js';
import { maskPiece } from './mask-piece.js';
import { Ranges } from './ranges.js';

// Local copies of the imports: V8 reads an imported binding from its module cell at every use, while it folds a
// module's own constants into the hot loops (measured: the scan loop ran 1.5x slower on imported constants).
const DELIM = DELIM_;
const isDigit = isDigit_;
const isValueWordAt = isValueWordAt_;
const KIND = KIND_;

/** The placeholder every variable becomes in a template. */
export const WILDCARD = '<*>';

/** Bits of a token's shape: which rules can apply at all, from one pass over it. */
const DIGITS = 1;
const SLASHES = 2;
const BACKSLASHES = 4;
const DELIMITED = 8;
const URLISH = 16;
const ENDPOINTISH = 32;
/** A piece is a value word (true, null, ...). */
const VALUE_WORD = 64;

/** One pass over a token for its shape. */
function shapeOf(s: string, from: number, to: number): number {
  let flags = 0;
  let colons = 0;
  let dots = 0;
  let dashes = 0;
  let slashes = 0;
  let piece = from;
  for (let i = from; i <= to; i += 1) {
    const c = i < to ? s.charCodeAt(i) : 32;
    if (isDigit(c)) flags |= DIGITS;
    else if (c === 47) slashes += 1;
    else if (c === 92) flags |= BACKSLASHES;
    else if (i === to || (c < 128 && KIND[c] === DELIM)) {
      if (isValueWordAt(s, piece, i)) flags |= VALUE_WORD;
      piece = i + 1;
      if (i === to) break;
      flags |= DELIMITED;
      if (c === 58) colons += 1;
    } else if (c === 46) dots += 1;
    else if (c === 45) dashes += 1;
  }
  let shape = slashes > 0 ? flags | SLASHES : flags;
  if (colons > 0 && slashes >= 2) shape |= URLISH;
  if ((colons > 0 && (dots >= 3 || dots + dashes > 0)) || colons + dashes >= 5) shape |= ENDPOINTISH;
  return shape;
}

/** Where the endpoint findEndpoint found ends (shared: the masker runs one call at a time). */
const endpointEnd = new Int32Array(1);

/**
 * Appends the ranges of the values in the whitespace-free token `s[from, to)` to `values`, in order, e.g.
 * `uid=0` → `uid=<*>`, `[10.0.0.1]` → `[<*>]`, `10.0.0.1:22` → `<*>`, `/var/log/x` → `<*>`, `node-7` →
 * `node-<*>`. The value of key=value that holds a digit is one value up to the next , ; or & (`delay=00:00:01,`
 * → `delay=<*>,`); a plain word value stays, since it may name a mode (the miner widens it when it varies).
 */
export function maskSpan(s: string, from: number, to: number, values: Ranges): void {
  const shape = shapeOf(s, from, to);
  if ((shape & (DIGITS | SLASHES | BACKSLASHES | VALUE_WORD)) === 0) return;
  if (shape & (URLISH | BACKSLASHES) && maskWholeValue(s, from, to, shape, values)) return;
  const at = shape & ENDPOINTISH ? findEndpoint(s, from, to, endpointEnd) : -1;
  if (at >= 0) {
    const end = endpointEnd[0] ?? to;
    if (at > from) maskPieces(s, from, at, values);
    values.push(at, end);
    if (end < to) maskSpan(s, end, to, values);
  } else if (shape & DELIMITED || s.charCodeAt(to - 1) === 46) maskPieces(s, from, to, values);
  else maskPiece(s, from, to, values);
}

const OPENERS = '("\'[<{';
const CLOSERS = ')"\']>},;.';
const isSchemeChar = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 46 || c === 45;

/** A URL (scheme://...) or a Windows path (C:\..., \\host\share): one value, keeping the punctuation around it. */
function maskWholeValue(s: string, from: number, to: number, shape: number, values: Ranges): boolean {
  const url = shape & URLISH ? schemeEnd(s, from, to) : -1;
  let start = from;
  if (url > from) {
    start = url;
    while (start > from && isSchemeChar(s.charCodeAt(start - 1))) start -= 1;
  } else if (shape & BACKSLASHES && isWindowsPath(s, from, to)) {
    while (start < to && OPENERS.includes(s.charAt(start))) start += 1;
  } else return false;
  let end = to;
  while (end > start && CLOSERS.includes(s.charAt(end - 1))) end -= 1;
  if (end <= start) return false;
  values.push(start, end);
  return true;
}

/** The first `://` in `s[from, to)`, or -1 (searched within the token only, so a long line costs no more per token). */
function schemeEnd(s: string, from: number, to: number): number {
  for (let i = from; i + 3 <= to; i += 1) if (s.charCodeAt(i) === 58 && s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47) return i;
  return -1;
}

/** `C:\\...` at the start (after at most one opening bracket or quote), or two backslashes anywhere (`\\host\\share`, `x\\y\\z`). */
function isWindowsPath(s: string, from: number, to: number): boolean {
  const at = from < to && '("\'['.includes(s.charAt(from)) ? from + 1 : from;
  const c = s.charCodeAt(at);
  if (at + 2 < to && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) && s.charCodeAt(at + 1) === 58 && s.charCodeAt(at + 2) === 92) return true;
  let backslash = false;
  for (let i = from; i < to; i += 1) {
    const d = s.charCodeAt(i);
    if (d === 92) {
      if (backslash) return true;
      backslash = true;
    } else if (d === 10 || d === 13 || d === 0x2028 || d === 0x2029) backslash = false; // as the regex this replaced: `.` stops at line ends
  }
  return false;
}

/** Masks the pieces between delimiters of `s[from, to)`; see maskSpan. A dot that ends the token ends a sentence (`port 22.`). */
function maskPieces(s: string, from: number, to: number, values: Ranges): void {
  const end = to - from > 1 && s.charCodeAt(to - 1) === 46 ? to - 1 : to;
  let start = from;
  for (let i = from; i <= end; i += 1) {
    let c = 32;
    if (i < end) {
      c = s.charCodeAt(i);
      if (c >= 128 || KIND[c] !== DELIM) continue;
    }
    if (i > start) maskPiece(s, start, i, values);
    start = i + 1;
    const valueEnd = c === 61 ? keyValueEnd(s, start, end) : -1;
    if (valueEnd > start) {
      values.push(start, valueEnd);
      start = valueEnd;
      i = valueEnd - 1;
    }
  }
}

/** Closing bracket → its opening bracket. */
const OPEN_OF: Record<number, number> = { 41: 40, 93: 91, 125: 123, 62: 60 };

/**
 * The end of the value of `key=value` starting at `from` when it holds a digit, so that the whole value is
 * one parameter (`delay=00:00:01,` → `delay=<*>,`); -1 otherwise. The value ends at , ; & or the token's end,
 * less closing brackets it did not open (`(uid=0)`).
 */
function keyValueEnd(s: string, from: number, end: number): number {
  let to = from;
  let digit = false;
  while (to < end) {
    const c = s.charCodeAt(to);
    if (c === 44 || c === 59 || c === 38) break;
    if (isDigit(c)) digit = true;
    to += 1;
  }
  if (!digit) return -1;
  while (to > from) {
    const open = OPEN_OF[s.charCodeAt(to - 1)];
    if (open === undefined || opens(s, from, to - 1, open)) break;
    to -= 1;
  }
  return to;
}

/**
 * keyValueEnd for a value in a line whose token's end is not known yet: the value ends at , ; & or the token's
 * end (a separator or `limit`), less a dot that ends the token (from `tokenStart`) and closing brackets it did not open.
 */
export function keyValueEndInLine(s: string, from: number, limit: number, tokenStart: number): number {
  let to = from;
  while (to < limit) {
    const c = s.charCodeAt(to);
    if (c === 44 || c === 59 || c === 38 || c <= 32 || c === 127) break;
    to += 1;
  }
  const atTokenEnd = to >= limit || (s.charCodeAt(to) !== 44 && s.charCodeAt(to) !== 59 && s.charCodeAt(to) !== 38);
  const end = atTokenEnd && to - tokenStart > 1 && s.charCodeAt(to - 1) === 46 ? to - 1 : to;
  return keyValueEnd(s, from, end);
}

/** Whether `s[from, to)` holds the character `open`. */
function opens(s: string, from: number, to: number, open: number): boolean {
  for (let i = to - 1; i >= from; i -= 1) if (s.charCodeAt(i) === open) return true;
  return false;
}

/** `s[from, to)` with each of `values`' ranges from `first` on replaced by `<*>`: a masked token. */
export function maskedText(s: string, from: number, to: number, values: Ranges, first = 0): string {
  let out = '';
  let copied = from;
  for (let v = first; v < values.length; v += 1) {
    const start = values.start(v);
    if (start >= to) break;
    out += s.slice(copied, start) + WILDCARD;
    copied = values.end(v);
  }
  return copied === from ? s.slice(from, to) : out + s.slice(copied, to);
}

const scratch = new Ranges();

/** Masks one whitespace-free token and appends its values to `params`, in order (see maskSpan). */
export function maskToken(token: string, params: string[]): string {
  scratch.length = 0;
  maskSpan(token, 0, token.length, scratch);
  for (let v = 0; v < scratch.length; v += 1) params.push(scratch.text(token, v));
  return maskedText(token, 0, token.length, scratch);
}
