/**
 * NAB's benign stretches: the rows of each file outside its labelled anomaly windows, each stretch
 * fed as a series of its own through a fresh fleet. Every alert it raises is noise.
 */
import type { NabFile } from '../nab/corpus.js';
import type { Sample } from '../../signals/index.js';
import { fleetRun } from './fleet-run.js';
import { DAY } from './shapes.js';

export interface Stretch {
  /** Index of the first row, and one past the last. */
  from: number;
  to: number;
}

export interface NabNoise {
  category: string;
  stretches: number;
  seriesDays: number;
  episodes: number;
}

function inWindow(time: number, windows: readonly [number, number][]): boolean {
  return windows.some(([start, end]) => time >= start && time <= end);
}

/** The runs of rows outside every window. */
export function benignStretches(times: ArrayLike<number>, windows: readonly [number, number][]): Stretch[] {
  const stretches: Stretch[] = [];
  let from = -1;
  for (let i = 0; i <= times.length; i++) {
    const benign = i < times.length && !inWindow(times[i] ?? NaN, windows);
    if (benign && from < 0) from = i;
    if (!benign && from >= 0) {
      stretches.push({ from, to: i });
      from = -1;
    }
  }
  return stretches;
}

/** Alert episodes over the benign stretches of one file. */
export function nabFileNoise(file: NabFile): NabNoise {
  const result: NabNoise = { category: file.category, stretches: 0, seriesDays: 0, episodes: 0 };
  const labels = {};
  benignStretches(file.times, file.windows).forEach((stretch, index) => {
    const samples: Sample[] = [];
    for (let i = stretch.from; i < stretch.to; i++) {
      samples.push({ entityId: `${file.key}#${index}`, metric: file.name, labels, kind: 'gauge', time: file.times[i] ?? NaN, value: file.values[i] ?? NaN });
    }
    result.stretches++;
    result.seriesDays += ((file.times[stretch.to - 1] ?? 0) - (file.times[stretch.from] ?? 0)) / DAY;
    result.episodes += fleetRun('raw').feed(samples).length;
  });
  return result;
}
