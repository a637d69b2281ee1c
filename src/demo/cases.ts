/**
 * `opsight demo --write-cases`: one simulated run per fault (the kinds in turn), each written twice from
 * the same ticks — an RCAEval case folder for `opsight bench rca` and a scenario file for `opsight bench
 * correlate`, side by side in one folder (the first reads folders, the second `*.jsonl` files).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inputRng } from '../bench/fuzz/prng.js';
import type { Fault } from './faults.js';
import { scheduledFault } from './faults.js';
import { RcaEvalCase } from './rcaeval.js';
import { ScenarioFile } from './scenarios.js';
import { Simulator } from './simulate.js';

const MINUTE = 60_000;
/** Case i is on day i after this, its fault half an hour into the run (baselines) and ten minutes of aftermath. */
const EPOCH = Date.UTC(2026, 3, 6);
const BEFORE_MS = 30 * MINUTE;
const AFTER_MS = 10 * MINUTE;

export interface WrittenCase {
  name: string;
  fault: Fault;
}

/** The fault of case `index`: at a time of day that moves from case to case, so load differs. */
export function caseFault(seed: number, index: number): Fault {
  const rng = inputRng(seed, 'demo-case', index);
  const day = EPOCH + index * 24 * 60 * MINUTE;
  return scheduledFault(rng, index, day + BEFORE_MS + rng.int(20) * 60 * MINUTE);
}

/** Runs case `index`'s simulation, handing every tick to each sink. */
export function simulateCase(seed: number, index: number, sinks: readonly { add(tick: ReturnType<Simulator['next']>): void }[]): Fault {
  const fault = caseFault(seed, index);
  const simulator = new Simulator({ seed: seed * 1009 + index, start: fault.start - BEFORE_MS, faults: [fault] });
  while (simulator.now < fault.end + AFTER_MS) {
    const tick = simulator.next();
    for (const sink of sinks) sink.add(tick);
  }
  return fault;
}

export function writeCases(dir: string, seed: number, count: number, onCase: (done: number, name: string) => void = () => undefined): WrittenCase[] {
  mkdirSync(dir, { recursive: true });
  const written: WrittenCase[] = [];
  for (let index = 0; index < count; index++) {
    const fault = caseFault(seed, index);
    const name = `${String(index + 1).padStart(3, '0')}-${fault.kind}-${fault.service}`;
    const rcaCase = new RcaEvalCase(fault);
    const scenario = new ScenarioFile();
    simulateCase(seed, index, [rcaCase, scenario]);
    rcaCase.write(path.join(dir, name));
    writeFileSync(path.join(dir, `${name}.jsonl`), scenario.text());
    written.push({ name, fault });
    onCase(index + 1, name);
  }
  return written;
}
