/** Finds a MAC address or an IPv4 `host:port` endpoint inside a token, by character codes (no regex, no copy). */
import { isDigit as isDigit_, isHexDigit as isHexDigit_, isLetter as isLetter_ } from './char-class.js';

// Local copies of the imports: V8 reads an imported binding from its module cell at every use, while it folds a
// module's own constants into the hot loops (measured: the scan loop ran 1.5x slower on imported constants).
const isDigit = isDigit_;
const isHexDigit = isHexDigit_;
const isLetter = isLetter_;

const isWordChar = (c: number) => isDigit(c) || isLetter(c) || c === 95;

/** `aa:bb:cc:dd:ee:ff` (or with hyphens) at `at`, not inside a longer word or colon list. */
function macAt(s: string, from: number, to: number, at: number): boolean {
  if (at + 17 > to) return false;
  if (at > from) {
    const before = s.charCodeAt(at - 1);
    if (isWordChar(before) || before === 58) return false;
  }
  for (let k = 0; k < 17; k += 1) {
    const c = s.charCodeAt(at + k);
    if (k % 3 === 2 ? c !== 58 && c !== 45 : !isHexDigit(c)) return false;
  }
  if (at + 17 === to) return true;
  const after = s.charCodeAt(at + 17);
  return !isWordChar(after) && after !== 58;
}

/** The end of a run of 1 to `max` digits at `at` that is not followed by another digit, or -1. */
function digitRun(s: string, at: number, to: number, max: number): number {
  let i = at;
  while (i < to && isDigit(s.charCodeAt(i))) i += 1;
  return i > at && i - at <= max ? i : -1;
}

/** The end of `a.b.c.d:port` at `at` (after a slash that starts the token), not inside a longer number; -1 if none. */
function ipPortAt(s: string, from: number, to: number, at: number): number {
  let i = at === from && s.charCodeAt(at) === 47 ? at + 1 : at;
  if (i > from) {
    const before = s.charCodeAt(i - 1);
    if (isDigit(before) || before === 46) return -1;
  }
  for (let group = 0; group < 4; group += 1) {
    i = digitRun(s, i, to, 3);
    if (i < 0 || i >= to || s.charCodeAt(i) !== (group < 3 ? 46 : 58)) return -1;
    i += 1;
  }
  i = digitRun(s, i, to, 5);
  if (i < 0) return -1;
  return i < to && s.charCodeAt(i) === 46 ? -1 : i;
}

const isHostChar = (c: number) => isDigit(c) || isLetter(c) || c === 45 || c === 46;

/**
 * The end of `host:port` at `at` (a name of letters, digits, dots and hyphens holding a letter and a dot or a
 * hyphen, then one to five digits), starting the token or after punctuation and ending it or before punctuation; -1 if none.
 */
function hostPortAt(s: string, from: number, to: number, at: number): number {
  if (at > from && (isHostChar(s.charCodeAt(at - 1)) || s.charCodeAt(at - 1) === 95)) return -1;
  if (!isLetter(s.charCodeAt(at)) && !isDigit(s.charCodeAt(at))) return -1;
  let i = at;
  let letter = false;
  let joined = false;
  while (i < to && isHostChar(s.charCodeAt(i))) {
    const c = s.charCodeAt(i);
    if (isLetter(c)) letter = true;
    else if (c === 45 || c === 46) joined = true;
    i += 1;
  }
  if (!letter || !joined || i >= to || s.charCodeAt(i) !== 58) return -1;
  const end = digitRun(s, i + 1, to, 5);
  if (end < 0 || (end < to && isHostChar(s.charCodeAt(end)) && !(s.charCodeAt(end) === 46 && end + 1 === to))) return -1;
  return end;
}

/**
 * The first MAC address or IPv4 endpoint (host:port, optionally after a slash that starts the token) in
 * `s[from, to)`: the address a peer is known by, masked as one value. Returns its start and sets `found[0]` to
 * its end, or returns -1.
 */
export function findEndpoint(s: string, from: number, to: number, found: Int32Array): number {
  for (let at = from; at < to; at += 1) {
    let end = macAt(s, from, to, at) ? at + 17 : ipPortAt(s, from, to, at);
    if (end < 0) end = hostPortAt(s, from, to, at);
    if (end > 0) {
      found[0] = end;
      return at;
    }
  }
  return -1;
}
