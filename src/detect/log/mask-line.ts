/** A scanned line as strings, for the miner's slow path and its fast path's parameters: masked positions and their values. */
import type { LineScan } from './line-scan.js';
import { unitLength } from './size-unit.js';
import { maskedText, WILDCARD } from './mask.js';

export interface MaskedLine {
  /** Tokens with values masked, one per template position (a number and its size unit make one position). */
  masked: string[];
  /** Values masked inside the positions, in order, and how many each position holds. */
  pieces: string[];
  perToken: number[];
}

/** Each position of the scan with its values masked, the values, and their count per position. */
export function maskLine(scan: LineScan): MaskedLine {
  const line: MaskedLine = { masked: [], pieces: lineValues(scan), perToken: [] };
  const { text, starts, ends, firstValue, unit, values } = scan;
  for (let t = 0; t < scan.tokens; t += 1) {
    if (unit[t] === 1) continue;
    const start = starts[t] ?? 0;
    if (unit[t + 1] === 1) {
      const from = starts[t + 1] ?? 0;
      const to = ends[t + 1] ?? 0;
      line.masked.push(WILDCARD + text.slice(from + unitLength(text, from, to), to));
    } else line.masked.push(maskedText(text, start, ends[t] ?? 0, values, firstValue[t] ?? 0));
    line.perToken.push(scan.valueCount(t));
  }
  return line;
}

/** The values of the scan in order; a number joined with its size unit is one value (`5.2 KB`). */
export function lineValues(scan: LineScan): string[] {
  const { text, starts, ends, firstValue, unit, values } = scan;
  // Sized once: a joined unit adds no value of its own.
  const out = new Array<string>(values.length);
  for (let v = 0; v < values.length; v += 1) out[v] = values.text(text, v);
  for (let t = 1; t < scan.tokens; t += 1) {
    if (unit[t] !== 1) continue;
    const v = (firstValue[t] ?? 0) - 1;
    const from = starts[t] ?? 0;
    out[v] += ` ${text.slice(from, from + unitLength(text, from, ends[t] ?? 0))}`;
  }
  return out;
}
