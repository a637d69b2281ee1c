/**
 * One pass over a log line by character codes that tokenizes it, masks its values and hashes its key (the line
 * with values masked), keeping token bounds and value ranges in reusable typed memory; no string is cut. One scan
 * at a time: JavaScript runs one call at a time.
 */
import { ALPHA as ALPHA_, BACKSLASH as BACKSLASH_, DASH as DASH_, DELIM as DELIM_, DIGIT as DIGIT_, DOT as DOT_, isValueWordAt as isValueWordAt_, KIND as KIND_, OTHER as OTHER_, PACK as PACK_, SEP as SEP_, SLASH as SLASH_, UNDERSCORE as UNDERSCORE_ } from './char-class.js';
import { hashMasked as hashMasked_, hashRange as hashRange_, hashWildcard as hashWildcard_, KEY_HASH_SEED as KEY_HASH_SEED_, PRIME as PRIME_ } from './line-key.js';
import { keyValueEndInLine, maskSpan } from './mask.js';
import { maskCounted, maskPiece } from './mask-piece.js';
import { Ranges } from './ranges.js';
import { unitLength } from './size-unit.js';

// Local copies of the imports: V8 reads an imported binding from its module cell at every use, while it folds a
// module's own constants into the hot loops (measured: the scan loop ran 1.5x slower on imported constants).
const ALPHA = ALPHA_;
const BACKSLASH = BACKSLASH_;
const DASH = DASH_;
const DELIM = DELIM_;
const DIGIT = DIGIT_;
const DOT = DOT_;
const isValueWordAt = isValueWordAt_;
const KIND = KIND_;
const OTHER = OTHER_;
const PACK = PACK_;
const SEP = SEP_;
const SLASH = SLASH_;
const UNDERSCORE = UNDERSCORE_;
const hashMasked = hashMasked_;
const hashRange = hashRange_;
const hashWildcard = hashWildcard_;
const KEY_HASH_SEED = KEY_HASH_SEED_;
const PRIME = PRIME_;

export class LineScan {
  /** The text scanned: the line, or its start and its remaining tokens in one when it was past maxTokens. */
  text = '';
  tokens = 0;
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  /** Per token, the index of its first value; `firstValue[tokens]` is the number of values. */
  firstValue = new Int32Array(33);
  values = new Ranges();
  /** Per token, 1 when it is a size unit joined to the number before it (`5.2 KB`): one position, one value. */
  unit = new Uint8Array(33);
  /** The hash of the key (see line-key.ts). */
  hash = 0;
  /** The line was read whole, within maxLineChars and under maxTokens, so its key may be cached. */
  complete = true;
  /** The token before is one value from end to end, so a size unit may follow it. */
  private wholeBefore = false;

  /**
   * Scans a line as the tokenizer cuts it: the first `maxLineChars` characters, and past `maxTokens` the rest as
   * one last value. Within a token, each piece between delimiters is counted as it is read and classified at its
   * end (see maskCounted); a token shaped like a URL, a Windows path or an endpoint is masked again by maskSpan.
   * Letters cost no branch: digits and hex letters are summed from a table, and the other letters are what is left.
   * One long function on purpose: the counts stay in local variables for the whole line, and helpers run only at
   * the ends of pieces and tokens (splitting the loop into calls per character cost more than the work itself).
   */
  scan(line: string, maxLineChars: number, maxTokens: number): void {
    const length = Math.min(line.length, maxLineChars);
    this.ensure(Math.min(maxTokens, (length >> 1) + 1) + 2);
    this.text = line;
    this.tokens = 0;
    this.values.length = 0;
    this.complete = line.length <= maxLineChars;
    this.wholeBefore = false;
    const values = this.values;
    let h = KEY_HASH_SEED;
    // The hash before the current and the previous token, for re-hashing them once masked.
    let tokenSeed = h;
    let previousSeed = h;
    let start = -1;
    let first = 0;
    let seen = 0;
    // The current piece: where it starts, where its current part (between . - _) starts, and its counts.
    let piece = 0;
    let part = 0;
    let partBase = 0;
    let packed = 0;
    let others = 0;
    let seps = 0;
    let pieceSlashes = 0;
    let pieceFwd = 0;
    let numericPart = false;
    for (let i = 0; i < length; i += 1) {
      const c = line.charCodeAt(i);
      let k = OTHER;
      let p = 0;
      if (c < 128) {
        k = KIND[c] ?? OTHER;
        p = PACK[c] ?? 0;
      }
      if (k === SEP) {
        if (start < 0) continue;
        if (i > part && (packed & 0xffff) - partBase === i - part) numericPart = true;
        const to = i - start > 1 && line.charCodeAt(i - 1) === 46 ? i - 1 : i;
        // A word (no digit, no slash, no value so far) is decided here: its last piece is a value only if a value word.
        if (values.length === first && (seen & (DIGIT | SLASH | BACKSLASH)) === 0 && !isValueWordAt(line, piece, to)) h = this.word(start, i, h, previousSeed);
        else {
          if (to > piece) this.piece(piece, to, i - piece, packed, others + seps + pieceSlashes, pieceSlashes, pieceFwd, numericPart);
          h = this.token(start, i, first, seen, h, tokenSeed, previousSeed);
        }
        start = -1;
        if (this.tokens === maxTokens - 1) {
          this.rest(i, length);
          break;
        }
        continue;
      }
      if (start < 0) {
        if (this.tokens > 0) h = Math.imul(h ^ 32, PRIME);
        previousSeed = tokenSeed;
        tokenSeed = h;
        start = piece = part = i;
        first = values.length;
        seen = 0;
        packed = others = seps = pieceSlashes = pieceFwd = partBase = 0;
        numericPart = false;
      }
      h = Math.imul(h ^ c, PRIME);
      seen |= k;
      packed += p;
      if (k <= ALPHA) continue;
      if (k === DELIM) {
        if (i > part && (packed & 0xffff) - partBase === i - part) numericPart = true;
        if (i > piece) this.piece(piece, i, i - piece, packed, others + seps + pieceSlashes, pieceSlashes, pieceFwd, numericPart);
        let next = i + 1;
        const valueEnd = c === 61 ? keyValueEndInLine(line, next, length, start) : -1;
        if (valueEnd > next) {
          // The value of key=value is one value (it holds a digit), read here whole.
          values.push(next, valueEnd);
          h = hashRange(h, line, next, valueEnd);
          seen |= DIGIT;
          i = valueEnd - 1;
          next = valueEnd;
        }
        piece = part = next;
        packed = others = seps = pieceSlashes = pieceFwd = partBase = 0;
        numericPart = false;
      } else if (k === DOT || k === DASH || k === UNDERSCORE) {
        if (i > part && (packed & 0xffff) - partBase === i - part) numericPart = true;
        part = i + 1;
        partBase = packed & 0xffff;
        seps += 1;
      } else if (k === SLASH) {
        pieceSlashes += 1;
        pieceFwd += 1;
      } else if (k === BACKSLASH) pieceSlashes += 1;
      else others += 1;
    }
    if (start >= 0) {
      if (length > part && (packed & 0xffff) - partBase === length - part) numericPart = true;
      const to = length - start > 1 && line.charCodeAt(length - 1) === 46 ? length - 1 : length;
      if (values.length === first && (seen & (DIGIT | SLASH | BACKSLASH)) === 0 && !isValueWordAt(line, piece, to)) h = this.word(start, length, h, previousSeed);
      else {
        if (to > piece) this.piece(piece, to, length - piece, packed, others + seps + pieceSlashes, pieceSlashes, pieceFwd, numericPart);
        h = this.token(start, length, first, seen, h, tokenSeed, previousSeed);
      }
    }
    this.firstValue[this.tokens] = this.values.length;
    this.unit[this.tokens] = 0;
    this.hash = h;
  }

  /**
   * Classifies the piece `text[from, to)` from its counts over `read` characters (the piece and a sentence's
   * final dot): `packed` digits and hex letters, `nonLetters` the other characters that are no digit or letter.
   */
  private piece(from: number, to: number, read: number, packed: number, nonLetters: number, slashes: number, fwd: number, numericPart: boolean): void {
    const digits = packed & 0xffff;
    if (digits === 0 && slashes === 0) {
      if (isValueWordAt(this.text, from, to)) this.values.push(from, to);
    } else if (read > 0xffff) maskPiece(this.text, from, to, this.values); // the packed counts may have overflowed
    else {
      const letters = read - digits - nonLetters;
      maskCounted(this.text, from, to, digits, letters, letters - (packed >>> 16), slashes, fwd, numericPart, this.values);
    }
  }

  /** Records the next token's bounds and returns its index. */
  private record(start: number, end: number): number {
    const t = this.tokens;
    this.starts[t] = start;
    this.ends[t] = end;
    this.firstValue[t] = this.values.length;
    this.unit[t] = 0;
    this.tokens = t + 1;
    return t;
  }

  /** Ends a token without values (a word: no digit, no slash, no value word) and returns the key hash after it. */
  private word(start: number, end: number, h: number, previousSeed: number): number {
    const t = this.record(start, end);
    const wholeBefore = this.wholeBefore;
    this.wholeBefore = false;
    return wholeBefore ? this.unitAfter(t, start, end, h, previousSeed) : h;
  }

  /**
   * Ends a token that may hold values, which start at `first`: re-masks a special shape whole and returns the key
   * hash after the token (`tokenSeed` and `previousSeed`: the hash before it and before the token ahead of it).
   */
  private token(start: number, end: number, first: number, seen: number, h: number, tokenSeed: number, previousSeed: number): number {
    const values = this.values;
    if (seen & (DELIM | BACKSLASH | DASH) && isSpecial(this.text, start, end)) {
      values.length = first;
      maskSpan(this.text, start, end, values);
    }
    const t = this.record(start, end);
    this.firstValue[t] = first;
    const count = values.length - first;
    const wholeBefore = this.wholeBefore;
    this.wholeBefore = count === 1 && values.start(first) === start && values.end(first) === end;
    if (count > 0) return hashMasked(tokenSeed, this.text, start, end, values, first);
    return wholeBefore ? this.unitAfter(t, start, end, h, previousSeed) : h;
  }

  /** Token `t` after a token that is one value: a size unit (`5.2 KB`, `3 MB,`) joins it as `<*>` and the unit's punctuation. */
  private unitAfter(t: number, start: number, end: number, h: number, previousSeed: number): number {
    const text = this.text;
    const unit = end - start > 4 ? 0 : unitLength(text, start, end);
    if (unit === 0) return h;
    this.unit[t] = 1;
    let joined = hashWildcard(previousSeed);
    for (let i = start + unit; i < end; i += 1) joined = Math.imul(joined ^ text.charCodeAt(i), PRIME);
    return joined;
  }

  /** Past maxTokens the rest of the line, trimmed and its whitespace runs made one space, is one last token and one value. */
  private rest(at: number, length: number): void {
    this.complete = false;
    const rest = this.text.slice(at, length).trim();
    if (rest.length === 0) return;
    const start = at + 1;
    this.text = `${this.text.slice(0, at)} ${rest.replace(/\s+/g, ' ')}`;
    const t = this.tokens;
    this.starts[t] = start;
    this.ends[t] = this.text.length;
    this.firstValue[t] = this.values.length;
    this.unit[t] = 0;
    this.values.push(start, this.text.length);
    this.tokens = t + 1;
  }

  valueCount(t: number): number {
    return (this.firstValue[t + 1] ?? 0) - (this.firstValue[t] ?? 0);
  }

  /** Room for `tokens` tokens and the entries one past them. */
  private ensure(tokens: number): void {
    if (tokens < this.starts.length) return;
    const size = Math.max(this.starts.length * 2, tokens + 1);
    const grow = (a: Int32Array, n: number) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts, size);
    this.ends = grow(this.ends, size);
    this.firstValue = grow(this.firstValue, size + 1);
    const unit = new Uint8Array(size + 1);
    unit.set(this.unit);
    this.unit = unit;
  }
}

/** A token that may hold a URL (a colon, two slashes), a Windows path, or an endpoint (MAC address, ip:port), whose rules span pieces. */
function isSpecial(s: string, from: number, to: number): boolean {
  let colons = 0;
  let dots = 0;
  let dashes = 0;
  let slashes = 0;
  for (let i = from; i < to; i += 1) {
    const c = s.charCodeAt(i);
    if (c === 58) colons += 1;
    else if (c === 46) dots += 1;
    else if (c === 45) dashes += 1;
    else if (c === 47) slashes += 1;
    else if (c === 92) return true;
  }
  return (colons > 0 && (slashes >= 2 || dots >= 3 || dots + dashes > 0)) || colons + dashes >= 5;
}
