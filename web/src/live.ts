/**
 * Live incident changes: one EventSource for the whole app on `GET /api/v1/stream`. EventSource cannot send the
 * token, so each connection first trades it for a one-time ticket; after a drop it reconnects with a new one.
 */
import { api } from './api.js';
import type { Incident } from './api.js';

export interface LiveChange { id: string; kind: string; time: number; incident: Incident }
export type LiveState = 'connecting' | 'live' | 'offline';

const RETRY_MS = 3_000;
const changeListeners = new Set<(change: LiveChange) => void>();
const stateListeners = new Set<(state: LiveState) => void>();
let state: LiveState = 'connecting';
let source: EventSource | undefined;
let retry: number | undefined;

function setState(next: LiveState): void {
  state = next;
  for (const listener of stateListeners) listener(next);
}

async function connect(): Promise<void> {
  setState('connecting');
  try {
    const { ticket } = await api<{ ticket: string }>('/api/v1/stream/tickets', { method: 'POST', body: {} });
    source = new EventSource(`/api/v1/stream?ticket=${encodeURIComponent(ticket)}`);
    source.onopen = () => setState('live');
    source.addEventListener('incident', (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as LiveChange;
      for (const listener of changeListeners) listener(change);
    });
    source.onerror = () => {
      source?.close();
      source = undefined;
      scheduleReconnect();
    };
  } catch {
    scheduleReconnect();
  }
}

function scheduleReconnect(): void {
  setState('offline');
  window.clearTimeout(retry);
  retry = window.setTimeout(() => void connect(), RETRY_MS);
}

export const live = {
  start(): void {
    if (source === undefined && retry === undefined) void connect();
  },
  stop(): void {
    window.clearTimeout(retry);
    retry = undefined;
    source?.close();
    source = undefined;
  },
  onChange(listener: (change: LiveChange) => void): () => void {
    changeListeners.add(listener);
    return () => changeListeners.delete(listener);
  },
  onState(listener: (state: LiveState) => void): () => void {
    stateListeners.add(listener);
    listener(state);
    return () => stateListeners.delete(listener);
  },
};
