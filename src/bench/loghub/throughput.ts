/** Miner throughput on a large input made by repeating the datasets' contents: times the miner only, one core. */
import { TemplateMiner } from '../../detect/log/template-miner.js';
import type { Progress } from '../../cli/progress.js';
import { FIRST_EVENT_TIME } from './parse-dataset.js';

export interface ThroughputResult {
  lines: number;
  seconds: number;
  /** All lines over all miner time. */
  linesPerSecond: number;
  /** The first pass alone: every line unseen by the miner (JIT still warming), the speed on new logs. */
  firstPassLinesPerSecond: number;
  /** The fastest pass: the miner's speed on a quiet core, when other processes share the machine. */
  bestPassLinesPerSecond: number;
  /** All lines over the process's CPU time in the miner (GC threads included): steady under load. */
  cpuLinesPerSecond: number;
  /** Templates after one pass over the inputs, and after all repetitions. */
  templatesBefore: number;
  templatesAfter: number;
}

/** Mines `repeat` passes over every input (each input its own entity) and reports speed and template growth. */
export function measureThroughput(inputs: readonly { name: string; contents: readonly string[] }[], repeat: number, progress?: Progress): ThroughputResult {
  const miner = new TemplateMiner();
  // Each line an event-time millisecond after the last, so the miner counts template rates as it does on live logs.
  let time = FIRST_EVENT_TIME;
  let lines = 0;
  let nanos = 0n;
  let templatesBefore = 0;
  let bestPass = 0;
  let firstPass = 0;
  let cpuMicros = 0;
  for (let pass = 0; pass < repeat; pass += 1) {
    let passNanos = 0n;
    let passLines = 0;
    for (const { name, contents } of inputs) {
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (const content of contents) miner.add(content, name, time++);
      passNanos += process.hrtime.bigint() - start;
      const used = process.cpuUsage(cpu);
      cpuMicros += used.user + used.system;
      passLines += contents.length;
    }
    nanos += passNanos;
    lines += passLines;
    if (passNanos > 0n) bestPass = Math.max(bestPass, passLines / (Number(passNanos) / 1e9));
    if (pass === 0) {
      templatesBefore = miner.templates().length;
      firstPass = passNanos > 0n ? passLines / (Number(passNanos) / 1e9) : 0;
    }
    progress?.update(pass + 1, repeat, `${lines.toLocaleString('en')} lines`);
  }
  progress?.finish();
  const seconds = Number(nanos) / 1e9;
  const linesPerSecond = seconds > 0 ? lines / seconds : 0;
  const cpuLinesPerSecond = cpuMicros > 0 ? lines / (cpuMicros / 1e6) : 0;
  return { lines, seconds, linesPerSecond, firstPassLinesPerSecond: firstPass, bestPassLinesPerSecond: bestPass, cpuLinesPerSecond, templatesBefore, templatesAfter: miner.templates().length };
}
