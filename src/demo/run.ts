/**
 * The live demo loop: advances the simulator tick by tick, paced so event time runs `speed` times faster
 * than the wall clock, injects the scheduled and requested faults, records each in the truth file, sends
 * every tick to the server and says what happens.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { inputRng } from '../bench/fuzz/prng.js';
import type { Fault, FaultKind } from './faults.js';
import { makeFault, scheduledFault } from './faults.js';
import type { LiveTarget } from './live.js';
import { LiveSender } from './live.js';
import type { Tick } from './simulate.js';
import { Simulator } from './simulate.js';

export interface DemoRunOptions {
  seed: number;
  /** Event time of the first tick, ms. */
  start: number;
  /** Event time per wall time; Infinity sends as fast as the server takes it. */
  speed: number;
  /** Event time to simulate; undefined runs until `stop` is called. */
  durationMs: number | undefined;
  /** Event time before the first fault, for the detectors to learn what is usual. */
  warmupMs: number;
  /** Between scheduled faults; 0 schedules none. */
  faultEveryMs: number;
  /** Faults asked for on the command line: injected when the warm-up ends, for `requestedMs` each. */
  requested: readonly { kind: FaultKind; service: string }[];
  requestedMs?: number;
  truthFile: string;
  target: LiveTarget;
  say(line: string): void;
}

export interface DemoRun {
  /** Injects a fault now (event time), for `durationMs`. */
  inject(kind: FaultKind, service: string, durationMs?: number): Fault;
  /** Ends the run after the tick in flight. */
  stop(): void;
  /** Resolves with every fault injected once the run ends. */
  done: Promise<readonly Fault[]>;
}

const MINUTE = 60_000;
const STATUS_EVERY_MS = 10 * MINUTE;
const clock = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describe(fault: Fault): string {
  return `${fault.kind} on ${fault.service}, ${clock(fault.start)} to ${clock(fault.end)} event time`;
}

export function startDemoRun(options: DemoRunOptions): DemoRun {
  const simulator = new Simulator({ seed: options.seed, start: options.start });
  const sender = new LiveSender(options.target);
  const scheduleRng = inputRng(options.seed, 'demo-schedule', 0);
  mkdirSync(path.dirname(path.resolve(options.truthFile)), { recursive: true });
  let stopping = false;
  let scheduled = 0;
  let nextScheduled = options.start + options.warmupMs;
  const totals = { samples: 0, spans: 0, logs: 0, changes: 0 };

  const inject = (fault: Fault): Fault => {
    simulator.inject(fault);
    appendFileSync(options.truthFile, `${JSON.stringify({ id: fault.id, kind: fault.kind, service: fault.service, start: new Date(fault.start).toISOString(), end: new Date(fault.end).toISOString() })}\n`);
    options.say(`fault planned: ${describe(fault)}`);
    return fault;
  };
  for (const { kind, service } of options.requested) inject(makeFault(kind, service, options.start + options.warmupMs, options.requestedMs ?? 5 * MINUTE));

  const report = (tick: Tick) => {
    for (const fault of tick.began) options.say(`fault injected: ${describe(fault)}`);
    for (const fault of tick.ended) options.say(`fault over: ${fault.kind} on ${fault.service}`);
    for (const change of tick.changes) options.say(`deploy: ${change.title}`);
    totals.samples += tick.samples.length;
    totals.spans += tick.spans.length;
    totals.logs += tick.logs.length;
    if (Math.floor(tick.time / STATUS_EVERY_MS) !== Math.floor((tick.time - simulator.tickMs) / STATUS_EVERY_MS)) {
      options.say(`event time ${clock(tick.time)}: sent ${totals.samples} samples, ${totals.spans} spans, ${totals.logs} log lines`);
    }
  };

  const loop = async (): Promise<readonly Fault[]> => {
    const wallStart = Date.now();
    const end = options.durationMs === undefined ? Infinity : options.start + options.durationMs;
    while (!stopping && simulator.now < end) {
      while (options.faultEveryMs > 0 && simulator.now >= nextScheduled) {
        // From the tick about to start, which may be a little past the planned time.
        inject(scheduledFault(scheduleRng, scheduled++, simulator.now));
        nextScheduled += Math.round(options.faultEveryMs * (0.75 + 0.5 * scheduleRng.next()));
      }
      const tick = simulator.next();
      const due = wallStart + (tick.time - options.start) / options.speed;
      if (Number.isFinite(due) && due > Date.now()) await pause(due - Date.now());
      await sender.send(tick);
      report(tick);
    }
    return simulator.injected;
  };

  return {
    inject: (kind, service, durationMs = 5 * MINUTE) => inject(makeFault(kind, service, simulator.now, durationMs)),
    stop: () => {
      stopping = true;
    },
    done: loop(),
  };
}
