/**
 * Scrapes configured Prometheus targets on their intervals and hands each scrape's samples to the
 * sink as one batch (source `prometheus_scrape`), with staleness markers for the series the last
 * scrape had and this one lacks. Clock, timers and fetch are injectable; one scrape per target at a
 * time. `status()` reports each target's last result, like Prometheus's `up`.
 */
import type { Sample } from '../../signals/index.js';
import type { Clock } from '../../signals/index.js';
import { systemClock } from '../../signals/index.js';
import type { SignalSink } from '../sink.js';
import type { OpsightMetrics } from '../../telemetry/metrics.js';
import { parseExposition } from './exposition-parser.js';
import type { PrometheusMetrics } from './prometheus-metrics.js';
import { prometheusMetrics } from './prometheus-metrics.js';
import { fetchExposition } from './scrape-fetch.js';
import { normalizeScrape, scrapeHealthSamples, seriesOf, staleMarkers } from './scrape-normalize.js';
import type { ScheduledTarget } from './scrape-targets.js';
import { scrapeOffset } from './scrape-targets.js';
import type { Timers } from './timers.js';
import { systemTimers } from './timers.js';

export const SCRAPE_SOURCE = 'prometheus_scrape';

export interface TargetStatus {
  job: string;
  url: string;
  instance: string;
  /** `up` after a successful scrape, `down` after a failed one, `unknown` before the first. */
  health: 'up' | 'down' | 'unknown';
  /** Epoch ms when the last scrape started. */
  lastScrape: number | undefined;
  lastDurationMs: number | undefined;
  /** Why the last scrape failed, or why its samples were not accepted. */
  lastError: string | undefined;
  /** Samples the last scrape produced (before `up` and friends). */
  samples: number;
}

export interface ScraperOptions {
  sink: SignalSink;
  clock?: Clock;
  timers?: Timers;
  fetch?: typeof fetch;
  metrics?: OpsightMetrics;
}

interface TargetState {
  target: ScheduledTarget;
  status: TargetStatus;
  timer: unknown;
  inflight: Promise<TargetStatus> | undefined;
  /** The series of the last scrape the sink accepted: those missing from the next one are marked stale. */
  series: Map<string, Sample>;
}

export class PrometheusScraper {
  private readonly states: TargetState[];
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly fetcher: typeof fetch;
  private readonly counters: PrometheusMetrics | undefined;
  private running = false;

  constructor(targets: readonly ScheduledTarget[], private readonly options: ScraperOptions) {
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.fetcher = options.fetch ?? fetch;
    this.counters = options.metrics === undefined ? undefined : prometheusMetrics(options.metrics.registry);
    this.states = targets.map((target) => ({
      target, timer: undefined, inflight: undefined, series: new Map<string, Sample>(),
      status: { job: target.job, url: target.url, instance: target.instance, health: 'unknown', lastScrape: undefined, lastDurationMs: undefined, lastError: undefined, samples: 0 },
    }));
  }

  /** Schedules every target, each at its own offset within its interval. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const state of this.states) this.schedule(state, scrapeOffset(state.target));
  }

  /** Stops scheduling and waits for scrapes in flight. */
  async stop(): Promise<void> {
    this.running = false;
    for (const state of this.states) this.timers.clearTimeout(state.timer);
    await Promise.all(this.states.flatMap((state) => (state.inflight === undefined ? [] : [state.inflight])));
  }

  /** Each target's last scrape result. */
  status(): TargetStatus[] {
    return this.states.map((state) => ({ ...state.status }));
  }

  /** Scrapes every target now (or joins a scrape in flight); resolves to their statuses. */
  scrapeAll(): Promise<TargetStatus[]> {
    return Promise.all(this.states.map((state) => this.scrapeState(state)));
  }

  private schedule(state: TargetState, delayMs: number): void {
    if (!this.running) return;
    state.timer = this.timers.setTimeout(() => this.scrapeState(state).then(() => {
      const next = (state.status.lastScrape ?? this.clock.now()) + state.target.intervalMs - this.clock.now();
      this.schedule(state, Math.max(0, next));
    }), delayMs);
  }

  private scrapeState(state: TargetState): Promise<TargetStatus> {
    state.inflight ??= this.scrape(state).finally(() => { state.inflight = undefined; });
    return state.inflight;
  }

  private async collect(target: ScheduledTarget, start: number): Promise<{ samples: Sample[]; error: string | undefined }> {
    try {
      const text = await fetchExposition({ url: target.url, timeoutMs: target.timeoutMs, bodyLimitBytes: target.bodyLimitBytes }, this.fetcher, this.timers);
      const scraped = normalizeScrape(parseExposition(text), target, start);
      if (scraped.skipped > 0) this.counters?.skippedPoints.inc({ source: SCRAPE_SOURCE, reason: 'nan_or_inf' }, scraped.skipped);
      return { samples: scraped.samples, error: undefined };
    } catch (error) {
      return { samples: [], error: (error as Error).message };
    }
  }

  private async scrape(state: TargetState): Promise<TargetStatus> {
    const { target } = state;
    const start = this.clock.now();
    const { samples, error } = await this.collect(target, start);
    const durationMs = this.clock.now() - start;
    const series = seriesOf(samples);
    const ended = staleMarkers(state.series, series, start);
    const batch = [...samples, ...ended, ...scrapeHealthSamples(target, start, error === undefined, durationMs / 1000, samples.length)];
    let refused: string | undefined;
    try {
      await this.options.sink.accept(SCRAPE_SOURCE, { samples: batch });
      state.series = series;
      if (ended.length > 0) this.counters?.staleMarkers.inc({ source: SCRAPE_SOURCE }, ended.length);
    } catch (sinkError) {
      refused = `samples not accepted: ${(sinkError as Error).message}`;
    }
    this.counters?.scrapes.inc({ job: target.job, result: error !== undefined ? 'failed' : refused !== undefined ? 'throttled' : 'success' });
    state.status = {
      ...state.status, health: error === undefined ? 'up' : 'down', lastScrape: start, lastDurationMs: durationMs,
      lastError: error ?? refused, samples: samples.length,
    };
    return { ...state.status };
  }
}
