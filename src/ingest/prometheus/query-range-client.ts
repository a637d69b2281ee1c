/**
 * PromQL range queries against any Prometheus-compatible HTTP API (`/api/v1/query_range`):
 * a long range is fetched chunk by chunk, each under the points-per-series limit.
 */
import type { Sample } from '../../signals/index.js';
import type { MatrixSamples, TimeRange } from './query-range.js';
import { QueryRangeError, planChunks, samplesOfMatrix } from './query-range.js';

export interface QueryRangeClientOptions {
  /** Base URL of the API, e.g. `http://prometheus:9090` (a path prefix such as `/prometheus` is kept); `user:password@` in it is sent as Basic auth. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** Extra headers, e.g. `X-Scope-OrgID` for Mimir or Cortex. */
  headers?: Record<string, string>;
  /** Milliseconds per request. @default 60000 */
  timeoutMs?: number;
  /** Evaluation steps per request (Prometheus allows at most 11,000). @default 10000 */
  maxPointsPerRequest?: number;
  fetch?: typeof fetch;
}

export interface RangeQuery {
  /** A PromQL expression, typically a selector: `node_load1{instance="db-1:9100"}`. */
  query: string;
  range: TimeRange;
  stepMs: number;
  /** Metric name for results without `__name__`. @default the query */
  name?: string;
}

export class QueryRangeClient {
  private readonly fetcher: typeof fetch;

  /** `user:password` of the configured URL as a Basic authorization header. */
  private readonly basicAuth: string | undefined;

  constructor(private readonly options: QueryRangeClientOptions) {
    this.fetcher = options.fetch ?? fetch;
    const { username, password } = new URL(options.url);
    const credentials = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
    this.basicAuth = username === '' && password === '' ? undefined : `Basic ${Buffer.from(credentials).toString('base64')}`;
  }

  /** Every sample of the range, all chunks fetched. */
  async queryRange(request: RangeQuery): Promise<Sample[]> {
    const samples: Sample[] = [];
    for await (const chunk of this.chunks(request)) for (const sample of chunk.samples) samples.push(sample);
    return samples;
  }

  /** The range chunk by chunk, so a caller can hand each on before fetching the next. */
  async *chunks(request: RangeQuery): AsyncGenerator<MatrixSamples & { range: TimeRange }> {
    for (const range of planChunks(request.range, request.stepMs, this.options.maxPointsPerRequest)) {
      yield { range, ...(await this.fetchChunk(request, range)) };
    }
  }

  private requestUrl(request: RangeQuery, range: TimeRange): URL {
    const base = this.options.url.endsWith('/') ? this.options.url : `${this.options.url}/`;
    const url = new URL('api/v1/query_range', base);
    // fetch refuses URLs with credentials (and would put them in its error): they travel as Basic auth.
    url.username = '';
    url.password = '';
    url.searchParams.set('query', request.query);
    url.searchParams.set('start', String(range.start / 1000));
    url.searchParams.set('end', String(range.end / 1000));
    url.searchParams.set('step', String(request.stepMs / 1000));
    return url;
  }

  private async fetchChunk(request: RangeQuery, range: TimeRange): Promise<MatrixSamples> {
    const url = this.requestUrl(request, range);
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers };
    if (this.options.bearerToken !== undefined) headers.authorization = `Bearer ${this.options.bearerToken}`;
    else if (this.basicAuth !== undefined) headers.authorization = this.basicAuth;
    let response: Response;
    try {
      response = await this.fetcher(url, { headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) });
    } catch (error) {
      throw new QueryRangeError(`query_range request to ${url.origin} failed: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new QueryRangeError(`query_range answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`, response.status);
    }
    return samplesOfMatrix(body, request.name ?? request.query, response.status);
  }
}
