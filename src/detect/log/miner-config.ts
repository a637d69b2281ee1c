/** Configuration of the log template miner: one schema with defaults, the same for every source and entity. */
import { z } from 'zod';

export const minerConfigSchema = z.strictObject({
  /** Characters of a line looked at; the rest is dropped (bounds memory on 1 MB lines). @default 8192 */
  maxLineChars: z.number().int().min(16).default(8192),
  /** Tokens of a line kept; the rest of the line becomes one last parameter. @default 128 */
  maxTokens: z.number().int().min(2).default(128),
  /** Templates kept per entity; past it the least recently matched one is evicted (its id then resolves to nothing). @default 5000 */
  maxTemplates: z.number().int().min(1).default(5000),
  /** Distinct line keys remembered per entity for the fast path; past it that cache is cleared. @default 50000 */
  maxCachedLines: z.number().int().min(1).default(50000),
  /**
   * Least similarity for a line to widen its nearest template: the share of positions holding the same
   * constant, of those where either side is a constant; lower merges more (Drain's threshold). Chosen by
   * `opsight bench loghub --leave-one-out`. @default 0.7
   */
  similarity: z.number().gt(0).max(1).default(0.7),
  /**
   * Distinct words seen at one position of otherwise equal lines before the position becomes a variable;
   * until then each word is its own template, since a few repeated words are modes (opened, closed) and many
   * are values (user names). Chosen by `opsight bench loghub --leave-one-out`. @default 5
   */
  minVariants: z.number().int().min(2).default(5),
  /**
   * Example lines kept per template: the first line seen and the most recent distinct ones (checkpointed, shown
   * by the API and the UI); 0 keeps none. @default 3
   */
  examples: z.number().int().min(0).max(10).default(3),
  /** Characters of an example line kept; a longer line is cut and ends in '…'. @default 500 */
  exampleChars: z.number().int().min(16).max(8192).default(500),
});
export type MinerConfig = z.infer<typeof minerConfigSchema>;
export type MinerOptions = z.input<typeof minerConfigSchema>;

/** Parses and freezes a configuration; throws a zod error naming a bad field. */
export function minerConfig(options: MinerOptions = {}): Readonly<MinerConfig> {
  return Object.freeze(minerConfigSchema.parse(options));
}
