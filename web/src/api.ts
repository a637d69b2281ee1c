/** The REST API as the UI uses it: the signed-in token on every call, and errors with the server's own message. */
import type { Alert, Anomaly, Incident, TimelineEntry } from '../../src/signals/index.js';

export type { Alert, Anomaly, Incident, TimelineEntry };
export type Role = 'viewer' | 'responder' | 'admin' | 'ingest';

export interface Page<T> { items: T[]; total: number; limit: number; offset: number }
export interface IncidentDetail extends Incident {
  alerts: Alert[];
  comments: { time: number; by: string; text: string }[];
  timeline: TimelineEntry[];
}
export interface Whoami { id: string; name: string; role: Role; openMode: boolean }
export interface TopologyNode { id: string; kind: string; name: string; health: 'unknown' | 'ok' | 'info' | 'warning' | 'error' | 'critical' }
export interface EdgeRed { requests: number; errors: number; ratePerSecond: number; errorRatio: number | null; p95Ms: number | null }
export interface TopologyEdge { from: string; to: string; kind: 'call' | 'peer' | 'static' | 'hierarchy'; red: EdgeRed | null }
export interface Topology { asOf: number | null; nodes: TopologyNode[]; edges: TopologyEdge[] }
/**
 * `examples`: the first line seen and the most recent distinct ones (at most 3 by default, each cut to 500 characters);
 * `rate`: lines per `rateBucketMs` (a minute) over the entity's last hour of logs, from `rateFrom` (null before any).
 */
export interface LogTemplate { entityId: string; id: string; template: string; count: number; examples: string[]; rate: number[]; rateFrom: number | null; rateBucketMs: number }
export interface Series {
  key: string; entityId: string; metric: string; signalClass: string; points: number; warmup: number;
  state: 'learning' | 'watching' | 'evidence-only'; alerting: boolean; lastTime: number | null; actual: number; expected: number; sigmas: number;
}
export interface SeriesPoint { time: number; actual: number | null; expected: number | null; lower: number | null; upper: number | null; anomalous: boolean }
/** A series' recent points, in the server's memory only. */
export interface SeriesPoints { key: string; entityId: string; metric: string; capacity: number; bytes: number; points: SeriesPoint[] }

const TOKEN_KEY = 'opsight.token';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY),
  save(token: string, remember: boolean): void {
    (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
  },
};

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Listeners told when the server refuses the token, so the app can ask for another. */
const unauthenticated = new Set<() => void>();
export const onUnauthenticated = (listener: () => void): (() => void) => {
  unauthenticated.add(listener);
  return () => unauthenticated.delete(listener);
};

export type Query = Record<string, string | number | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const token = init.token ?? session.token();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', `cannot reach the opsight server (${(error as Error).message})`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'BAD_RESPONSE', `the server answered ${response.status} with something that is not JSON`);
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    const failure = new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? `the server answered ${response.status}`);
    if (response.status === 401 && init.token === undefined) for (const listener of unauthenticated) listener();
    throw failure;
  }
  return body as T;
}

/** Roles that may act on incidents, silences and maintenance windows. */
export const canRespond = (role: Role): boolean => role === 'responder' || role === 'admin';
