/** A progress bar for long work, drawn on stderr when it is a terminal and silent otherwise. */

export interface Progress {
  /** Reports `done` of `total` units, with an optional short label. */
  update(done: number, total: number, label?: string): void;
  finish(): void;
}

const WIDTH = 30;

export function createProgress(title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  let lastDraw = 0;
  return {
    update(done, total, label = '') {
      const now = Date.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(fraction * WIDTH);
      const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
      stream.write(`\r${title} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${label}`.slice(0, stream.columns - 1).padEnd(stream.columns - 1));
    },
    finish() {
      stream.write('\r'.padEnd(stream.columns - 1) + '\r');
    },
  };
}
