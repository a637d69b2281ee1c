/** The `files:` config section: which log files to tail, how each maps to an entity, and the tailing limits. */
import { z } from 'zod';

export const fileInputSchema = z.strictObject({
  /** A file path, or a glob with `*` and `?` inside path segments (e.g. `/var/log/app/*.log`). */
  path: z.string().min(1),
  /** Explicit entity id of these lines (`service:checkout`, `host:db-1`, `pod:shop/web-1`); wins over `service`. */
  entity: z.string().min(1).optional(),
  /** Service that writes these lines (`service.name`); without it and `entity`, the entity is this host. */
  service: z.string().min(1).optional(),
  /** Labels added to every line's attributes. @default {} */
  labels: z.record(z.string(), z.string()).default({}),
  /** Where to start in a file that was there at start-up and has no saved position. @default "beginning" */
  startAt: z.enum(['beginning', 'end']).default('beginning'),
});
export type FileInput = z.infer<typeof fileInputSchema>;

/** A bare string is shorthand for `{ path: <string> }`. */
const inputField = z.union([z.string().min(1).transform((path) => fileInputSchema.parse({ path })), fileInputSchema]);

export const filesConfigSchema = z.strictObject({
  /** Files to tail. @default [] */
  inputs: z.array(inputField).default([]),
  /** How often every file is checked, in ms; fs.watch wakes the tailer sooner when it can. @default 1000 */
  pollIntervalMs: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  /** Use fs.watch for prompt reads (polling still runs as the fallback). @default true */
  watch: z.stringbool().or(z.boolean()).default(true),
  /** Longest line kept, in bytes; the rest of a longer line is dropped and the record marked `log.truncated`. @default 65536 */
  maxLineBytes: z.coerce.number().int().min(256).max(16 * 1024 * 1024).default(64 * 1024),
  /** Bytes read from one file per step. @default 1048576 */
  readChunkBytes: z.coerce.number().int().min(4096).max(64 * 1024 * 1024).default(1024 * 1024),
  /** Lines per batch handed to the pipeline. @default 1000 */
  batchSize: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Name of the positions file inside the data directory. @default "file-positions.json" */
  stateFile: z.string().min(1).default('file-positions.json'),
  /** Offset east of UTC, in minutes, of line timestamps written without a zone. @default 0 */
  timestampOffsetMinutes: z.coerce.number().int().min(-14 * 60).max(14 * 60).default(0),
});
export type FilesConfig = z.infer<typeof filesConfigSchema>;
