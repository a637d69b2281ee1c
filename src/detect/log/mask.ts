/** Generic variable masking of one log token: numbers, hex, IPs and ports, UUIDs, paths, URLs, sizes, durations, times, key=value values; the same rules for every source. */

/** The placeholder every variable becomes in a template. */
export const WILDCARD = '<*>';

/** Characters that split a token into pieces (kept as they are): key=value, host:port, (x), [x], "x", a@b, a#b. */
export const DELIMITERS = new Uint8Array(128);
for (const ch of '=,;:()[]{}"\'|<>@#') DELIMITERS[ch.charCodeAt(0)] = 1;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isHexLetter = (c: number) => (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
/** First letters of the value words, to skip the set lookup for most words. */
export const VALUE_WORD_START = new Uint8Array(128);
for (const ch of 'tfnTFNu') VALUE_WORD_START[ch.charCodeAt(0)] = 1;
const VALUE_WORDS = new Set(['true', 'false', 'null', 'TRUE', 'FALSE', 'NULL', 'True', 'False', 'None', 'nil', 'undefined', 'NaN']);

/** How a piece is masked: kept, replaced whole, or `name-<*>` (a word, a hyphen, a number: node-12). */
const Kept = 0;
const Whole = 1;
const Suffix = 2;

/**
 * Whether a piece (a token part between delimiters) is a value rather than a word of the message: it holds a
 * digit and is number-like (only hex digits and separators: numbers, hex, IPs, UUIDs, versions, times), starts
 * with digits (sizes and durations like 10ms, 3GB), has at least as many digits as letters (blk_-695,
 * v6.1.7601), or has an all-digit part between dots, hyphens or underscores (host-12.example.com); or it is a
 * path, or a boolean or null. Letters with a digit inside a word (ssh2, jk2_init, alt0) stay words.
 */
function classifyPiece(s: string, from: number, to: number): number {
  let digits = 0;
  let letters = 0;
  let nonHexLetters = 0;
  let slashes = 0;
  let numericPart = false;
  let partStart = from;
  let partDigitsOnly = true;
  for (let i = from; i <= to; i += 1) {
    const c = i < to ? s.charCodeAt(i) : 46;
    if (c === 46 || c === 45 || c === 95) {
      if (i > partStart && partDigitsOnly) numericPart = true;
      partStart = i + 1;
      partDigitsOnly = true;
    } else if (isDigit(c)) digits += 1;
    else {
      partDigitsOnly = false;
      if (isLetter(c)) {
        letters += 1;
        if (!isHexLetter(c) && c !== 120 /* x, as in 0x */) nonHexLetters += 1;
      } else if (c === 47 || c === 92) slashes += 1;
    }
  }
  if (slashes > 0 && isPath(s, from, to, slashes)) return Whole;
  if (digits === 0) return to - from <= 9 && VALUE_WORDS.has(s.slice(from, to)) ? Whole : Kept;
  // Hex needs length: ee0 or be3f are more likely names than numbers, 8a2a501 and 0x1f are numbers.
  if ((nonHexLetters === 0 && (digits + letters >= 6 || s.startsWith('0x', from))) || digits >= letters) return Whole;
  if (numericPart) return isWordNumber(s, from, to) ? Suffix : Whole;
  return isDigit(s.charCodeAt(from)) && allDigits(s, from, from + digits) ? Whole : Kept;
}

/** `node-12`: letters, one hyphen, digits; the name is part of the message, the number is the value. */
function isWordNumber(s: string, from: number, to: number): boolean {
  const hyphen = s.indexOf('-', from);
  if (hyphen <= from || hyphen >= to - 1) return false;
  for (let i = from; i < hyphen; i += 1) if (!isLetter(s.charCodeAt(i))) return false;
  return allDigits(s, hyphen + 1, to);
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** A path: starts with / or \\ (or ~), or has two or more slashes and a letter (2016/9/27 is a date), and is not a lone slash. */
function isPath(s: string, from: number, to: number, slashes: number): boolean {
  if (to - from < 2) return false;
  const first = s.charCodeAt(from);
  if (first === 47 || first === 92 || first === 126) return true;
  if (slashes < 2) return false;
  for (let i = from; i < to; i += 1) if (isLetter(s.charCodeAt(i))) return true;
  return false;
}

function slashCount(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) if (s.charCodeAt(i) === 47) n += 1;
  return n;
}

/** Masks one piece; a piece with slashes that is no path (HTTP/1.1, 2016/9/27) is masked part by part. */
function maskPiece(s: string, from: number, to: number, params: string[]): string | undefined {
  const slashes = slashCount(s, from, to);
  if (slashes === 0 || isPath(s, from, to, slashes)) return maskWhole(s, from, to, params);
  // The loop below and the one in maskPieces copy text only around values, so a word costs no allocation.
  let out = '';
  let copied = from;
  let start = from;
  for (let i = from; i <= to; i += 1) {
    if (i < to && s.charCodeAt(i) !== 47) continue;
    const masked = i > start ? maskWhole(s, start, i, params) : undefined;
    if (masked !== undefined) {
      out += s.slice(copied, start) + masked;
      copied = i;
    }
    start = i + 1;
  }
  return copied === from ? undefined : out + s.slice(copied, to);
}

/**
 * The piece `s[from, to)` masked by its class, or undefined when it is a word. maskToken gives the same for a
 * token that is one piece (no delimiter, slash, backslash or final dot, not a MAC address), so the miner's
 * fast path calls this on such a token in place, without cutting it out of the line first.
 */
export function maskWhole(s: string, from: number, to: number, params: string[]): string | undefined {
  const kind = classifyPiece(s, from, to);
  if (kind === Kept) return undefined;
  const at = kind === Whole ? from : s.indexOf('-', from) + 1;
  params.push(s.slice(at, to));
  return kind === Whole ? WILDCARD : s.slice(from, at) + WILDCARD;
}

const OPENERS = '("\'[<{';
const CLOSERS = ')"\']>},;.';

/** A URL (scheme://...) or a Windows path (C:\...): masked as one value, keeping the text around it. */
function maskWholeValue(token: string, params: string[], shape: number): string | undefined {
  const url = shape & URLISH ? token.indexOf('://') : -1;
  let from = 0;
  if (url > 0) {
    from = url;
    while (from > 0 && /[A-Za-z0-9+.-]/.test(token.charAt(from - 1))) from -= 1;
  } else if (shape & BACKSLASH && /^[("'[]?[A-Za-z]:\\|\\.*\\/.test(token)) {
    while (from < token.length && OPENERS.includes(token.charAt(from))) from += 1;
  } else return undefined;
  let to = token.length;
  while (to > from && CLOSERS.includes(token.charAt(to - 1))) to -= 1;
  if (to <= from) return undefined;
  params.push(token.slice(from, to));
  return token.slice(0, from) + WILDCARD + token.slice(to);
}

/** A MAC address, or an IPv4 endpoint (host:port, optionally after a slash), is one value: the address a peer is known by. */
const ENDPOINT = /(?<![\w:])(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}(?![\w:])|(?:^\/)?(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}(?![\d.])/;

/** Masks pieces between delimiters; see maskToken. A dot that ends the token ends a sentence (`port 22.`). */
function maskPieces(token: string, params: string[]): string {
  const end = token.length > 1 && token.endsWith('.') ? token.length - 1 : token.length;
  let out = '';
  let copied = 0;
  let start = 0;
  for (let i = 0; i <= end; i += 1) {
    if (i < end) {
      const c = token.charCodeAt(i);
      if (c >= 128 || DELIMITERS[c] !== 1) continue;
    }
    const masked = i > start ? maskPiece(token, start, i, params) : undefined;
    if (masked !== undefined) {
      out += token.slice(copied, start) + masked;
      copied = i;
    }
    start = i + 1;
    const valueEnd = i < end && token.charCodeAt(i) === 61 ? keyValueEnd(token, start, end) : -1;
    if (valueEnd > start) {
      params.push(token.slice(start, valueEnd));
      out += token.slice(copied, start) + WILDCARD;
      copied = valueEnd;
      start = valueEnd;
      i = valueEnd - 1;
    }
  }
  return copied === 0 ? token : out + token.slice(copied);
}

const OPEN_OF: Record<number, number> = { 41: 40, 93: 91, 125: 123, 62: 60 };

/**
 * The end of the value of `key=value` starting at `from` when it holds a digit, so that the whole value is
 * one parameter (`delay=00:00:01,` → `delay=<*>,`); -1 otherwise. The value ends at , ; & or the token's end,
 * less closing brackets it did not open (`(uid=0)`).
 */
function keyValueEnd(token: string, from: number, end: number): number {
  let to = from;
  let digit = false;
  while (to < end) {
    const c = token.charCodeAt(to);
    if (c === 44 || c === 59 || c === 38) break;
    if (isDigit(c)) digit = true;
    to += 1;
  }
  if (!digit) return -1;
  while (to > from) {
    const open = OPEN_OF[token.charCodeAt(to - 1)];
    if (open === undefined || token.lastIndexOf(String.fromCharCode(open), to - 2) >= from) break;
    to -= 1;
  }
  return to;
}

const DIGIT = 1;
const SLASH = 2;
const BACKSLASH = 4;
const DELIMITED = 8;
const URLISH = 16;
const ENDPOINTISH = 32;

/** One pass over the token: which of the slower checks can apply at all. */
function shapeOf(token: string): number {
  let shape = 0;
  let colons = 0;
  let dots = 0;
  let dashes = 0;
  let slashes = 0;
  for (let i = 0; i < token.length; i += 1) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) shape |= DIGIT;
    else if (c === 47) slashes += 1;
    else if (c === 92) shape |= BACKSLASH;
    else if (c < 128 && DELIMITERS[c] === 1) {
      shape |= DELIMITED;
      if (c === 58) colons += 1;
    } else if (c === 46) dots += 1;
    else if (c === 45) dashes += 1;
  }
  if (slashes > 0) shape |= SLASH;
  if (colons > 0 && slashes >= 2) shape |= URLISH;
  if ((colons > 0 && dots >= 3) || colons + dashes >= 5) shape |= ENDPOINTISH;
  return shape;
}

/**
 * Masks the values in one whitespace-free token and appends them to `params` in order, e.g.
 * `uid=0` → `uid=<*>`, `[10.0.0.1]` → `[<*>]`, `10.0.0.1:22` → `<*>`, `/var/log/x` → `<*>`, `node-7` →
 * `node-<*>`. The value of key=value that holds a digit is one parameter up to the next , ; or & (`delay=00:00:01,`
 * → `delay=<*>,`); a plain word value stays, since it may name a mode (the miner widens it when it varies).
 */
export function maskToken(token: string, params: string[]): string {
  const shape = shapeOf(token);
  if ((shape & (DIGIT | SLASH | BACKSLASH)) === 0 && (token.length > 9 || !VALUE_WORDS.has(token))) {
    if ((shape & DELIMITED) === 0) return token;
    if (!hasValueWord(token)) return token;
  }
  const whole = shape & (URLISH | BACKSLASH) ? maskWholeValue(token, params, shape) : undefined;
  if (whole !== undefined) return whole;
  const endpoint = shape & ENDPOINTISH ? ENDPOINT.exec(token) : null;
  if (endpoint === null) return shape & DELIMITED || token.endsWith('.') ? maskPieces(token, params) : maskSingle(token, params);
  const before = maskPieces(token.slice(0, endpoint.index), params);
  params.push(endpoint[0]);
  return before + WILDCARD + maskToken(token.slice(endpoint.index + endpoint[0].length), params);
}

/** A token without delimiters is one piece. */
function maskSingle(token: string, params: string[]): string {
  return maskPiece(token, 0, token.length, params) ?? token;
}

/** Whether a delimited word token holds a value word as a piece (`enabled=true`). */
function hasValueWord(token: string): boolean {
  let start = 0;
  for (let i = 0; i <= token.length; i += 1) {
    const c = i < token.length ? token.charCodeAt(i) : 32;
    if (i < token.length && (c >= 128 || DELIMITERS[c] !== 1)) continue;
    if (i - start >= 3 && i - start <= 9 && VALUE_WORD_START[token.charCodeAt(start)] === 1 && VALUE_WORDS.has(token.slice(start, i))) return true;
    start = i + 1;
  }
  return false;
}
