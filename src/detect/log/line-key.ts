/** The miner's fast path: one pass over a line giving its cache key (the line with its values masked, spacing kept) and the values. */
import { DELIMITERS, maskToken, maskWhole, WILDCARD } from './mask.js';

const SEP = 1;
const DIGIT = 2;
const DOT = 4;
const DELIM = 8;
/** Slash or backslash: paths, URLs, dates. */
const SLASH = 16;
const DASH = 32;
/** Letters and everything else. */
const WORD = 64;

/** Character classes of ASCII, so the scan tests bits instead of ranges; all non-ASCII is a word char. */
const CLASS = new Uint8Array(128).fill(WORD);
for (let c = 0; c <= 32; c += 1) CLASS[c] = SEP;
CLASS[127] = SEP;
for (let c = 48; c <= 57; c += 1) CLASS[c] = DIGIT;
CLASS[46] = DOT;
CLASS[45] = DASH;
CLASS[47] = SLASH;
CLASS[92] = SLASH;
for (let c = 0; c < 128; c += 1) if (DELIMITERS[c] === 1) CLASS[c] = DELIM;

const VALUE_WORDS_BY_LENGTH: readonly (readonly string[])[] = [
  [], [], [], ['nil', 'NaN'], ['true', 'null', 'TRUE', 'NULL', 'True', 'None'], ['false', 'FALSE', 'False'], [], [], [], ['undefined'],
];

/** Whether `s[from, to)` is a value word (true, null, None, ...), without cutting it out. */
function isValueWordAt(s: string, from: number, to: number): boolean {
  const words = VALUE_WORDS_BY_LENGTH[to - from];
  if (words === undefined || words.length === 0) return false;
  for (const word of words) if (s.startsWith(word, from)) return true;
  return false;
}

/**
 * Returns the key, appending the masked values to `values` in order, or undefined when the line is past the
 * tokenizer's limits (the slow path then cuts it). Tokens of digits and dots are values; a token that is one
 * piece with a digit is classified in place; a token with a delimiter and a digit, slash or value word goes
 * through maskToken; every other token is a word, copied as a range of the line. The result equals masking
 * every token with maskToken.
 */
export function lineKey(line: string, maxLineChars: number, maxTokens: number, values: string[]): string | undefined {
  if (line.length > maxLineChars) return undefined;
  let key = '';
  let copied = 0;
  let start = -1;
  let piece = 0;
  let seen = 0;
  let valueWord = false;
  let dashes = 0;
  let tokens = 0;
  const length = line.length;
  for (let i = 0; i < length; i += 1) {
    const c = line.charCodeAt(i);
    const cls = c < 128 ? CLASS[c] : WORD;
    if (cls === SEP) {
      if (start < 0) continue;
      if ((tokens += 1) >= maxTokens - 1) return undefined;
      const masked = maskAt(line, start, i, seen, dashes, valueWord || isValueWordAt(line, piece, i), values);
      if (masked !== undefined) {
        key += line.slice(copied, start) + masked;
        copied = i;
      }
      start = -1;
    } else {
      if (start < 0) {
        start = i;
        piece = i;
        seen = 0;
        valueWord = false;
        dashes = 0;
      }
      seen |= cls ?? WORD;
      if (cls === DELIM) {
        valueWord ||= isValueWordAt(line, piece, i);
        piece = i + 1;
      } else if (cls === DASH) dashes += 1;
    }
  }
  if (start >= 0) {
    const masked = maskAt(line, start, length, seen, dashes, valueWord || isValueWordAt(line, piece, length), values);
    if (masked !== undefined) return key + line.slice(copied, start) + masked;
  }
  return copied === 0 ? line : key + line.slice(copied);
}

/** The masked token `line[start, end)`, or undefined when it is kept as it is; `seen` is the union of its classes. */
function maskAt(line: string, start: number, end: number, seen: number, dashes: number, valueWord: boolean, values: string[]): string | undefined {
  const endsWithDot = line.charCodeAt(end - 1) === 46;
  if ((seen & ~(DIGIT | DOT)) === 0 && seen & DIGIT && !endsWithDot) {
    // Digits and dots only (counts, decimals, IPs, versions): one value, as maskToken would find.
    values.push(line.slice(start, end));
    return WILDCARD;
  }
  if ((seen & (DELIM | SLASH)) === 0 && seen & DIGIT && dashes < 5 && !endsWithDot) return maskWhole(line, start, end, values);
  if ((seen & (DIGIT | SLASH)) === 0 && !valueWord) return undefined;
  const token = line.slice(start, end);
  const masked = maskToken(token, values);
  return masked === token ? undefined : masked;
}
