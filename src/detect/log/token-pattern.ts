/** Template tokens that wrap one variable in punctuation (`[<*>]`, `(<*>)`, `<*>,`): how they match and how two tokens generalise to one. */
import { WILDCARD } from './mask.js';
import { DELIM, KIND } from './char-class.js';

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128;

/** Prefix and suffix around a single `<*>`, e.g. `user=<*>` → `user=`, ``. */
export function patternParts(token: string): [string, string] | undefined {
  const at = token.indexOf(WILDCARD);
  if (at < 0 || token.indexOf(WILDCARD, at + 1) >= 0) return undefined;
  return [token.slice(0, at), token.slice(at + WILDCARD.length)];
}

/** Prefix and suffix around a single `<*>` when both are punctuation only, e.g. `[<*>]` → `[`, `]`. */
export function wrapperParts(token: string): [string, string] | undefined {
  const parts = patternParts(token);
  if (parts === undefined) return undefined;
  for (const part of parts) for (let i = 0; i < part.length; i += 1) if (isAlnum(part.charCodeAt(i))) return undefined;
  return parts;
}

/** Whether a template token matches a line's (masked) token: equal, `<*>`, or the text around its one `<*>` matches. */
export function tokenMatches(template: string, token: string): boolean {
  if (template === WILDCARD || template === token) return true;
  const parts = patternParts(template);
  if (parts === undefined) return false;
  const [prefix, suffix] = parts;
  return token.length > prefix.length + suffix.length && token.startsWith(prefix) && token.endsWith(suffix);
}

/** A value position: the token is one variable, with at most punctuation around it. */
export function isValueToken(token: string): boolean {
  return token === WILDCARD || wrapperParts(token) !== undefined;
}

/** The masker's delimiters (`= , ; : ( ) [ ] ...`): the bounds of a value inside a token. */
const isDelimiter = (c: number) => c < 128 && KIND[c] === DELIM;

/**
 * The most specific token covering both: their common prefix and suffix around `<*>`, each cut at a
 * punctuation boundary, so `user=root` and `user=admin` give `user=<*>` and `[node_A8]`, `[node_B1]` give `[<*>]`.
 */
export function generalize(a: string, b: string): string {
  if (a === b) return a;
  const room = Math.min(a.length, b.length);
  let p = 0;
  while (p < room && a[p] === b[p] && !a.startsWith(WILDCARD, p) && !b.startsWith(WILDCARD, p)) p += 1;
  while (p > 0 && !isDelimiter(a.charCodeAt(p - 1))) p -= 1;
  let s = 0;
  const endsWildcard = (x: string, k: number) => x.slice(0, x.length - k).endsWith(WILDCARD);
  while (p + s < room && a[a.length - 1 - s] === b[b.length - 1 - s] && !endsWildcard(a, s) && !endsWildcard(b, s)) s += 1;
  while (s > 0 && !isDelimiter(a.charCodeAt(a.length - s))) s -= 1;
  return a.slice(0, p) + WILDCARD + a.slice(a.length - s);
}
