/** Resolves configured scrape jobs into targets: URLs, `instance` labels and each target's schedule. Pure. */
import type { ScrapeTarget } from './scrape-normalize.js';

export interface ScrapeJob {
  job: string;
  /** URLs, or `host:port` (scraped as `http://host:port/metrics`). */
  targets: string[];
  /** Milliseconds between scrapes. */
  interval: number;
  /** Milliseconds a scrape may take. */
  timeout: number;
  labels: Record<string, string>;
  bodyLimitBytes: number;
}

export interface ScheduledTarget extends ScrapeTarget {
  intervalMs: number;
  timeoutMs: number;
  bodyLimitBytes: number;
}

/** The URL to scrape for a configured target: as given, or `http://<host:port>/metrics` when it has no scheme. */
export function targetUrl(target: string): URL {
  return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `http://${target}/metrics`);
}

/** `host:port` as Prometheus writes `instance`: the default port is filled in when the URL has none. */
export function instanceOf(url: URL): string {
  if (url.port !== '') return url.host;
  return `${url.host}:${url.protocol === 'https:' ? 443 : 80}`;
}

export function scheduledTargets(jobs: readonly ScrapeJob[]): ScheduledTarget[] {
  return jobs.flatMap((job) => job.targets.map((target) => {
    const url = targetUrl(target);
    return {
      job: job.job, url: url.toString(), instance: instanceOf(url), labels: { ...job.labels },
      intervalMs: job.interval, timeoutMs: job.timeout, bodyLimitBytes: job.bodyLimitBytes,
    };
  }));
}

/** A stable delay in [0, interval) per target, so targets with the same interval are not all scraped at once. */
export function scrapeOffset(target: ScheduledTarget): number {
  let hash = 2166136261;
  for (const char of `${target.job}/${target.url}`) hash = Math.imul(hash ^ (char.codePointAt(0) as number), 16777619);
  return (hash >>> 0) % Math.max(1, target.intervalMs);
}
