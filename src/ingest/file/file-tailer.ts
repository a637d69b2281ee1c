/**
 * Follows one file path: reads complete lines from the last accepted offset, notices truncation
 * (size below the offset: start again at 0) and rotation by rename (the path is now another file:
 * finish the old one, then switch). The offset moves only on commit(), after the sink accepted
 * the lines, so a failed hand-off re-reads the same lines. One caller at a time.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { FileIdentity } from './file-identity.js';
import { findRenamed, identityOfHandle, identityOfPath, sameFile } from './file-identity.js';
import type { Line } from './line-splitter.js';
import { splitLines } from './line-splitter.js';
import type { FilePosition } from './position-store.js';

export interface TailerLimits {
  maxLineBytes: number;
  /** Bytes read per step; raised to maxLineBytes + 1 so an over-long line is always noticed. */
  readBytes: number;
}

export interface ReadResult {
  /** Lines with `end` as absolute file offsets. */
  lines: Line[];
  /** Offset and skip state once every line (and skipped byte) of this read is accepted. */
  offset: number;
  skipping: boolean;
  /** The file was truncated since the last read; reading restarted at 0. */
  truncated: boolean;
}

export type RotationState = 'same' | 'rotated' | 'missing';

export class FileTailer {
  private handle: FileHandle | undefined;
  private identity: FileIdentity | undefined;
  private offset = 0;
  private skipping = false;
  private buffer: Buffer | undefined;
  private readonly readBytes: number;

  constructor(readonly path: string, private readonly limits: TailerLimits) {
    this.readBytes = Math.max(limits.readBytes, limits.maxLineBytes + 1);
  }

  /**
   * Opens the path. A saved position of the same file resumes there; of a file since renamed
   * (rotated while we were down) resumes in the renamed file, to switch once it is read.
   * Returns where reading starts, or undefined when the path is not a file (yet).
   */
  async open(saved: FilePosition | undefined, startAtEnd: boolean): Promise<'resumed' | 'resumed-renamed' | 'new' | undefined> {
    if (saved !== undefined) {
      const current = await identityOfPath(this.path);
      const where = current !== undefined && sameFile(current, saved) ? this.path : await findRenamed(this.path, saved);
      if (where !== undefined && (await this.openAt(where, saved.offset, saved.skipping, saved))) return where === this.path ? 'resumed' : 'resumed-renamed';
    }
    if (!(await this.openAt(this.path, 0, false, undefined))) return undefined;
    if (startAtEnd) this.offset = (await identityOfHandle(this.handle as FileHandle)).size;
    return 'new';
  }

  /** The position to save; undefined before open. */
  position(): FilePosition | undefined {
    if (this.identity === undefined) return undefined;
    return { dev: this.identity.dev, ino: this.identity.ino, offset: this.offset, skipping: this.skipping };
  }

  currentIdentity(): FileIdentity | undefined {
    return this.identity;
  }

  /** Reads the next complete lines from the committed offset; moves nothing. */
  async read(): Promise<ReadResult> {
    const handle = this.requireHandle();
    const { size } = await identityOfHandle(handle);
    let truncated = false;
    if (size < this.offset) {
      this.offset = 0;
      this.skipping = false;
      truncated = true;
    }
    const length = Math.min(size - this.offset, this.readBytes);
    if (length <= 0) return { lines: [], offset: this.offset, skipping: this.skipping, truncated };
    this.buffer ??= Buffer.allocUnsafe(this.readBytes);
    const { bytesRead } = await handle.read(this.buffer, 0, length, this.offset);
    const split = splitLines(this.buffer.subarray(0, bytesRead), this.limits.maxLineBytes, this.skipping);
    for (const line of split.lines) line.end += this.offset;
    return { lines: split.lines, offset: this.offset + split.consumed, skipping: split.skipping, truncated };
  }

  commit(offset: number, skipping: boolean): void {
    this.offset = offset;
    this.skipping = skipping;
  }

  /** Whether the path still names the open file, names another one (rotated), or nothing. */
  async rotation(): Promise<RotationState> {
    const current = await identityOfPath(this.path);
    if (current === undefined) return 'missing';
    return this.identity !== undefined && sameFile(current, this.identity) ? 'same' : 'rotated';
  }

  /** The unterminated last line of a rotated file (its writer has moved on), as a final line. */
  async rest(): Promise<Line[]> {
    const handle = this.requireHandle();
    const { size } = await identityOfHandle(handle);
    const length = Math.min(size - this.offset, this.readBytes);
    if (length <= 0) return [];
    const bytes = Buffer.alloc(length + 1, 10);
    const { bytesRead } = await handle.read(bytes, 0, length, this.offset);
    const split = splitLines(bytes.subarray(0, bytesRead + 1), this.limits.maxLineBytes, this.skipping);
    for (const line of split.lines) line.end = this.offset + Math.min(line.end, bytesRead);
    return split.lines;
  }

  /** Leaves the rotated file and opens the new one at `path` from its start. */
  async switchToCurrent(): Promise<boolean> {
    await this.close();
    return this.openAt(this.path, 0, false, undefined);
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private async openAt(path: string, offset: number, skipping: boolean, expected: FileIdentity | undefined): Promise<boolean> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch {
      return false;
    }
    const identity = await identityOfHandle(handle);
    // The file may have been replaced between finding it and opening it: then it is not the saved one.
    if (expected !== undefined && !sameFile(identity, expected)) {
      await handle.close();
      return false;
    }
    await this.close();
    this.handle = handle;
    this.identity = { dev: identity.dev, ino: identity.ino };
    this.offset = offset;
    this.skipping = skipping;
    return true;
  }

  private requireHandle(): FileHandle {
    if (this.handle === undefined) throw new Error(`${this.path} is not open`);
    return this.handle;
  }
}
