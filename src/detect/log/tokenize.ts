/** Splits a log line into whitespace-separated tokens with hard bounds on line length and token count, so any input (binary junk, 1 MB lines) costs bounded memory. */

export interface TokenizeLimits {
  /** Characters of a line looked at; the rest is dropped. */
  maxLineChars: number;
  /** Tokens kept; the remainder of the line becomes one last token. */
  maxTokens: number;
}

/** Space, tab, CR, LF and every other control character (binary junk) separate tokens. */
const isSeparator = (c: number) => c <= 32 || c === 127;

export function tokenize(line: string, limits: TokenizeLimits): string[] {
  const text = line.length > limits.maxLineChars ? line.slice(0, limits.maxLineChars) : line;
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i += 1) {
    if (isSeparator(text.charCodeAt(i))) {
      if (start >= 0) tokens.push(text.slice(start, i));
      start = -1;
      if (tokens.length === limits.maxTokens - 1) return finish(tokens, text, i);
    } else if (start < 0) start = i;
  }
  if (start >= 0) tokens.push(text.slice(start));
  return tokens;
}

/** The last token takes the rest of the line (trimmed), so a long line keeps a bounded token count. */
function finish(tokens: string[], text: string, at: number): string[] {
  const rest = text.slice(at).trim();
  if (rest.length > 0) tokens.push(rest.replace(/\s+/g, ' '));
  return tokens;
}
