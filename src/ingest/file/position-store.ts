/**
 * Where each tailed file was read up to, kept across restarts in one JSON file. Writes are atomic
 * (write a temporary file, fsync, rename, fsync the folder), so a crash leaves the old or the new
 * positions, never a torn file. Not safe for two processes sharing one data directory.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** A file's identity (device and inode, as decimal strings: inodes can exceed 2^53) and read position. */
export const filePositionSchema = z.object({
  dev: z.string(),
  ino: z.string(),
  /** Bytes consumed: the start of the first line not yet accepted by the sink. */
  offset: z.number().int().min(0),
  /** The offset is inside an over-long line whose rest is being skipped. */
  skipping: z.boolean().default(false),
});
export type FilePosition = z.infer<typeof filePositionSchema>;

const stateSchema = z.object({ version: z.literal(1), files: z.record(z.string(), filePositionSchema) });

export class PositionStore {
  constructor(readonly file: string) {}

  /** The saved positions by path; none when the file is missing. A damaged file is an error naming it. */
  async load(): Promise<Map<string, FilePosition>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`file positions in ${this.file} are not valid JSON; move the file away to re-read every file from its start position`);
    }
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) throw new Error(`file positions in ${this.file} are damaged: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
    return new Map(Object.entries(parsed.data.files));
  }

  async save(positions: ReadonlyMap<string, FilePosition>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ version: 1, files: Object.fromEntries(positions) }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
    await syncDirectory(dirname(this.file));
  }
}

/** Makes the rename itself durable; some platforms cannot open a folder, which is then left to the OS. */
async function syncDirectory(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the data is already synced; only the rename's durability depends on this.
  }
}
