/** Expands a path pattern with `*` and `?` inside segments (no `**`) to the existing files it matches, sorted. */
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** A segment pattern as a regex: `*` any run of characters, `?` one; everything else literal. */
export function segmentMatcher(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

async function children(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Files matching `pattern` now; a pattern without wildcards yields itself when it is a file. */
export async function expandGlob(pattern: string): Promise<string[]> {
  const absolute = isAbsolute(pattern) ? pattern : resolve(pattern);
  if (!hasWildcard(absolute)) return (await isFile(absolute)) ? [absolute] : [];
  const segments = absolute.split(sep).filter((segment) => segment !== '');
  let candidates: string[] = [sep];
  for (const segment of segments) {
    const next: string[] = [];
    for (const dir of candidates) {
      if (!hasWildcard(segment)) {
        next.push(join(dir, segment));
        continue;
      }
      const matcher = segmentMatcher(segment);
      for (const name of await children(dir)) if (matcher.test(name) && !name.startsWith('.')) next.push(join(dir, name));
    }
    candidates = next;
  }
  const files: string[] = [];
  for (const candidate of candidates) if (await isFile(candidate)) files.push(candidate);
  return files.sort();
}
