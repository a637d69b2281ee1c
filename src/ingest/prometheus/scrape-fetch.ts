/** One HTTP scrape: GET with the headers Prometheus sends, a timeout, and a cap on the body size. */
import type { Timers } from './timers.js';

export const SCRAPE_ACCEPT = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';

export interface ScrapeRequest {
  url: string;
  timeoutMs: number;
  bodyLimitBytes: number;
  headers?: Record<string, string>;
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new Error(`body is larger than the limit of ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The exposition text of a target; throws naming the HTTP status, timeout or network failure. */
export async function fetchExposition(request: ScrapeRequest, fetcher: typeof fetch, timers: Timers): Promise<string> {
  const controller = new AbortController();
  const timeout = timers.setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const response = await fetcher(request.url, {
      signal: controller.signal,
      headers: {
        accept: SCRAPE_ACCEPT, 'user-agent': 'opsight-scraper',
        'x-prometheus-scrape-timeout-seconds': String(request.timeoutMs / 1000), ...request.headers,
      },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`server returned HTTP status ${response.status} ${response.statusText}`.trim());
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.startsWith('application/vnd.google.protobuf') || contentType.startsWith('text/html')) {
      await response.body?.cancel();
      throw new Error(`target answered ${contentType.split(';')[0] ?? ''}, not the Prometheus text format (wrong URL or path?)`);
    }
    return await readLimited(response, request.bodyLimitBytes);
  } catch (error) {
    if (controller.signal.aborted) throw new Error(`scrape timed out after ${request.timeoutMs} ms`);
    throw error;
  } finally {
    timers.clearTimeout(timeout);
  }
}
