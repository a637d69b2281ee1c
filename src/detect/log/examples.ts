/**
 * Example lines of a template, so a person sees what a real line looked like: the first line seen and the
 * most recent distinct ones, bounded in number and in length. Pure.
 */
import type { MinerConfig } from './miner-config.js';

export type ExampleLimits = Pick<MinerConfig, 'examples' | 'exampleChars'>;

/**
 * A template's lines looked at as examples: every line of its first 8, then one in 2, 4, 8, … as its count
 * doubles, up to one in SAMPLE_EVERY from its 256th line. Copying a line costs about a tenth of mining it, and
 * most lines of a new template come while it is young, so the step grows with the count; the recent examples
 * are then among the template's last quarter of lines, or its last SAMPLE_EVERY.
 */
const MAX_STEP_BITS = 6;
export const SAMPLE_EVERY = 1 << MAX_STEP_BITS;

/** log2 of the sampling step at `count`: 0 below 8 lines, one more at each doubling (29 - clz32 is log2(count / 4)). */
const stepBits = (count: number): number => Math.min(Math.max(29 - Math.clz32(count), 0), MAX_STEP_BITS);

export const isSampled = (count: number): boolean => (count & ((1 << stepBits(count)) - 1)) === 0;

const ELLIPSIS = '…';
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** The line cut to at most `chars` characters, a cut one ending in '…' (never inside a surrogate pair); a line that fits is itself. */
function cut(line: string, chars: number): string {
  if (line.length <= chars) return line;
  let end = chars - ELLIPSIS.length;
  if (isHighSurrogate(line.charCodeAt(end - 1))) end -= 1;
  return `${line.slice(0, end)}${ELLIPSIS}`;
}

/**
 * A string of its own with the text's characters: a slice would keep the whole line (or the buffer it was cut
 * from) alive. V8 flattens the concatenation into a fresh string when it is sliced, so nothing is shared.
 */
const ownCopy = (text: string): string => (` ${text}`).slice(1);

/** The line as an example: at most `chars` characters, cut ones ending in '…', sharing no memory with the line. */
export const exampleText = (line: string, chars: number): string => ownCopy(cut(line, chars));

/**
 * Adds a line: appended while there is room, else it replaces the oldest recent example (the first line stays).
 * A line equal to a kept example costs a comparison: the copy is made only for a line that is kept.
 */
export function addExample(examples: string[], line: string, limits: ExampleLimits): void {
  const max = limits.examples;
  if (max === 0) return;
  const text = cut(line, limits.exampleChars);
  if (examples.includes(text)) return;
  if (examples.length < max) examples.push(ownCopy(text));
  else if (max > 1) {
    // In place, not splice(1, 1) and push: no array allocated per line kept.
    const last = examples.length - 1;
    for (let i = 1; i < last; i += 1) examples[i] = examples[i + 1] as string;
    examples[last] = ownCopy(text);
  }
}

/** Fills the examples of a template with those of one it absorbed, while there is room. */
export function mergeExamples(into: string[], from: readonly string[], limits: ExampleLimits): void {
  for (const text of from) if (into.length < limits.examples && !into.includes(text)) into.push(text);
}

/** Restored examples held to the limits (a checkpoint is input, and the limits may have changed since). */
export function boundedExamples(examples: readonly string[], limits: ExampleLimits): string[] {
  return examples.slice(0, limits.examples).map((text) => (text.length > limits.exampleChars ? exampleText(text, limits.exampleChars) : text));
}
