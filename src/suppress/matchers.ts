/**
 * Label matchers with Alertmanager's semantics: `name=value`, `name!=value`, `name=~regex`, `name!~regex`.
 * Regexes are fully anchored (`=~"cart|checkout"` matches "cart", not "cartography"), and a label an alert
 * lacks has the value "" (so `team!="db"` matches an alert without a team label). Written as the v2 API
 * objects (`{name, value, isRegex, isEqual}`) or as text; stored and shown as the objects.
 */
import { z } from 'zod';
import type { Alert, Labels } from '../signals/index.js';

export const matcherSchema = z.object({
  name: z.string().min(1),
  value: z.string(),
  isRegex: z.boolean(),
  /** false for `!=` and `!~`. */
  isEqual: z.boolean(),
});
export type Matcher = z.infer<typeof matcherSchema>;

const OPERATORS: Record<string, Pick<Matcher, 'isRegex' | 'isEqual'>> = {
  '=': { isRegex: false, isEqual: true },
  '!=': { isRegex: false, isEqual: false },
  '=~': { isRegex: true, isEqual: true },
  '!~': { isRegex: true, isEqual: false },
};

const MATCHER_TEXT = /^\s*([^\s=!~"]+)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** Parses `name=value` (the value optionally in double quotes, JSON-escaped); a message says what is wrong. */
export function parseMatcher(text: string): Matcher | { error: string } {
  const match = MATCHER_TEXT.exec(text);
  if (match === null) return { error: `not a matcher (write name=value, name!=value, name=~regex or name!~regex): ${JSON.stringify(text)}` };
  const [, name = '', operator = '', raw = ''] = match;
  let value = raw;
  if (raw.startsWith('"')) {
    try {
      value = z.string().parse(JSON.parse(raw));
    } catch {
      return { error: `the value of ${JSON.stringify(text)} opens a quote it does not close properly` };
    }
  }
  return { name, value, ...(OPERATORS[operator] as Pick<Matcher, 'isRegex' | 'isEqual'>) };
}

/** How Alertmanager anchors a matcher's regex: the whole value must match. */
function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/** Why a matcher's regex does not compile, or undefined when it does (or is not a regex). */
export function regexProblem(matcher: Matcher): string | undefined {
  if (!matcher.isRegex) return undefined;
  try {
    anchored(matcher.value);
    return undefined;
  } catch (error) {
    return `invalid regex in matcher ${formatMatcher(matcher)}: ${(error as Error).message}`;
  }
}

export function formatMatcher(matcher: Matcher): string {
  const operator = Object.keys(OPERATORS).find((key) => OPERATORS[key]?.isRegex === matcher.isRegex && OPERATORS[key].isEqual === matcher.isEqual);
  return `${matcher.name}${operator ?? '='}${JSON.stringify(matcher.value)}`;
}

/** The matcher as written, or a zod issue saying why it is not one (bad text, or a regex that does not compile). */
function checked(input: string | Matcher, ctx: z.RefinementCtx): Matcher {
  const parsed = typeof input === 'string' ? parseMatcher(input) : input;
  const problem = 'error' in parsed ? parsed.error : regexProblem(parsed);
  if (problem === undefined) return parsed as Matcher;
  ctx.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
}

/** A matcher as text (`service=~"cart|checkout"`) or as a v2 API object (`isEqual` defaults to true); its regex must compile. */
export const matcherField = z.union([
  z.string(),
  z.strictObject({ name: z.string().min(1), value: z.string(), isRegex: z.boolean().default(false), isEqual: z.boolean().default(true) }),
]).transform(checked);

/** A matcher in text form only, as config files write them. */
export const matcherText = z.string().transform(checked);

/** A predicate over label sets that holds when every matcher matches (regexes compiled once). */
export function matchAll(matchers: readonly Matcher[]): (labels: Labels) => boolean {
  const tests = matchers.map((matcher) => {
    const regex = matcher.isRegex ? anchored(matcher.value) : undefined;
    return (labels: Labels) => {
      const value = labels[matcher.name] ?? '';
      return (regex === undefined ? value === matcher.value : regex.test(value)) === matcher.isEqual;
    };
  });
  return (labels) => tests.every((test) => test(labels));
}

/** Whether the matcher matches an alert that lacks its label; a silence made only of such matchers would silence everything. */
export function matchesEmpty(matcher: Matcher): boolean {
  return matchAll([matcher])({});
}

/**
 * The labels matchers see: the alert's own labels, and where it has no label of that name, `alertname`
 * (its title), `entity` (its entity id), `severity` and `source`, so `entity="service:checkout"` works for any source.
 */
export function matchLabels(alert: Pick<Alert, 'labels' | 'title' | 'entityId' | 'severity' | 'source'>): Labels {
  return { alertname: alert.title, entity: alert.entityId, severity: alert.severity, source: alert.source, ...alert.labels };
}
