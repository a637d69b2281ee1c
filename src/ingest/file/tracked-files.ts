/**
 * The set of files being tailed: found from the inputs' paths and globs on every poll, each with
 * its tailer, entity and attributes. A glob-matched file gone for a few polls is dropped.
 */
import type { Attributes } from '../../signals/index.js';
import type { IngestLogger } from '../syslog/counters.js';
import type { FileInput, FilesConfig } from './config.js';
import { identityOfPath, sameFile } from './file-identity.js';
import { FileTailer } from './file-tailer.js';
import { expandGlob, hasWildcard } from './glob.js';
import type { FilePosition } from './position-store.js';
import { entityOfInput, fileAttributes } from './to-record.js';

export interface TrackedFile {
  path: string;
  input: FileInput;
  tailer: FileTailer;
  entityId: string;
  attributes: Attributes;
  /** Consecutive polls that found nothing at `path`. */
  missingPolls: number;
}

/** Polls a glob-matched file may be missing before it is forgotten (a rotation's rename-then-create takes less). */
const FORGET_AFTER_MISSING_POLLS = 3;

export class TrackedFiles {
  private readonly files = new Map<string, TrackedFile>();
  private scanned = false;

  constructor(private readonly config: FilesConfig, readonly hostname: string, private readonly logger: IngestLogger | undefined) {}

  list(): TrackedFile[] {
    return [...this.files.values()];
  }

  /** Adds newly matching files, forgets vanished glob matches; returns the forgotten paths. */
  async discover(saved: ReadonlyMap<string, FilePosition>): Promise<string[]> {
    const first = !this.scanned;
    this.scanned = true;
    for (const input of this.config.inputs) {
      for (const path of await expandGlob(input.path)) {
        if (!this.files.has(path) && !(await this.isOpenElsewhere(path))) await this.add(path, input, saved.get(path), first);
      }
    }
    return this.forgetVanished();
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.list().map((file) => file.tailer.close()));
    this.files.clear();
    this.scanned = false;
  }

  private async add(path: string, input: FileInput, saved: FilePosition | undefined, first: boolean): Promise<void> {
    const tailer = new FileTailer(path, { maxLineBytes: this.config.maxLineBytes, readBytes: this.config.readChunkBytes });
    // Only files present at start-up honour startAt "end"; a file created later is read whole.
    const opened = await tailer.open(saved, first && saved === undefined && input.startAt === 'end');
    if (opened === undefined) return;
    const entityId = entityOfInput(input, this.hostname);
    const attributes = fileAttributes(input, path, this.hostname);
    this.files.set(path, { path, input, tailer, entityId, attributes, missingPolls: 0 });
    this.logger?.info({ path, entityId, start: opened, offset: tailer.position()?.offset }, 'tailing file');
  }

  /** A rotated copy matched by a glob (app.log.1) is the file another tailer is still finishing: skip it. */
  private async isOpenElsewhere(path: string): Promise<boolean> {
    const identity = await identityOfPath(path);
    if (identity === undefined) return false;
    return this.list().some((file) => {
      const open = file.tailer.currentIdentity();
      return open !== undefined && sameFile(open, identity);
    });
  }

  private async forgetVanished(): Promise<string[]> {
    const removed: string[] = [];
    for (const file of this.list()) {
      if (!hasWildcard(file.input.path) || file.missingPolls < FORGET_AFTER_MISSING_POLLS) continue;
      await file.tailer.close();
      this.files.delete(file.path);
      removed.push(file.path);
    }
    return removed;
  }
}
