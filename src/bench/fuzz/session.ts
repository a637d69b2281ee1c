/**
 * One fuzz run's shared state: the child server, the protocol being fuzzed and its report, the
 * inputs in flight and just sent (a crash's or stall's suspects), and how each outcome, probe and
 * memory sample is counted.
 */
import type { FailureKind, InputArchive } from './archive.js';
import type { ChildExit, ChildServerOptions } from './child-server.js';
import { ChildServer } from './child-server.js';
import { Downtime, residentBytes, STALL_MS } from './monitor.js';
import type { ProbeResult } from './probe-worker.js';
import type { ProtocolReport } from './report.js';
import { emptyProtocolReport, increment } from './report.js';
import type { Outcome, Sender } from './senders.js';
import type { FuzzInput, FuzzTarget } from './targets.js';

interface Phase {
  target: FuzzTarget;
  report: ProtocolReport;
}

/** Sends of one input refused for overload before it is given up (each refusal counted). */
const OVERLOAD_ATTEMPTS = 5;
/** How long to wait before judging a failure: the child's exit event may trail the reset it caused. */
const SETTLE_MS = 300;
const RECENT = 16;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isOverload = (outcome: Outcome): boolean => outcome.kind === 'response' && (outcome.status === 429 || outcome.status === 503) && outcome.retryAfter;

export class FuzzSession {
  readonly server: ChildServer;
  readonly reports: ProtocolReport[] = [];
  private phase: Phase | undefined;
  private readonly inFlight = new Set<FuzzInput>();
  private recent: FuzzInput[] = [];
  private readonly downtime = new Downtime();

  constructor(private readonly archive: InputArchive, child: Omit<ChildServerOptions, 'onErrorLog' | 'onCrash' | 'onUp'>) {
    this.server = new ChildServer({
      ...child,
      onErrorLog: (signature) => this.phase !== undefined && increment(this.phase.report.errorLogs, signature),
      onCrash: (exit) => this.crashed(exit),
      onUp: () => this.downtime.up(Date.now()),
    });
  }

  begin(target: FuzzTarget): ProtocolReport {
    const report = emptyProtocolReport(target.name);
    this.reports.push(report);
    this.phase = { target, report };
    this.recent = [];
    return report;
  }

  /** Sends one input (again after an overload refusal, with a pause) and counts what came of it. */
  async deliver(sender: Sender, input: FuzzInput): Promise<void> {
    const phase = this.current();
    phase.report.sent++;
    this.inFlight.add(input);
    try {
      for (let attempt = 1; ; attempt++) {
        const generation = this.server.generation;
        const outcome = await sender.send(input);
        if (isOverload(outcome) && attempt < OVERLOAD_ATTEMPTS) {
          phase.report.overload++;
          await sleep(100 * attempt);
          await this.server.whenUp();
          continue;
        }
        return await this.record(phase, input, outcome, generation);
      }
    } finally {
      this.inFlight.delete(input);
      this.recent = [...this.recent.slice(1 - RECENT), input];
    }
  }

  probed(probe: ProbeResult): void {
    const phase = this.phase;
    if (phase === undefined) return;
    if (probe.ok && probe.ms <= STALL_MS) {
      phase.report.maxHealthzMs = Math.max(phase.report.maxHealthzMs, probe.ms);
      return;
    }
    const suspects = this.suspects();
    setTimeout(() => {
      if (!this.server.alive || this.downtime.overlaps(probe.startedAt, probe.startedAt + probe.ms + SETTLE_MS)) return;
      phase.report.stalls++;
      phase.report.maxHealthzMs = Math.max(phase.report.maxHealthzMs, probe.ms);
      this.keep(phase, suspects, 'stall', `sent just before or during a /healthz probe that ${probe.ok ? 'took' : 'failed after'} ${Math.round(probe.ms)} ms`);
    }, SETTLE_MS);
  }

  sampleMemory(): void {
    if (this.phase !== undefined) this.phase.report.peakRssBytes = Math.max(this.phase.report.peakRssBytes, residentBytes(this.server.pid));
  }

  private current(): Phase {
    if (this.phase === undefined) throw new Error('no protocol begun');
    return this.phase;
  }

  /** Inputs in flight and the last ones completed: a crash or stall may come from processing after the response. */
  private suspects(): FuzzInput[] {
    return [...new Set([...this.inFlight, ...this.recent])];
  }

  private keep(phase: Phase, inputs: readonly FuzzInput[], kind: FailureKind, detail: string): string[] {
    const saved = this.archive.save(phase.target, inputs, kind, detail);
    phase.report.saved.push(...saved);
    return saved;
  }

  private crashed(exit: ChildExit): void {
    this.downtime.down(exit.at);
    const phase = this.phase;
    if (phase === undefined) return;
    const inputs = this.keep(phase, this.suspects(), 'crash', `in flight or just sent when the child exited (code ${exit.code}, signal ${exit.signal})`);
    phase.report.crashes.push({ code: exit.code, signal: exit.signal, lastLines: exit.lastLines, inputs });
  }

  private async record(phase: Phase, input: FuzzInput, outcome: Outcome, generation: number): Promise<void> {
    const report = phase.report;
    if (outcome.kind === 'sent') return;
    if (outcome.kind === 'closed') return increment(report.refused, 'connection closed');
    if (outcome.kind === 'error') return this.transportError(phase, input, outcome.detail, generation);
    const { status } = outcome;
    if (status >= 200 && status < 300) report.accepted++;
    else if (isOverload(outcome)) report.overload++;
    else if (status >= 500) {
      increment(report.serverErrors, String(status));
      this.keep(phase, [input], '5xx', `HTTP ${status}: ${outcome.detail}`);
    } else increment(report.refused, String(status));
  }

  private async transportError(phase: Phase, input: FuzzInput, detail: string, generation: number): Promise<void> {
    await sleep(SETTLE_MS);
    if (this.server.generation !== generation || !this.server.alive) {
      phase.report.lostToCrash++;
      return;
    }
    phase.report.connectionErrors++;
    this.keep(phase, [input], 'connection-error', detail);
  }
}
