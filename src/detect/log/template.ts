/** A mined log template: its stable id, tokens (with `<*>` for variables), counts, and how lines merge into it. */
import { WILDCARD } from './mask.js';
import { generalize, isValueToken, tokenMatches } from './token-pattern.js';

export interface Template {
  /** Stable for the template's life: refining a position to `<*>` keeps the id. */
  readonly id: string;
  tokens: string[];
  /** The tokens joined by spaces, kept in step by retext(). */
  text: string;
  /** Bumped at every change of the tokens, so cached facts about a template can tell they are stale. */
  version: number;
  /** Lines assigned to this template. */
  count: number;
  /** The miner's line sequence number when the template last matched; the eviction rule drops the smallest. */
  lastSeen: number;
  /** Example lines: the first one seen, then the most recent distinct ones (see examples.ts). */
  examples: string[];
  /** Lines per event-time minute, a ring of the last minutes up to `minuteEnd` (see template-rate.ts); null before a timed line. */
  minutes: Uint32Array | null;
  minuteEnd: number;
  /** The ring's slot of `minuteEnd`. */
  endSlot: number;
  /** Set when another template absorbed this one; lookups follow it. */
  mergedInto?: Template;
}

/** Whether the template matches the masked tokens as they are: every constant position is equal. */
export function covers(template: readonly string[], masked: readonly string[]): boolean {
  for (let i = 0; i < template.length; i += 1) if (!tokenMatches(template[i] ?? '', masked[i] ?? '')) return false;
  return true;
}

export function constantCount(template: readonly string[]): number {
  let n = 0;
  for (const t of template) if (!isValueToken(t)) n += 1;
  return n;
}

/**
 * A token that names a mode rather than a value, so two lines differing in it are different events: an
 * upper-case keyword (GET, FOLLOWING, ERROR) or punctuation only (****, --).
 */
function isAnchor(token: string): boolean {
  if (token.includes(WILDCARD)) return false;
  let upper = 0;
  let alnum = 0;
  for (let i = 0; i < token.length; i += 1) {
    const c = token.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) upper += 1;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c >= 128) alnum += 1;
  }
  return upper >= 2 || alnum === 0;
}

/**
 * Similarity of masked tokens to a template, as the share of positions holding the same constant; -1 when
 * they must not merge (a differing position is an anchor or a different structure, or no constant is shared).
 */
export function similarity(template: readonly string[], masked: readonly string[]): number {
  let same = 0;
  let values = 0;
  for (let i = 0; i < template.length; i += 1) {
    const t = template[i] ?? '';
    const m = masked[i] ?? '';
    if (t === m && isValueToken(t)) values += 1;
    else if (t === m) same += 1;
    else if (tokenMatches(t, m)) continue;
    else if (isAnchor(t) || isAnchor(m)) return -1;
    // Else the position differs: a word, or a token whose value sits among other text (`name=com.a.b`).
  }
  return same === 0 ? -1 : same / (template.length - values);
}

/** Widens the template to cover the masked tokens: each differing position becomes `<*>`, keeping punctuation both share. */
export function refine(template: Template, masked: readonly string[]): void {
  const tokens = template.tokens;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] ?? '';
    const m = masked[i] ?? '';
    if (!tokenMatches(t, m)) tokens[i] = generalize(t, m);
  }
  retext(template);
}

/** Call after changing a template's tokens. */
export function retext(template: Template): void {
  template.text = template.tokens.join(' ');
  template.version += 1;
}

export function newTemplate(id: string, tokens: string[], count: number, lastSeen: number, examples: string[] = []): Template {
  return { id, tokens, text: tokens.join(' '), version: 0, count, lastSeen, examples, minutes: null, minuteEnd: -1, endSlot: 0 };
}

export interface Nearest {
  template: Template;
  score: number;
  /** Constant positions where the line differs, and the first of them. */
  differing: number;
  position: number;
}

/** The most similar template that may merge with the line (ties go to the oldest), or undefined. */
export function closest(bucket: readonly Template[], masked: readonly string[]): Nearest | undefined {
  let best: Nearest | undefined;
  for (const template of bucket) {
    const score = similarity(template.tokens, masked);
    if (score < 0 || (best !== undefined && score <= best.score)) continue;
    let differing = 0;
    let position = -1;
    template.tokens.forEach((t, i) => {
      if (tokenMatches(t, masked[i] ?? '')) return;
      differing += 1;
      if (position < 0) position = i;
    });
    best = { template, score, differing, position };
  }
  return best;
}
