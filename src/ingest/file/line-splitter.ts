/**
 * Splits bytes read from a file into complete lines. Pure. Lines are cut at LF (CR before it is
 * dropped) and decoded only when complete, so multi-byte UTF-8 split across reads stays intact; a
 * partial last line is left unconsumed until its newline arrives. A line over `maxLineBytes` is
 * kept up to the limit (at a character boundary) and the rest, up to its newline, is skipped.
 */
import { isUtf8 } from 'node:buffer';

export interface Line {
  text: string;
  truncated: boolean;
  /** The bytes were not valid UTF-8 (bad sequences became U+FFFD). */
  invalidUtf8: boolean;
  /** Bytes of the input consumed once this line is done (relative to the buffer start). */
  end: number;
}

export interface Split {
  lines: Line[];
  /** Bytes consumed: everything up to the last complete line, or skipped. */
  consumed: number;
  /** Still inside an over-long line whose rest must be skipped. */
  skipping: boolean;
}

/** Backs off `end` so the cut does not split a UTF-8 sequence. */
function charBoundary(buf: Buffer, start: number, end: number): number {
  let cut = end;
  while (cut > start && ((buf[cut] as number) & 0xc0) === 0x80) cut--;
  return cut;
}

function decode(buf: Buffer, start: number, end: number, truncated: boolean, consumed: number): Line {
  const text = buf.toString('utf8', start, end);
  // U+FFFD may be in valid input too, so only then is the (slower) validation worth running.
  const invalidUtf8 = text.includes('\uFFFD') && !isUtf8(buf.subarray(start, end));
  return { text, truncated, invalidUtf8, end: consumed };
}

export function splitLines(buf: Buffer, maxLineBytes: number, skipping: boolean): Split {
  const lines: Line[] = [];
  let pos = 0;
  let skip = skipping;
  while (pos < buf.length) {
    const lf = buf.indexOf(10, pos);
    if (skip) {
      if (lf < 0) return { lines, consumed: buf.length, skipping: true };
      skip = false;
      pos = lf + 1;
      continue;
    }
    if (lf < 0) {
      if (buf.length - pos <= maxLineBytes) break;
      lines.push(decode(buf, pos, charBoundary(buf, pos, pos + maxLineBytes), true, buf.length));
      return { lines, consumed: buf.length, skipping: true };
    }
    const end = lf > pos && buf[lf - 1] === 13 ? lf - 1 : lf;
    if (end - pos > maxLineBytes) lines.push(decode(buf, pos, charBoundary(buf, pos, pos + maxLineBytes), true, lf + 1));
    else lines.push(decode(buf, pos, end, false, lf + 1));
    pos = lf + 1;
  }
  return { lines, consumed: pos, skipping: false };
}
