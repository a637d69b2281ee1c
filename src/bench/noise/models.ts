/**
 * Models of healthy series, one per kind: what a scrape of each reads, and how a fault changes it.
 * A model owns its labels objects (shared by every sample of a series, as ingest does) and its
 * counters' totals, which a restart sets back to zero.
 */
import type { Labels, MetricKind } from '../../signals/index.js';
import type { Rng } from '../fuzz/prng.js';
import { DAY, MINUTE, between, dailyLoad, gaussian, logNormalCdf, pareto, poisson, spread } from './shapes.js';

export const KINDS = ['cpu', 'memory', 'cache', 'requests', 'latency', 'errors', 'steps', 'runtime', 'histogram'] as const;
export type Kind = (typeof KINDS)[number];

export const FAULTS = ['level shift', 'latency x3', 'error burst', 'saturation'] as const;
export type Fault = (typeof FAULTS)[number];

/** Share of a fleet's units of each kind. */
export const KIND_WEIGHTS: Readonly<Record<Kind, number>> = { cpu: 15, memory: 10, cache: 5, requests: 15, latency: 10, errors: 15, steps: 10, runtime: 10, histogram: 10 };

/** The faults that make sense for each kind; runtime internals get none (they are watched for noise only). */
export const FAULTS_OF: Readonly<Record<Kind, readonly Fault[]>> = {
  cpu: ['level shift', 'saturation'], memory: ['level shift'], cache: ['level shift'], requests: ['level shift'], latency: ['latency x3'],
  errors: ['error burst'], steps: ['level shift', 'saturation'], runtime: [], histogram: ['latency x3'],
};

export interface SeriesDef {
  metric: string;
  labels: Labels;
  kind: MetricKind;
}

export interface Model {
  series: readonly SeriesDef[];
  /** One value per series, read at `time`, `dt` ms after the last read; `fault` is what is wrong meanwhile. */
  read(time: number, dt: number, fault: Fault | undefined): number[];
  /** The process restarted: counters start over from zero. */
  restart(): void;
}

type GaugeReading = (time: number, dt: number, fault: Fault | undefined) => number;

function gauge(metric: string, labels: Labels, reading: GaugeReading): Model {
  return { series: [{ metric, labels, kind: 'gauge' }], read: (time, dt, fault) => [reading(time, dt, fault)], restart: () => undefined };
}

/** A counter of events arriving at `rate` per second (Poisson). */
function counter(metric: string, labels: Labels, rng: Rng, rate: (time: number, fault: Fault | undefined) => number): Model {
  let total = 0;
  return {
    series: [{ metric, labels, kind: 'counter' }],
    read(time, dt, fault) {
      total += poisson(rng, (rate(time, fault) * dt) / 1000);
      return [total];
    },
    restart: () => void (total = 0),
  };
}

/** Between 1× and `max`× a base, log-uniform: a fleet has small and large services alike. */
function scale(rng: Rng, base: number, max: number): number {
  return base * Math.exp(rng.next() * Math.log(max));
}

function cpu(rng: Rng, labels: Labels): Model {
  const base = between(rng, 5, 35);
  const swing = between(rng, 5, 35);
  const noise = between(rng, 0.5, 4);
  return gauge('container_cpu_usage_percent', labels, (time, _dt, fault) => {
    if (fault === 'saturation') return 97 + 3 * rng.next();
    const burst = rng.chance(0.002) ? between(rng, 10, 35) : 0;
    const value = base + swing * dailyLoad(time) + noise * gaussian(rng) + burst + (fault === 'level shift' ? 25 : 0);
    return Math.min(100, Math.max(0, value));
  });
}

/** Memory of a garbage-collected process: grows, then drops back at each collection, at irregular intervals. */
function sawtooth(rng: Rng, metric: string, labels: Labels, periodMinutes: [number, number]): Model {
  const base = scale(rng, 2e8, 10);
  const rise = between(rng, 0.1, 0.3);
  let phase = rng.next();
  let period = between(rng, ...periodMinutes) * MINUTE;
  return gauge(metric, labels, (_time, dt, fault) => {
    phase += dt / period;
    if (phase >= 1) {
      phase = 0;
      period = between(rng, ...periodMinutes) * MINUTE;
    }
    const value = base * (1 + rise * phase) * (1 + 0.003 * gaussian(rng));
    return Math.round(fault === 'level shift' ? value * 1.5 : value);
  });
}

/** A cache that grows a few percent a day and is now and then trimmed by eviction. */
function cache(rng: Rng, labels: Labels, interval: number): Model {
  let size = scale(rng, 1e7, 100);
  const growth = between(rng, 0.02, 0.1);
  return gauge('app_cache_size_bytes', labels, (_time, dt, fault) => {
    size *= 1 + (growth * dt) / DAY;
    if (rng.chance(interval / (3 * DAY))) size *= 0.6;
    const value = size * (1 + 0.002 * gaussian(rng));
    return Math.round(fault === 'level shift' ? value * 1.5 : value);
  });
}

function requests(rng: Rng, labels: Labels): Model {
  const peak = scale(rng, 1, 500);
  return counter('http_requests_total', { ...labels, code: '200' }, rng, (time, fault) => peak * (0.2 + 0.8 * dailyLoad(time)) * (fault === 'level shift' ? 0.3 : 1));
}

/** A p99 reported by the client library: log-normal around a load-dependent level, with a heavy tail. */
function latency(rng: Rng, labels: Labels): Model {
  const median = between(rng, 0.02, 0.2);
  return gauge('rpc_client_duration_seconds', { ...labels, quantile: '0.99' }, (time, _dt, fault) => {
    const tail = rng.chance(0.01) ? pareto(rng, 1.5) : 1;
    const value = median * Math.exp(1.2 + 0.15 * gaussian(rng)) * (1 + 0.3 * dailyLoad(time)) * tail;
    return fault === 'latency x3' ? 3 * value : value;
  });
}

const ERROR_SERIES: readonly [string, Labels][] = [
  ['http_requests_total', { code: '500' }], ['app_errors_total', {}], ['grpc_server_handled_total', { grpc_code: 'Unavailable' }],
];

/** Sparse errors: a few an hour at most, so most scrapes add nothing and some add one. */
function errors(rng: Rng, labels: Labels): Model {
  const [metric, extra] = rng.pick(ERROR_SERIES);
  const perHour = between(rng, 0.2, 3);
  const burst = between(rng, 0.5, 2);
  return counter(metric, { ...labels, ...extra }, rng, (time, fault) => (perHour / 3600) * (0.5 + dailyLoad(time)) + (fault === 'error burst' ? burst : 0));
}

/** Integer gauges that move in steps: replicas following load, a worker pool, open connections. */
function steps(rng: Rng, labels: Labels): Model {
  const flavour = rng.int(3);
  if (flavour === 0) {
    const least = 2 + rng.int(3);
    const most = least + 2 + rng.int(5);
    let replicas = least;
    let lastChange = -Infinity;
    return gauge('kube_deployment_status_replicas', labels, (time, _dt, fault) => {
      const target = Math.round(least + (most - least) * dailyLoad(time));
      // The autoscaler moves one replica at a time, at most every five minutes.
      if (target !== replicas && time - lastChange >= 5 * MINUTE) {
        replicas += Math.sign(target - replicas);
        lastChange = time;
      }
      if (fault === 'saturation') return most;
      return fault === 'level shift' ? Math.ceil(replicas * 1.5) + 1 : replicas;
    });
  }
  if (flavour === 1) {
    const pool = 8 + rng.int(57);
    return gauge('app_worker_threads', labels, (_time, _dt, fault) => {
      if (fault === 'saturation') return pool * 2;
      const flicker = rng.chance(0.05) ? rng.pick([-1, 1]) : 0;
      return (fault === 'level shift' ? Math.ceil(pool * 1.5) : pool) + flicker;
    });
  }
  const open = scale(rng, 5, 20);
  const poolSize = Math.ceil(open * 2);
  return gauge('db_client_connections_open', labels, (time, _dt, fault) => {
    if (fault === 'saturation') return poolSize;
    const value = poisson(rng, open * (0.3 + 0.7 * dailyLoad(time)));
    return fault === 'level shift' ? Math.ceil(value * 1.5) + 2 : value;
  });
}

/** A language runtime's own series, as client libraries export them by default. */
function runtime(rng: Rng, labels: Labels): Model {
  const flavour = rng.int(3);
  if (flavour === 0) {
    const pause = between(rng, 1e-4, 2e-3);
    return gauge('go_gc_duration_seconds', { ...labels, quantile: '0.75' }, () => pause * Math.exp(0.3 * gaussian(rng)) * (rng.chance(0.02) ? pareto(rng, 1.2) : 1));
  }
  if (flavour === 1) return sawtooth(rng, 'process_resident_memory_bytes', labels, [30, 240]);
  const goroutines = 20 + rng.int(400);
  return gauge('go_goroutines', labels, (time) => goroutines + poisson(rng, goroutines * 0.2 * dailyLoad(time)) + (rng.chance(0.005) ? rng.int(goroutines) : 0));
}

/** Prometheus client libraries' default buckets. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity];

/** A request-duration histogram: cumulative `_bucket{le}` counters, `_sum` and `_count`, as remote write delivers it. */
function histogram(rng: Rng, labels: Labels): Model {
  const peak = scale(rng, 0.5, 200);
  const median = between(rng, 0.01, 0.3);
  const sigma = between(rng, 0.4, 0.9);
  const base = 'http_request_duration_seconds';
  const own = { ...labels, method: 'GET', route: rng.pick(['/api/orders', '/api/users', '/checkout', '/search']) };
  const series: SeriesDef[] = [
    ...BUCKETS.map((le): SeriesDef => ({ metric: `${base}_bucket`, labels: { ...own, le: le === Infinity ? '+Inf' : String(le) }, kind: 'counter' })),
    { metric: `${base}_sum`, labels: own, kind: 'counter' },
    { metric: `${base}_count`, labels: own, kind: 'counter' },
  ];
  const totals = new Array<number>(series.length).fill(0);
  return {
    series,
    read(time, dt, fault) {
      const typical = fault === 'latency x3' ? 3 * median : median;
      // Most requests take the usual time; a few (a cache miss, a retry) take five times as long.
      const cdf = (le: number) => 0.98 * logNormalCdf(le, typical, sigma) + 0.02 * logNormalCdf(le, 5 * typical, sigma);
      const shares = BUCKETS.map((le, i) => cdf(le) - (i === 0 ? 0 : cdf(BUCKETS[i - 1] as number)));
      const count = poisson(rng, (peak * (0.2 + 0.8 * dailyLoad(time)) * dt) / 1000);
      let cumulative = 0;
      spread(rng, count, shares).forEach((inBucket, i) => (totals[i] = (totals[i] ?? 0) + (cumulative += inBucket)));
      totals[BUCKETS.length] = (totals[BUCKETS.length] ?? 0) + count * typical * Math.exp((sigma * sigma) / 2) * 1.08;
      totals[BUCKETS.length + 1] = (totals[BUCKETS.length + 1] ?? 0) + count;
      return [...totals];
    },
    restart: () => void totals.fill(0),
  };
}

/** A model of `kind`; `labels` identify the target (instance), `interval` is its scrape interval in ms. */
export function modelOf(kind: Kind, rng: Rng, labels: Labels, interval: number): Model {
  switch (kind) {
    case 'cpu': return cpu(rng, labels);
    case 'memory': return sawtooth(rng, 'container_memory_working_set_bytes', labels, [5, 30]);
    case 'cache': return cache(rng, labels, interval);
    case 'requests': return requests(rng, labels);
    case 'latency': return latency(rng, labels);
    case 'errors': return errors(rng, labels);
    case 'steps': return steps(rng, labels);
    case 'runtime': return runtime(rng, labels);
    case 'histogram': return histogram(rng, labels);
  }
}
