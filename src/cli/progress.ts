/**
 * Progress of long work on stderr: a bar redrawn in place on a terminal; otherwise (a log file, CI,
 * a pipe) a plain line at every tenth of the work and at least every 10 s while it advances, and
 * one when it finishes.
 */
import type { Clock } from '../signals/index.js';
import { systemClock } from '../signals/index.js';

export interface Progress {
  /** Reports `done` of `total` units, with an optional short label. */
  update(done: number, total: number, label?: string): void;
  finish(): void;
}

/** The part of a stream progress writes to. */
export type ProgressStream = Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>;

const WIDTH = 30;
const REDRAW_MS = 100;
const PLAIN_LINE_MS = 10_000;

const fractionOf = (done: number, total: number) => (total > 0 ? Math.min(1, done / total) : 0);
const percent = (fraction: number) => `${(fraction * 100).toFixed(0)}%`;

export function createProgress(title: string, stream: ProgressStream = process.stderr, clock: Clock = systemClock): Progress {
  return stream.isTTY ? bar(title, stream, clock) : plainLines(title, stream, clock);
}

function bar(title: string, stream: ProgressStream, clock: Clock): Progress {
  let lastDraw = Number.NEGATIVE_INFINITY;
  return {
    update(done, total, label = '') {
      const now = clock.now();
      if (now - lastDraw < REDRAW_MS && done < total) return;
      lastDraw = now;
      const fraction = fractionOf(done, total);
      const filled = Math.round(fraction * WIDTH);
      const drawn = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
      stream.write(`\r${title} ${drawn} ${percent(fraction).padStart(4)} ${label}`.slice(0, stream.columns - 1).padEnd(stream.columns - 1));
    },
    finish() {
      stream.write('\r'.padEnd(stream.columns - 1) + '\r');
    },
  };
}

function plainLines(title: string, stream: ProgressStream, clock: Clock): Progress {
  const started = clock.now();
  let lastLine = Number.NEGATIVE_INFINITY;
  let lastTenth = -1;
  let finished = false;
  return {
    update(done, total, label = '') {
      const now = clock.now();
      const fraction = fractionOf(done, total);
      const tenth = Math.floor(fraction * 10);
      if (tenth <= lastTenth && now - lastLine < PLAIN_LINE_MS) return;
      lastTenth = tenth;
      lastLine = now;
      stream.write(`${title}: ${percent(fraction)} (${done}/${total})${label === '' ? '' : ` ${label}`}\n`);
    },
    finish() {
      if (finished) return;
      finished = true;
      stream.write(`${title}: done in ${((clock.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
