/** The incident changes the correlate stage publishes, fanned out in memory to the open streams. */
import type { IncidentChange } from '../../signals/index.js';

export type ChangeListener = (change: IncidentChange) => void;

export class IncidentFeed {
  private readonly listeners = new Set<ChangeListener>();

  /** Calls `listener` with every change from now on; returns the call that stops it. */
  listen(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: IncidentChange): void {
    for (const listener of this.listeners) listener(change);
  }

  get size(): number {
    return this.listeners.size;
  }
}
