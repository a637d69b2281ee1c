/** Character kinds of the masker, as bits in a table over ASCII, so a scan tests bits instead of ranges; all non-ASCII is `OTHER`. */

/** Whitespace and every control character: token separators. */
export const SEP = 1;
export const DIGIT = 2;
/** Hex letters a-f, A-F, and x (as in 0x): letters that still look like a number. */
export const HEX = 4;
/** The other ASCII letters. */
export const ALPHA = 8;
export const DOT = 16;
export const DASH = 32;
export const UNDERSCORE = 64;
/** Slash: paths, URLs, dates. */
export const SLASH = 128;
export const BACKSLASH = 256;
/** The delimiters that split a token into pieces and are kept as they are: `= , ; : ( ) [ ] { } " ' | < > @ #`. */
export const DELIM = 512;
/** Other punctuation, and every non-ASCII character. */
export const OTHER = 1024;

/** The kind of each ASCII character, one bit each, so a token's kinds are the OR of its characters'. */
export const KIND = new Uint16Array(128).fill(OTHER);
for (let c = 0; c <= 32; c += 1) KIND[c] = SEP;
KIND[127] = SEP;
for (let c = 48; c <= 57; c += 1) KIND[c] = DIGIT;
for (let c = 65; c <= 90; c += 1) KIND[c] = c <= 70 ? HEX : ALPHA;
for (let c = 97; c <= 122; c += 1) KIND[c] = c <= 102 || c === 120 ? HEX : ALPHA;
KIND[46] = DOT;
KIND[45] = DASH;
KIND[95] = UNDERSCORE;
KIND[47] = SLASH;
KIND[92] = BACKSLASH;
for (const ch of '=,;:()[]{}"\'|<>@#') KIND[ch.charCodeAt(0)] = DELIM;

/** What a character adds to a piece's packed counts: digits in the low 16 bits, hex letters (and x) above; a sum, not a branch, per character. */
export const PACK = new Int32Array(128);
for (let c = 48; c <= 57; c += 1) PACK[c] = 1;
for (const ch of 'abcdefABCDEFx') PACK[ch.charCodeAt(0)] = 1 << 16;

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isHexLetter = (c: number): boolean => (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
export const isHexDigit = (c: number): boolean => isDigit(c) || isHexLetter(c);

const VALUE_WORDS_BY_LENGTH: readonly (readonly string[])[] = [
  [], [], [], ['nil', 'NaN'], ['true', 'null', 'TRUE', 'NULL', 'True', 'None'], ['false', 'FALSE', 'False'], [], [], [], ['undefined'],
];

/** First letters of the value words, so that most pieces are ruled out by one table read. */
const VALUE_START = new Uint8Array(128);
for (const ch of 'tfnTFNu') VALUE_START[ch.charCodeAt(0)] = 1;

/** Whether `s[from, to)` is a value word (booleans and nulls of common languages), without cutting it out. */
export function isValueWordAt(s: string, from: number, to: number): boolean {
  if (to - from < 3 || to - from > 9) return false;
  const c = s.charCodeAt(from);
  if (c >= 128 || VALUE_START[c] !== 1) return false;
  const words = VALUE_WORDS_BY_LENGTH[to - from];
  if (words === undefined) return false;
  for (const word of words) if (s.startsWith(word, from)) return true;
  return false;
}
