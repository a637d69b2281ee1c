/**
 * Example lines of a template, so a person sees what a real line looked like: the first line seen and the
 * most recent distinct ones, bounded in number and in length. Pure.
 */
import type { MinerConfig } from './miner-config.js';

export type ExampleLimits = Pick<MinerConfig, 'examples' | 'exampleChars'>;

/**
 * A template's lines looked at as examples: every line of its first SAMPLE_EVERY, then one in SAMPLE_EVERY.
 * Copying a line costs about a tenth of mining it, so sampling keeps examples off the miner's speed; the
 * recent examples are then among the template's last SAMPLE_EVERY lines.
 */
export const SAMPLE_EVERY = 64;

export const isSampled = (count: number): boolean => count <= SAMPLE_EVERY || count % SAMPLE_EVERY === 0;

const ELLIPSIS = '…';
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * The line as an example: at most `chars` characters, cut ones ending in '…' (never inside a surrogate pair).
 * Built as a string of its own: a slice would keep the whole line (or the buffer it was cut from) alive.
 */
export function exampleText(line: string, chars: number): string {
  if (line.length <= chars) return (` ${line}`).slice(1);
  let end = chars - ELLIPSIS.length;
  if (isHighSurrogate(line.charCodeAt(end - 1))) end -= 1;
  // V8 flattens the concatenation into a fresh string when it is sliced, so nothing of the line is shared.
  return (` ${line.slice(0, end)}${ELLIPSIS}`).slice(1);
}

/** Adds a line: appended while there is room, else it replaces the oldest recent example (the first line stays). */
export function addExample(examples: string[], line: string, limits: ExampleLimits): void {
  if (limits.examples === 0) return;
  const text = exampleText(line, limits.exampleChars);
  if (examples.includes(text)) return;
  if (examples.length < limits.examples) examples.push(text);
  else if (limits.examples > 1) {
    examples.splice(1, 1);
    examples.push(text);
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
