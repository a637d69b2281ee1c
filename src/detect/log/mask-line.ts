/** Masks a tokenized line: each token's values, plus a size unit that follows a number (`5.2 KB`) joined into that value. */
import { maskToken, WILDCARD } from './mask.js';

export interface MaskedLine {
  /** Tokens with values masked, one per template position. */
  masked: string[];
  /** The original text of each position (a number and its unit make one position). */
  raw: string[];
  /** Values masked inside tokens, in order, and how many each position holds. */
  pieces: string[];
  perToken: number[];
}

const SIZE_UNIT = /^(?:[KMGTP]i?B|[kKMGTP]|B)([,;.)\]]?)$/;

/**
 * `lastIsRest`: the last token holds the rest of a line cut at the token limit, so it is one value whatever
 * its text.
 */
export function maskLine(tokens: readonly string[], lastIsRest: boolean): MaskedLine {
  const line: MaskedLine = { masked: [], raw: [], pieces: [], perToken: [] };
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    const before = line.pieces.length;
    let masked: string;
    let raw = token;
    if (lastIsRest && i === tokens.length - 1) {
      line.pieces.push(token);
      masked = WILDCARD;
    } else masked = maskToken(token, line.pieces);
    const unit = masked === WILDCARD && i + 1 < tokens.length ? SIZE_UNIT.exec(tokens[i + 1] ?? '') : null;
    if (unit !== null) {
      const next = tokens[i + 1] ?? '';
      const word = next.slice(0, next.length - (unit[1] ?? '').length);
      line.pieces[line.pieces.length - 1] += ` ${word}`;
      masked = WILDCARD + (unit[1] ?? '');
      raw = `${token} ${next}`;
      i += 1;
    }
    line.masked.push(masked);
    line.raw.push(raw);
    line.perToken.push(line.pieces.length - before);
  }
  return line;
}
