/** Per-connection deadlines: a TCP connection idle too long, or stuck inside one frame too long, expires. */
import { performance } from 'node:perf_hooks';

export interface WatchdogLimits {
  /** Longest time with nothing read, in ms; 0 = no limit. */
  idleTimeoutMs: number;
  /** Longest time from a frame's first byte to its end, in ms; 0 = no limit. */
  frameTimeoutMs: number;
}

/** `idle`: nothing was read for idleTimeoutMs; `frame`: a frame took longer than frameTimeoutMs. */
export type Expiry = 'idle' | 'frame';

/** Monotonic milliseconds: wall-clock steps must neither cut nor spare a connection. */
const now = (): number => performance.now();

export class Watchdog {
  private lastActive = now();
  private frameStarted: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  /**
   * @param reading false while the connection itself has paused reading (backpressure): the
   *   peer cannot be blamed for silence then, so that time counts as activity.
   * @param expired called once, when a deadline passes.
   */
  constructor(private readonly limits: WatchdogLimits, private readonly reading: () => boolean, private readonly expired: (why: Expiry) => void) {
    this.arm();
  }

  /** Milliseconds since the connection last read bytes (or was paused by us): its rank for eviction. */
  get idleMs(): number {
    return now() - this.lastActive;
  }

  /**
   * Bytes were read. `inFrame`: the stream now stops inside a frame; `frameEnded`: at least one
   * frame ended in these bytes, so the unfinished one is new and its clock starts now.
   */
  read(inFrame: boolean, frameEnded: boolean): void {
    this.lastActive = now();
    if (!inFrame) this.frameStarted = undefined;
    else if (frameEnded || this.frameStarted === undefined) this.frameStarted = this.lastActive;
    this.arm();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private deadline(): { at: number; why: Expiry } | undefined {
    const { idleTimeoutMs, frameTimeoutMs } = this.limits;
    const frame = this.frameStarted !== undefined && frameTimeoutMs > 0 ? this.frameStarted + frameTimeoutMs : Infinity;
    const idle = idleTimeoutMs > 0 ? this.lastActive + idleTimeoutMs : Infinity;
    if (frame === Infinity && idle === Infinity) return undefined;
    return frame <= idle ? { at: frame, why: 'frame' } : { at: idle, why: 'idle' };
  }

  /** Keeps one timer at the earliest deadline; a later deadline is left to the next check, so a read costs no timer churn. */
  private arm(): void {
    const deadline = this.deadline();
    if (deadline === undefined || deadline.at >= this.armedFor) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = deadline.at;
    this.timer = setTimeout(() => this.check(), Math.max(1, Math.ceil(deadline.at - now())));
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    if (!this.reading()) {
      this.lastActive = now();
      if (this.frameStarted !== undefined) this.frameStarted = this.lastActive;
    }
    const deadline = this.deadline();
    if (deadline !== undefined && deadline.at <= now()) this.expired(deadline.why);
    else this.arm();
  }
}
