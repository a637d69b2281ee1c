/** A growable list of `[start, end)` character ranges of one string, kept in typed memory: where a line's values are, without cutting them out. */
export class Ranges {
  /** Pairs of start and end offsets; grows by doubling, and its size is bounded by the longest string masked. */
  data = new Int32Array(64);
  /** Ranges held. */
  length = 0;

  push(start: number, end: number): void {
    const at = this.length * 2;
    if (at + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[at] = start;
    this.data[at + 1] = end;
    this.length += 1;
  }

  start(i: number): number {
    return this.data[i * 2] ?? 0;
  }

  end(i: number): number {
    return this.data[i * 2 + 1] ?? 0;
  }

  /** The text of range `i` of `s`. */
  text(s: string, i: number): string {
    return s.slice(this.data[i * 2] ?? 0, this.data[i * 2 + 1] ?? 0);
  }
}
