/** A file's identity (device + inode): what stays the same across renames and changes on rotation. */
import { readdir, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface FileIdentity {
  dev: string;
  ino: string;
}

export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** Identity and size of an open file. */
export async function identityOfHandle(handle: FileHandle): Promise<FileIdentity & { size: number }> {
  const info = await handle.stat({ bigint: true });
  return { dev: info.dev.toString(), ino: info.ino.toString(), size: Number(info.size) };
}

/** Identity of what is at `path` now; undefined when nothing is. */
export async function identityOfPath(path: string): Promise<FileIdentity | undefined> {
  try {
    const info = await stat(path, { bigint: true });
    return info.isFile() ? { dev: info.dev.toString(), ino: info.ino.toString() } : undefined;
  } catch {
    return undefined;
  }
}

/** A file in `path`'s folder with `identity`: where a rotation moved the file we were reading (e.g. app.log.1). */
export async function findRenamed(path: string, identity: FileIdentity): Promise<string | undefined> {
  const dir = dirname(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const candidate = join(dir, name);
    const found = await identityOfPath(candidate);
    if (found !== undefined && sameFile(found, identity)) return candidate;
  }
  return undefined;
}
